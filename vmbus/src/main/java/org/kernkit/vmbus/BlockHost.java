package org.kernkit.vmbus;

import static org.kernkit.vmbus.BlockMessageDescriptor.CODE_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.HEADER_LENGTH;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_COUNT_OFFSET;
import static org.kernkit.vmbus.BlockMessageDescriptor.SECTOR_SIZE;
import static org.kernkit.vmbus.BlockMessageDescriptor.VALUE_OFFSET;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.kernkit.block.BlockDevice;

/**
 * The host of the block-storage service: serves any {@link BlockDevice} (an image file through
 * {@link org.kernkit.block.FileBlockDevice}, say) to the guest at the other end of a {@link Channel}, what Hyper-V's
 * storage VSP does for storvsc, which sits on the block layer as this service does.
 *
 * <pre>
 *   loop: receive up to 64 requests (one read_index update)
 *         for each: READ / WRITE / FLUSH / CAPACITY on the device -> COMP packet, same trans_id, status + data
 *   until the guest closes or dies, or stop() is called
 * </pre>
 *
 * <p>Bad requests are never executed; the device is never asked for a sector outside {@code [0, sectorCount)}. A
 * range past the end is answered with {@code OUT_OF_RANGE} and serving goes on, as is a range the device itself
 * refuses with an {@link EOFException}. A device that fails (any other exception from a read, write or flush)
 * fails only that request: it is answered with {@code IO_ERROR}, counted in {@link #deviceErrors()}, and serving
 * goes on. A malformed request (not an in-band
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
    private final BlockDevice device;
    private final long sectorCount;
    private final byte[] stagingBytes;
    private final MemorySegment staging;
    private final ByteBuffer stagingBuffer;
    private final PacketHandler handler = this::handle;
    private volatile boolean stopped;
    private long requestsServed;
    private long deviceErrors;
    private String lastDeviceError;
    private String malformed;

    /**
     * Prepares a host that serves {@code device} on {@code channel}; nothing is served until {@link #serve()} runs.
     * The caller keeps ownership of both and closes them after {@code serve} has returned; the host calls the
     * device from the serving thread only.
     *
     * @param channel a host view
     * @param device the disk to serve, writable unless every WRITE is to fail with {@code IO_ERROR}; its
     *     {@link BlockDevice#sectorCount()}, read once here, is the capacity
     * @throws IOException if the device cannot report its size
     * @throws IllegalArgumentException if {@code channel} is a guest view
     */
    public BlockHost(Channel channel, BlockDevice device) throws IOException {
        if (channel.role() != Channel.Role.HOST) {
            throw new IllegalArgumentException("a block host needs the host view of a channel, got " + channel.role());
        }
        this.channel = channel;
        this.device = device;
        this.sectorCount = device.sectorCount();
        this.stagingBytes = new byte[channel.maxPayloadLength()];
        this.staging = MemorySegment.ofArray(stagingBytes);
        this.stagingBuffer = ByteBuffer.wrap(stagingBytes);
    }

    /**
     * The capacity served, fixed at construction.
     *
     * @return the device's sector count
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

    /**
     * Requests the device failed (answered with {@code IO_ERROR}); read like {@link #requestsServed()}.
     *
     * @return the number of device failures so far
     */
    public long deviceErrors() {
        return deviceErrors;
    }

    /** Makes {@link #serve()} return within about 200 ms. */
    public void stop() {
        stopped = true;
    }

    /**
     * Serves requests until the guest closes or dies, sends a malformed request or corrupts a ring, or
     * {@link #stop()}. The channel is left for the caller to end ({@link Channel#endSession()}).
     *
     * @return why serving ended, one line for a log, naming the last device failure if there was one
     * @throws IOException if a completion cannot be sent for a reason other than the guest's absence
     * @throws InterruptedException if interrupted
     */
    public String serve() throws IOException, InterruptedException {
        try {
            while (!stopped) {
                channel.receive(handler, 64, POLL_NANOS);
                if (malformed != null) {
                    return withDeviceErrors("malformed request from the guest (pid " + channel.peerPid() + "): "
                            + malformed);
                }
            }
            return withDeviceErrors("stopped");
        } catch (PeerUnavailableException e) {
            return withDeviceErrors(e.getMessage());
        } catch (RingCorruptedException e) {
            return withDeviceErrors("corrupt ring from the guest (pid " + channel.peerPid() + "): " + e.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof PeerUnavailableException p) {
                return withDeviceErrors(p.getMessage());
            }
            throw e.getCause();
        }
    }

    private String withDeviceErrors(String why) {
        return deviceErrors == 0 ? why
                : why + "; " + deviceErrors + " request(s) failed on the device, the last: " + lastDeviceError;
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
                            device.read(first, stagingBuffer.clear().position(HEADER_LENGTH)
                                    .limit(HEADER_LENGTH + (int) bytes));
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
                            // Copied out first: the guest may rewrite the ring while the device writes.
                            request.copyPayload(HEADER_LENGTH, staging, 0, (int) bytes);
                            device.write(first, stagingBuffer.clear().limit((int) bytes));
                            status = BlockMessageDescriptor.STATUS_OK;
                        }
                    }
                    case BlockMessageDescriptor.OP_FLUSH -> {
                        device.flush();
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
            } catch (EOFException e) {
                // The device refused a range this host took for in range (it shrank, or counts differently).
                status = BlockMessageDescriptor.STATUS_OUT_OF_RANGE;
                length = HEADER_LENGTH;
            } catch (IOException | RuntimeException e) {
                // Whatever the device throws fails this request only: the guest gets a status, the host serves on.
                status = BlockMessageDescriptor.STATUS_IO_ERROR;
                length = HEADER_LENGTH;
                deviceErrors++;
                lastDeviceError = BlockMessageDescriptor.operationName(operation) + " of " + Integer.toUnsignedString(count)
                        + " sector(s) at " + first + ": " + e;
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
}
