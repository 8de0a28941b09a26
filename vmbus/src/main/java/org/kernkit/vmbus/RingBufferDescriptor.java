package org.kernkit.vmbus;

/**
 * Offsets and sizes of the ring header, Linux's {@code struct hv_ring_buffer} (include/linux/hyperv.h).
 *
 * <pre>
 *   offset  size  field
 *   0       4     u32 write_index      byte offset into the data area of the next byte the writer fills
 *   4       4     u32 read_index       byte offset into the data area of the next byte the reader takes
 *   8       4     u32 interrupt_mask   set by the reader: "do not signal me"
 *   12      4     u32 pending_send_sz  set by a blocked writer: "signal me when this many bytes are free"
 *   16      48    u32 reserved1[12]
 *   64      4     u32 feature_bits     bit 0: feat_pending_send_sz
 *   68      4028  reserved
 *   4096    ...   data area: packets (see {@link PacketDescriptor}), each followed by an 8-byte trailer,
 *                 wrapping around the end of the data area byte by byte
 * </pre>
 *
 * <p>All fields are little-endian. {@code write_index == read_index} always means empty, so a writer never fills
 * the last byte: a ring of data size {@code n} holds at most {@code n - 8} bytes of packets and trailers.
 */
public final class RingBufferDescriptor {

    /** Offset of {@code u32 write_index}. */
    public static final int WRITE_INDEX_OFFSET = 0;
    /** Offset of {@code u32 read_index}. */
    public static final int READ_INDEX_OFFSET = 4;
    /** Offset of {@code u32 interrupt_mask}. */
    public static final int INTERRUPT_MASK_OFFSET = 8;
    /** Offset of {@code u32 pending_send_sz}. */
    public static final int PENDING_SEND_SIZE_OFFSET = 12;
    /** Offset of {@code u32 feature_bits}. */
    public static final int FEATURE_BITS_OFFSET = 64;
    /** Bit of {@code feature_bits} saying the writer uses {@code pending_send_sz}. */
    public static final int FEATURE_PENDING_SEND_SIZE = 1;
    /** Size of the header: one 4 KiB page; the data area starts here. */
    public static final int HEADER_LENGTH = 4096;
    /** Offset of the data area from the start of the ring. */
    public static final int DATA_OFFSET = HEADER_LENGTH;
    /** Size of the trailer after each packet: {@code (u64) old_write_index << 32}. */
    public static final int TRAILER_LENGTH = 8;
    /** Packets, trailers and indexes are multiples of this. */
    public static final int ALIGNMENT = 8;
    /** Smallest data area accepted: room for one packet with an 8-byte payload, its trailer, and the gap. */
    public static final int MIN_DATA_LENGTH = 64;

    private RingBufferDescriptor() {
    }

    /**
     * The bytes a packet occupies in the data area.
     *
     * @param payloadLength payload bytes, 0 to {@link PacketDescriptor#MAX_PAYLOAD_LENGTH}
     * @return descriptor, payload, padding and the 8-byte trailer, in bytes
     */
    public static int ringBytesOf(int payloadLength) {
        return PacketDescriptor.packetLength(payloadLength) + TRAILER_LENGTH;
    }

    /**
     * Bytes readable between {@code readIndex} and {@code writeIndex} in a data area of {@code dataLength} bytes.
     * Does not validate its arguments: callers check the indexes first.
     *
     * @param readIndex the reader's index, 0 to {@code dataLength - 1}
     * @param writeIndex the writer's index, 0 to {@code dataLength - 1}
     * @param dataLength the data area's size
     * @return 0 (empty, equal indexes) to {@code dataLength - 1}
     */
    public static int bytesToRead(int readIndex, int writeIndex, int dataLength) {
        return writeIndex >= readIndex ? writeIndex - readIndex : dataLength - readIndex + writeIndex;
    }

    /**
     * Bytes writable; a writer needs strictly more than its packet, so that full never looks like empty.
     * Does not validate its arguments: callers check the indexes first.
     *
     * @param readIndex the reader's index, 0 to {@code dataLength - 1}
     * @param writeIndex the writer's index, 0 to {@code dataLength - 1}
     * @param dataLength the data area's size
     * @return 1 to {@code dataLength}
     */
    public static int bytesToWrite(int readIndex, int writeIndex, int dataLength) {
        return dataLength - bytesToRead(readIndex, writeIndex, dataLength);
    }

    /**
     * The trailer a writer stores after a packet, as Linux does: the packet's start in the upper 32 bits.
     *
     * @param oldWriteIndex where the packet starts in the data area
     * @return the trailer's 64-bit value
     */
    public static long trailerOf(int oldWriteIndex) {
        return (oldWriteIndex & 0xFFFF_FFFFL) << 32;
    }
}
