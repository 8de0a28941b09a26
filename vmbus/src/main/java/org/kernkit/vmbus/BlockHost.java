package org.kernkit.vmbus;

import static org.kernkit.vmbus.BlockMessageDescriptor.CODE_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.HEADER_LENGTH;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_COUNT_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_SIZE;
import static org.kernkit.vmbus.BlockMessageDescriptor.VALUE_OFFSET;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The host of the block-storage service: serves an image file as a disk of 512-byte sectors to the guest at the
 * other end of a {@link Channel} (what Hyper-V's storage VSP does for storvsc).
 *
 * <pre>
 *   loop: receive up to 64 requests (one read_index update)
 *         for each: READ / WRITE / FLUSH / CAPACITY on the image -> COMP packet, same trans_id, status + data
 *   until the guest closes or dies, or stop() is called
 * </pre>
 *
 * <p>Bad requests are never executed; the image is never touched outside {@code [0, sectorCount * 512)}. A range
 * past the end is answered with {@code OUT_OF_RANGE} and serving goes on. A malformed request (not an in-band
 * packet asking for a completion, shorter than the header, an unknown operation, lengths that disagree) is
 * answered with {@code BAD_REQUEST} and ends the session, as does a corrupt ring: {@link #serve()} returns one
 * line naming what was wrong, and the host can serve the next guest.
 *
 * <p>Thread-safety: {@link #serve()} runs on one thread; {@link #stop()} may be called from any thread.
 */
public final class BlockHost {

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Channel channel;
    private final FileChannel image;
    private final long sectorCount;
    private final byte[] stagingBytes;
    private final MemorySegment staging;
    private final ByteBuffer stagingBuffer;
    private final PacketHandler handler = this::handle;
    private volatile boolean stopped;
    private long requestsServed;
    private String malformed;

    /**
     * Prepares a host that serves {@code image} on {@code channel}; nothing is served until {@link #serve()} runs.
     * The caller keeps ownership of both and closes them after {@code serve} has returned.
     *
     * @param channel a host view
     * @param image the disk image, open for reading and writing; its size rounded down to sectors is the capacity
     * @throws IOException if the image's size cannot be read
     * @throws IllegalArgumentException if {@code channel} is a guest view
     */
    public BlockHost(Channel channel, FileChannel image) throws IOException {
        if (channel.role() != Channel.Role.HOST) {
            throw new IllegalArgumentException("a block host needs the host view of a channel, got " + channel.role());
        }
        this.channel = channel;
        this.image = image;
        this.sectorCount = image.size() / SECTOR_SIZE;
        this.stagingBytes = new byte[channel.maxPayloadLength()];
        this.staging = MemorySegment.ofArray(stagingBytes);
        this.stagingBuffer = ByteBuffer.wrap(stagingBytes);
    }

    /**
     * The capacity served, fixed at construction.
     *
     * @return the image's size in whole 512-byte sectors
     */
    public long sectorCount() {
        return sectorCount;
    }

    /**
     * Requests answered so far. The serving thread's plain counter: exact on that thread, and on another
     * thread once it has synchronised with the serving one (joined it, say); possibly stale before.
     *
     * @return the number of requests answered
     */
    public long requestsServed() {
        return requestsServed;
    }

    /** Makes {@link #serve()} return within about 200 ms. */
    public void stop() {
        stopped = true;
    }

    /**
     * Serves requests until the guest closes or dies, sends a malformed request or corrupts a ring, or
     * {@link #stop()}. The channel is left for the caller to end ({@link Channel#endSession()}).
     *
     * @return why serving ended, one line for a log
     * @throws IOException if the image cannot be read or written in a way no status can report
     * @throws InterruptedException if interrupted
     */
    public String serve() throws IOException, InterruptedException {
        try {
            while (!stopped) {
                channel.receive(handler, 64, POLL_NANOS);
                if (malformed != null) {
                    return "malformed request from the guest (pid " + channel.peerPid() + "): " + malformed;
                }
            }
            return "stopped";
        } catch (PeerUnavailableException e) {
            return e.getMessage();
        } catch (RingCorruptedException e) {
            return "corrupt ring from the guest (pid " + channel.peerPid() + "): " + e.getMessage();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof PeerUnavailableException p) {
                return p.getMessage();
            }
            throw e.getCause();
        }
    }

    private void handle(Packet request) {
        if (malformed != null) {
            return; // the session ends after this batch; nothing more is executed
        }
        int status;
        int length = HEADER_LENGTH;
        long value = 0;
        int count = 0;
        if (request.type() != PacketDescriptor.TYPE_DATA_INBAND
                || (request.flags() & PacketDescriptor.FLAG_COMPLETION_REQUESTED) == 0) {
            malformed = "packet of type " + request.type() + ", flags " + request.flags() + ", trans_id "
                    + request.transId() + " is not an in-band request asking for a completion";
            return;
        }
        if (request.payloadLength() < HEADER_LENGTH) {
            status = BlockMessageDescriptor.STATUS_BAD_REQUEST;
            malformed = "request trans_id " + request.transId() + " has " + request.payloadLength()
                    + " payload bytes, less than the " + HEADER_LENGTH + "-byte header";
        } else {
            int operation = request.getInt(CODE_OFFSET);
            count = request.getInt(SECTOR_COUNT_OFFSET);
            long first = request.getLong(VALUE_OFFSET);
            long bytes = (count & 0xFFFF_FFFFL) * SECTOR_SIZE;
            boolean inRange = count >= 0 && first >= 0 && first <= sectorCount - count;
            try {
                switch (operation) {
                    case BlockMessageDescriptor.OP_READ -> {
                        if (bytes > stagingBytes.length - HEADER_LENGTH) {
                            status = BlockMessageDescriptor.STATUS_BAD_REQUEST;
                            malformed = "READ trans_id " + request.transId() + " of " + Integer.toUnsignedString(count)
                                    + " sectors does not fit one completion (at most "
                                    + (stagingBytes.length - HEADER_LENGTH) / SECTOR_SIZE + ")";
                        } else if (!inRange) {
                            status = BlockMessageDescriptor.STATUS_OUT_OF_RANGE;
                        } else {
                            readImage(first * SECTOR_SIZE, (int) bytes);
                            length = HEADER_LENGTH + (int) bytes;
                            status = BlockMessageDescriptor.STATUS_OK;
                        }
                    }
                    case BlockMessageDescriptor.OP_WRITE -> {
                        if (bytes > request.payloadLength() - HEADER_LENGTH) {
                            status = BlockMessageDescriptor.STATUS_BAD_REQUEST;
                            malformed = "WRITE trans_id " + request.transId() + " of " + Integer.toUnsignedString(count)
                                    + " sectors carries only " + (request.payloadLength() - HEADER_LENGTH) + " data bytes";
                        } else if (!inRange) {
                            status = BlockMessageDescriptor.STATUS_OUT_OF_RANGE;
                        } else {
                            request.copyPayload(HEADER_LENGTH, staging, 0, (int) bytes);
                            writeImage(first * SECTOR_SIZE, (int) bytes);
                            status = BlockMessageDescriptor.STATUS_OK;
                        }
                    }
                    case BlockMessageDescriptor.OP_FLUSH -> {
                        image.force(true);
                        status = BlockMessageDescriptor.STATUS_OK;
                    }
                    case BlockMessageDescriptor.OP_CAPACITY -> {
                        value = sectorCount;
                        status = BlockMessageDescriptor.STATUS_OK;
                    }
                    default -> {
                        status = BlockMessageDescriptor.STATUS_BAD_REQUEST;
                        malformed = "request trans_id " + request.transId() + " has unknown operation " + operation;
                    }
                }
            } catch (IOException e) {
                status = BlockMessageDescriptor.STATUS_IO_ERROR;
                length = HEADER_LENGTH;
            }
        }
        staging.set(INT_LE, CODE_OFFSET, status);
        staging.set(INT_LE, SECTOR_COUNT_OFFSET, count);
        staging.set(LONG_LE, VALUE_OFFSET, value);
        try {
            channel.send(PacketDescriptor.TYPE_COMPLETION, 0, request.transId(), staging, 0, length, SEND_TIMEOUT_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while answering"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        requestsServed++;
    }

    private void readImage(long position, int bytes) throws IOException {
        ByteBuffer buffer = stagingBuffer.clear().position(HEADER_LENGTH).limit(HEADER_LENGTH + bytes);
        while (buffer.hasRemaining()) {
            int n = image.read(buffer, position + buffer.position() - HEADER_LENGTH);
            if (n < 0) {
                Arrays.fill(stagingBytes, buffer.position(), buffer.limit(), (byte) 0); // image shrank: zeros
                break;
            }
        }
    }

    private void writeImage(long position, int bytes) throws IOException {
        ByteBuffer buffer = stagingBuffer.clear().limit(bytes);
        while (buffer.hasRemaining()) {
            image.write(buffer, position + buffer.position());
        }
    }
}
