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
 * <p>Bad requests (unknown operation, lengths that disagree, ranges past the end) are answered with a status,
 * never executed; the image is never touched outside {@code [0, sectorCount * 512)}.
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

    /**
     * @param channel a host view
     * @param image the disk image, open for reading and writing; its size rounded down to sectors is the capacity
     * @throws IOException if the image's size cannot be read
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

    /** Capacity served, in sectors. */
    public long sectorCount() {
        return sectorCount;
    }

    /** Requests answered so far (serving thread's counter; racy elsewhere). */
    public long requestsServed() {
        return requestsServed;
    }

    /** Makes {@link #serve()} return within about 200 ms. */
    public void stop() {
        stopped = true;
    }

    /**
     * Serves requests until the guest closes or dies, or {@link #stop()}.
     *
     * @return why serving ended, for a log line
     * @throws IOException if a completion cannot be sent for 30 s, or the ring is corrupt
     * @throws InterruptedException if interrupted
     */
    public String serve() throws IOException, InterruptedException {
        try {
            while (!stopped) {
                channel.receive(handler, 64, POLL_NANOS);
            }
            return "stopped";
        } catch (PeerUnavailableException e) {
            return e.getMessage();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void handle(Packet request) {
        int status;
        int length = HEADER_LENGTH;
        long value = 0;
        int count = 0;
        if (request.payloadLength() < HEADER_LENGTH) {
            status = BlockMessageDescriptor.STATUS_BAD_REQUEST;
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
                    default -> status = BlockMessageDescriptor.STATUS_BAD_REQUEST;
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
