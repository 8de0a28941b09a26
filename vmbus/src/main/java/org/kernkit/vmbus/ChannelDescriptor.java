package org.kernkit.vmbus;

/**
 * Layout of a channel region: a control page, then the guest-to-host ring, then the host-to-guest ring (the order
 * a Hyper-V guest lays out its GPADL: outbound ring first).
 *
 * <pre>
 *   offset              size   field
 *   0                   8      u64 magic "KKVMBUS1", stored last by format (release): the region is ready
 *   8                   4      u32 version (1)
 *   12                  4      u32 ring length: bytes of each ring, header page included
 *   64                  8      signal: host has data (u32 sequence, u32 waiters)     guest -> host ring reader
 *   128                 8      signal: guest has space                               guest -> host ring writer
 *   192                 8      signal: guest has data                                host -> guest ring reader
 *   256                 8      signal: host has space                                host -> guest ring writer
 *   320                 8      u64 guest pid     (0: none)
 *   328                 4      u32 guest state   (0 absent, 1 attached, 2 closed)
 *   384                 8      u64 host pid
 *   392                 4      u32 host state    (0 absent, 1 ready, 2 closed, 3 resetting)
 *   4096                L      ring guest -> host (hv_ring_buffer, see RingBufferDescriptor)
 *   4096 + L            L      ring host -> guest
 * </pre>
 *
 * <p>Each signal sits on its own 64-byte cache line so that a waiter and the other signals do not share one.
 * Native byte order (both ends share one machine).
 */
public final class ChannelDescriptor {

    /** "KKVMBUS1" little-endian. */
    public static final long MAGIC = 0x3153554D42564B4BL;
    /** Version of this layout. */
    public static final int VERSION = 1;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the ring length. */
    public static final int RING_LENGTH_OFFSET = 12;
    /** Signal words for the host's inbound data. */
    public static final int HOST_DATA_SIGNAL_OFFSET = 64;
    /** Signal words for the guest's outbound space. */
    public static final int GUEST_SPACE_SIGNAL_OFFSET = 128;
    /** Signal words for the guest's inbound data. */
    public static final int GUEST_DATA_SIGNAL_OFFSET = 192;
    /** Signal words for the host's outbound space. */
    public static final int HOST_SPACE_SIGNAL_OFFSET = 256;
    /** Offset of the guest's pid. */
    public static final int GUEST_PID_OFFSET = 320;
    /** Offset of the guest's state. */
    public static final int GUEST_STATE_OFFSET = 328;
    /** Offset of the host's pid. */
    public static final int HOST_PID_OFFSET = 384;
    /** Offset of the host's state. */
    public static final int HOST_STATE_OFFSET = 392;
    /** Size of the control page. */
    public static final int CONTROL_LENGTH = 4096;

    /** Side state: not attached. */
    public static final int STATE_ABSENT = 0;
    /** Side state: attached (guest) or ready for a guest (host). */
    public static final int STATE_ATTACHED = 1;
    /** Side state: closed in an orderly way. */
    public static final int STATE_CLOSED = 2;
    /** Host state: resetting the rings after a guest left. */
    public static final int STATE_RESETTING = 3;

    /** Default ring length: 2 MiB, as Linux uio_hv_generic maps by default. */
    public static final int DEFAULT_RING_LENGTH = 2 << 20;

    private ChannelDescriptor() {
    }

    /** Bytes of a region whose rings are {@code ringLength} bytes each. */
    public static long regionLength(int ringLength) {
        return CONTROL_LENGTH + 2L * ringLength;
    }

    /** Offset of the guest-to-host ring. */
    public static long guestToHostRingOffset() {
        return CONTROL_LENGTH;
    }

    /** Offset of the host-to-guest ring. */
    public static long hostToGuestRingOffset(int ringLength) {
        return CONTROL_LENGTH + (long) ringLength;
    }
}
