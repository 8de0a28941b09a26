package org.kernkit.vmbus;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A packet as a reader sees it, during {@link PacketHandler#onPacket}: the descriptor fields and the payload.
 *
 * <p>A flyweight: the ring reuses one instance and the payload bytes are those of the ring itself (or, for a
 * packet that wraps around the end of the data area, a copy in a scratch buffer), so nothing here may be used
 * after the handler returns. The payload length is {@code (len8 - offset8) * 8}, padding included.
 *
 * <p>Not thread-safe: it belongs to the reading thread.
 */
public final class Packet {

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private int type;
    private int flags;
    private long transId;
    private MemorySegment buffer = MemorySegment.NULL;
    private long payloadOffset;
    private int payloadLength;

    Packet() {
    }

    void set(int type, int flags, long transId, MemorySegment buffer, long payloadOffset, int payloadLength) {
        this.type = type;
        this.flags = flags;
        this.transId = transId;
        this.buffer = buffer;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /**
     * The descriptor's {@code type} field, as the writer set it (not checked).
     *
     * @return a u16, such as {@link PacketDescriptor#TYPE_DATA_INBAND}
     */
    public int type() {
        return type;
    }

    /**
     * The descriptor's {@code flags} field, as the writer set it (not checked).
     *
     * @return a u16, such as {@link PacketDescriptor#FLAG_COMPLETION_REQUESTED}
     */
    public int flags() {
        return flags;
    }

    /**
     * The descriptor's {@code trans_id} field, as the writer set it: the ring does not interpret it.
     *
     * @return the transaction id
     */
    public long transId() {
        return transId;
    }

    /**
     * The payload's length as the descriptor states it.
     *
     * @return bytes, a multiple of 8 (the writer's padding is included)
     */
    public int payloadLength() {
        return payloadLength;
    }

    /**
     * The segment holding the payload contiguously, from {@link #payloadOffset()}: the ring itself or a scratch
     * copy, valid during the handler's call only.
     *
     * @return the segment; writing to it is not allowed
     */
    public MemorySegment buffer() {
        return buffer;
    }

    /**
     * Where the payload starts in {@link #buffer()}.
     *
     * @return a byte offset into {@link #buffer()}
     */
    public long payloadOffset() {
        return payloadOffset;
    }

    /**
     * The payload as a slice (allocates a view); valid during the handler's call only.
     *
     * @return a slice of {@link #payloadLength()} bytes of {@link #buffer()}
     */
    public MemorySegment payload() {
        return buffer.asSlice(payloadOffset, payloadLength);
    }

    /**
     * Reads a little-endian long at {@code offset} in the payload.
     *
     * @param offset bytes from the payload's start, need not be aligned
     * @return the value
     * @throws IndexOutOfBoundsException if {@code offset + 8} passes the payload
     */
    public long getLong(int offset) {
        checkRange(offset, 8);
        return buffer.get(LONG, payloadOffset + offset);
    }

    /**
     * Reads a little-endian int at {@code offset} in the payload.
     *
     * @param offset bytes from the payload's start, need not be aligned
     * @return the value
     * @throws IndexOutOfBoundsException if {@code offset + 4} passes the payload
     */
    public int getInt(int offset) {
        checkRange(offset, 4);
        return buffer.get(INT, payloadOffset + offset);
    }

    /**
     * Copies {@code length} payload bytes from {@code offset} into {@code dst} at {@code dstOffset}.
     *
     * @param offset bytes from the payload's start
     * @param dst the destination, owned by the caller
     * @param dstOffset where the copy starts in {@code dst}
     * @param length bytes to copy
     * @throws IndexOutOfBoundsException if the range passes the payload or {@code dst}
     */
    public void copyPayload(int offset, MemorySegment dst, long dstOffset, int length) {
        checkRange(offset, length);
        MemorySegment.copy(buffer, payloadOffset + offset, dst, dstOffset, length);
    }

    /**
     * Copies the whole payload into a new array, which outlives the handler's call.
     *
     * @return {@link #payloadLength()} bytes, padding included
     */
    public byte[] payloadBytes() {
        byte[] bytes = new byte[payloadLength];
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, payloadOffset, bytes, 0, payloadLength);
        return bytes;
    }

    private void checkRange(int offset, int length) {
        if (offset < 0 || length < 0 || offset > payloadLength - length) {
            throw new IndexOutOfBoundsException(
                    "range [" + offset + ", " + offset + " + " + length + ") outside payload of " + payloadLength + " bytes");
        }
    }

    @Override
    public String toString() {
        return "Packet[type=" + type + ", flags=" + flags + ", transId=" + transId + ", payloadLength=" + payloadLength + "]";
    }
}
