package org.kernkit.vmbus;

import static org.kernkit.vmbus.BlockMessageDescriptor.CODE_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.HEADER_LENGTH;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_COUNT_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_SIZE;
import static org.kernkit.vmbus.BlockMessageDescriptor.VALUE_OFFSET;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.kernkit.block.BlockDevice;

/**
 * The guest's disk: a {@link BlockDevice} whose sectors live on a {@link BlockHost} at the other end of a
 * {@link Channel} (the role Linux's storvsc plays for a Hyper-V guest).
 *
 * <pre>
 *   read(first, 300 KiB)  -&gt;  READ first..+128 | READ +128..+256 | ... (chunks in flight together)
 *                         &lt;-  COMP data       | COMP data       | ...  copied into dst at each chunk's place
 * </pre>
 *
 * <p>Large transfers are split into requests of at most {@link #maxSectorsPerRequest()} sectors, several in
 * flight at once; the bytes of completions in flight never exceed half the inbound ring, so the host never waits
 * for room while the guest waits for completions.
 *
 * <p>Not thread-safe (as {@link BlockDevice} allows): one thread at a time. Closing closes the channel view.
 */
public final class ChannelBlockDevice implements BlockDevice {

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_SECTORS_PER_REQUEST = 128;

    private final Channel channel;
    private final RequestClient client;
    private final int maxSectorsPerRequest;
    private final long completionBudget;
    private final MemorySegment staging;
    private final long sectorCount;
    private long completionBytesInFlight;
    private IOException firstFailure;

    /**
     * Opens the device on a guest channel view and asks the host for its capacity.
     *
     * @param channel a guest view, used by this device alone from now on (it sends and receives on it)
     * @param timeoutNanos how long any single wait for the host may last
     * @throws PeerUnavailableException if the host does not answer
     * @throws IOException if the host reports an error
     * @throws IllegalArgumentException if {@code channel} is a host view, or its rings cannot carry one sector per
     *     request
     */
    public ChannelBlockDevice(Channel channel, long timeoutNanos) throws IOException {
        if (channel.role() != Channel.Role.GUEST) {
            throw new IllegalArgumentException("a block device needs the guest view of a channel, got " + channel.role());
        }
        this.channel = channel;
        this.client = new RequestClient(channel, timeoutNanos);
        int inboundData = channel.inbound().dataLength();
        int byRing = Math.min(channel.maxPayloadLength(), inboundData / 4) - HEADER_LENGTH;
        this.maxSectorsPerRequest = Math.max(1, Math.min(MAX_SECTORS_PER_REQUEST, byRing / SECTOR_SIZE));
        if (byRing < SECTOR_SIZE) {
            throw new IllegalArgumentException("rings of " + inboundData + " data bytes are too small for one sector per request");
        }
        this.completionBudget = inboundData / 2;
        this.staging = MemorySegment.ofArray(new byte[HEADER_LENGTH + maxSectorsPerRequest * SECTOR_SIZE]);
        long[] capacity = {-1};
        request(BlockMessageDescriptor.OP_CAPACITY, 0, 0, HEADER_LENGTH, completion -> {
            capacity[0] = completion.getLong(VALUE_OFFSET);
        });
        finish("capacity");
        this.sectorCount = capacity[0];
    }

    /**
     * The most sectors one request carries, fixed at construction.
     *
     * @return at least 1, bounded by the ring size and 64 KiB
     */
    public int maxSectorsPerRequest() {
        return maxSectorsPerRequest;
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) throws IOException {
        long sectors = checkRange(firstSector, dst.remaining(), "read");
        final ByteBuffer target = dst.duplicate();
        final int base = dst.position();
        for (long done = 0; done < sectors; ) {
            int count = (int) Math.min(maxSectorsPerRequest, sectors - done);
            final int at = base + (int) done * SECTOR_SIZE;
            final int bytes = count * SECTOR_SIZE;
            request(BlockMessageDescriptor.OP_READ, firstSector + done, count, HEADER_LENGTH, completion -> {
                if (completion.payloadLength() < HEADER_LENGTH + bytes) {
                    fail(new IOException("host answered a read of " + bytes + " bytes with "
                            + (completion.payloadLength() - HEADER_LENGTH)));
                    return;
                }
                MemorySegment.copy(completion.buffer(), completion.payloadOffset() + HEADER_LENGTH,
                        MemorySegment.ofBuffer(target.clear().limit(at + bytes).position(at)), 0, bytes);
            });
            done += count;
        }
        finish("read of " + sectors + " sectors at " + firstSector);
        dst.position(dst.limit());
    }

    @Override
    public void write(long firstSector, ByteBuffer src) throws IOException {
        long sectors = checkRange(firstSector, src.remaining(), "write");
        final int base = src.position();
        for (long done = 0; done < sectors; ) {
            int count = (int) Math.min(maxSectorsPerRequest, sectors - done);
            int bytes = count * SECTOR_SIZE;
            MemorySegment.copy(MemorySegment.ofBuffer(src.duplicate().position(base + (int) done * SECTOR_SIZE)
                    .limit(base + (int) done * SECTOR_SIZE + bytes)), 0, staging, HEADER_LENGTH, bytes);
            request(BlockMessageDescriptor.OP_WRITE, firstSector + done, count, HEADER_LENGTH + bytes, c -> { });
            done += count;
        }
        finish("write of " + sectors + " sectors at " + firstSector);
        src.position(src.limit());
    }

    @Override
    public void flush() throws IOException {
        request(BlockMessageDescriptor.OP_FLUSH, 0, 0, HEADER_LENGTH, c -> { });
        finish("flush");
    }

    /** Closes the guest view of the channel; the host sees the guest leave. */
    @Override
    public void close() {
        channel.close();
    }

    private long checkRange(long firstSector, int bytes, String what) throws EOFException {
        if (bytes % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException(what + " of " + bytes + " bytes is not a multiple of " + SECTOR_SIZE);
        }
        long sectors = bytes / SECTOR_SIZE;
        if (firstSector < 0 || firstSector > sectorCount - sectors) {
            throw new EOFException(what + " of sectors [" + firstSector + ", " + (firstSector + sectors)
                    + ") passes the end of the device of " + sectorCount + " sectors");
        }
        return sectors;
    }

    private void request(int operation, long firstSector, int count, int length,
                         RequestClient.CompletionHandler onOk) throws IOException {
        final int completionBytes = RingBufferDescriptor.ringBytesOf(
                HEADER_LENGTH + (operation == BlockMessageDescriptor.OP_READ ? count * SECTOR_SIZE : 0));
        try {
            // Keep the completions in flight within half the inbound ring (see class comment).
            while (completionBytesInFlight + completionBytes > completionBudget && client.inFlight() > 0) {
                client.awaitUntilInFlightAtMost(client.inFlight() - 1);
            }
            staging.set(INT_LE, CODE_OFFSET, operation);
            staging.set(INT_LE, SECTOR_COUNT_OFFSET, count);
            staging.set(LONG_LE, VALUE_OFFSET, firstSector);
            client.submit(staging, 0, length, completion -> {
                completionBytesInFlight -= completionBytes;
                int status = status(completion);
                if (status != BlockMessageDescriptor.STATUS_OK) {
                    String message = "host answered " + BlockMessageDescriptor.statusName(status) + " to "
                            + BlockMessageDescriptor.operationName(operation) + " of " + count + " sectors at " + firstSector;
                    fail(status == BlockMessageDescriptor.STATUS_OUT_OF_RANGE ? new EOFException(message) : new IOException(message));
                } else {
                    onOk.onCompletion(completion);
                }
            });
            completionBytesInFlight += completionBytes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the host");
        }
    }

    private void finish(String what) throws IOException {
        try {
            client.awaitAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + what);
        }
        if (firstFailure != null) {
            IOException e = firstFailure;
            firstFailure = null;
            throw e;
        }
    }

    private void fail(IOException e) {
        if (firstFailure == null) {
            firstFailure = e;
        }
    }

    private static int status(Packet completion) {
        return completion.payloadLength() < HEADER_LENGTH ? BlockMessageDescriptor.STATUS_BAD_REQUEST
                : completion.getInt(CODE_OFFSET);
    }
}
