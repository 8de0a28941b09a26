package org.kernkit.vmbus;

/**
 * Offsets of a packet descriptor, Linux's {@code struct vmpacket_descriptor}, which starts every packet.
 *
 * <pre>
 *   offset  size  field
 *   0       2     u16 type       VM_PKT_DATA_INBAND = 6, VM_PKT_COMP = 0x0b, ...
 *   2       2     u16 offset8    where the payload starts, in 8-byte units (2 for a bare descriptor)
 *   4       2     u16 len8       whole packet length in 8-byte units: ALIGN(16 + payload, 8) / 8
 *   6       2     u16 flags      bit 0: VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED
 *   8       8     u64 trans_id   pairs a completion with its request
 *   16      ...   payload, zero-padded to a multiple of 8
 * </pre>
 *
 * <p>Little-endian. The payload length a reader sees is {@code (len8 - offset8) * 8}, padding included: VMBus
 * does not record the exact length, so protocols on top carry their own.
 */
public final class PacketDescriptor {

    /** Offset of {@code u16 type}. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of {@code u16 offset8}. */
    public static final int OFFSET8_OFFSET = 2;
    /** Offset of {@code u16 len8}. */
    public static final int LEN8_OFFSET = 4;
    /** Offset of {@code u16 flags}. */
    public static final int FLAGS_OFFSET = 6;
    /** Offset of {@code u64 trans_id}. */
    public static final int TRANS_ID_OFFSET = 8;
    /** Size of the descriptor. */
    public static final int LENGTH = 16;
    /** {@code offset8} of a packet whose payload follows the descriptor directly. */
    public static final int BARE_OFFSET8 = LENGTH / 8;

    /** {@code VM_PKT_DATA_INBAND}: payload carried in the ring. */
    public static final int TYPE_DATA_INBAND = 6;
    /** {@code VM_PKT_COMP}: a completion answering the request with the same {@code trans_id}. */
    public static final int TYPE_COMPLETION = 0x0b;
    /** {@code VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED}. */
    public static final int FLAG_COMPLETION_REQUESTED = 1;

    /** Largest packet {@code len8} (a u16) can describe, in bytes. */
    public static final int MAX_PACKET_LENGTH = 0xFFFF * 8;
    /** Largest payload a packet can carry. */
    public static final int MAX_PAYLOAD_LENGTH = MAX_PACKET_LENGTH - LENGTH;

    private PacketDescriptor() {
    }

    /**
     * The length of a packet in the ring, trailer excluded.
     *
     * @param payloadLength payload bytes, 0 to {@link #MAX_PAYLOAD_LENGTH}
     * @return bytes of descriptor, payload and padding: {@code ALIGN(16 + payloadLength, 8)}
     */
    public static int packetLength(int payloadLength) {
        return (LENGTH + payloadLength + 7) & ~7;
    }

    /**
     * The {@code len8} field a writer stores for a payload.
     *
     * @param payloadLength payload bytes, 0 to {@link #MAX_PAYLOAD_LENGTH}
     * @return {@link #packetLength} in units of 8 bytes
     */
    public static int len8Of(int payloadLength) {
        return packetLength(payloadLength) >>> 3;
    }
}
