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
 *   320                 8      u64 guest word: epoch | state | pid (see below)
 *   384                 8      u64 host word:  epoch | state | pid; its epoch is the session's
 *   4096                L      ring guest -> host (hv_ring_buffer, see RingBufferDescriptor)
 *   4096 + L            L      ring host -> guest
 * </pre>
 *
 * <p>A side word holds what the other side needs to judge it in one 64-bit value, so that no reader ever sees
 * a state without its pid or its session:
 *
 * <pre>
 *   bits 63..40  u24 epoch   the session; a host bumps it each time it resets the rings
 *   bits 39..32  u8  state   0 absent, 1 attached (host: ready), 2 closed, 3 resetting (host only)
 *   bits 31..0   u32 pid     of the process holding the side, 0 if none
 * </pre>
 *
 * <p>Each signal sits on its own 64-byte cache line so that a waiter and the other signals do not share one.
 * Native byte order (both ends share one machine). Ring lengths are multiples of {@value #PAGE_SIZE}, as Linux
 * requires of a ring it maps twice.
 */
public final class ChannelDescriptor {

    /** "KKVMBUS1" little-endian. */
    public static final long MAGIC = 0x3153554D42564B4BL;
    /** Version of this layout. */
    public static final int VERSION = 2;
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
    /** Offset of the guest's side word. */
    public static final int GUEST_WORD_OFFSET = 320;
    /** Offset of the host's side word. */
    public static final int HOST_WORD_OFFSET = 384;
    /** Size of the control page. */
    public static final int CONTROL_LENGTH = 4096;
    /** Ring lengths are multiples of this. */
    public static final int PAGE_SIZE = 4096;
    /** Epochs count modulo 2^24. */
    public static final int EPOCH_MASK = 0xFF_FFFF;

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

    /**
     * Packs a side word.
     *
     * @param epoch the session, taken modulo 2^24
     * @param state one of the {@code STATE_} constants (its low 8 bits are kept)
     * @param pid the side's process id (its low 32 bits are kept, as Linux pids fit)
     * @return the word: epoch in bits 40 to 63, state in bits 32 to 39, pid in bits 0 to 31
     */
    public static long sideWord(int epoch, int state, long pid) {
        return ((long) (epoch & EPOCH_MASK) << 40) | ((long) (state & 0xFF) << 32) | (pid & 0xFFFF_FFFFL);
    }

    /**
     * Unpacks the epoch of a side word.
     *
     * @param word a side word, as {@link #sideWord} packs it
     * @return the epoch, 0 to 2^24 - 1
     */
    public static int epochOf(long word) {
        return (int) (word >>> 40) & EPOCH_MASK;
    }

    /**
     * Unpacks the state of a side word.
     *
     * @param word a side word, as {@link #sideWord} packs it
     * @return the state, 0 to 255: a {@code STATE_} constant unless the word is corrupt
     */
    public static int stateOf(long word) {
        return (int) (word >>> 32) & 0xFF;
    }

    /**
     * Unpacks the process id of a side word.
     *
     * @param word a side word, as {@link #sideWord} packs it
     * @return the pid, 0 to 2^32 - 1; 0 for a side that never attached
     */
    public static long pidOf(long word) {
        return word & 0xFFFF_FFFFL;
    }

    /**
     * The next session's epoch.
     *
     * @param epoch the current epoch
     * @return {@code epoch + 1} modulo 2^24
     */
    public static int nextEpoch(int epoch) {
        return (epoch + 1) & EPOCH_MASK;
    }

    /**
     * A name for a side state, for messages.
     *
     * @param state a state from a side word, known or not
     * @return the state's lower-case name, or {@code "state N"} for an unknown state
     */
    public static String stateName(int state) {
        return switch (state) {
            case STATE_ABSENT -> "absent";
            case STATE_ATTACHED -> "attached";
            case STATE_CLOSED -> "closed";
            case STATE_RESETTING -> "resetting";
            default -> "state " + state;
        };
    }

    /**
     * Checks that {@code ringLength} can be the length of each ring of a channel.
     *
     * @param ringLength the proposed length of each ring in bytes, header page included
     * @throws IllegalArgumentException if it is not a multiple of {@value #PAGE_SIZE} of at least two pages, or
     *     its data area passes 2^30 bytes
     */
    public static void checkRingLength(int ringLength) {
        if (ringLength < 2 * PAGE_SIZE || ringLength % PAGE_SIZE != 0 || ringLength - PAGE_SIZE > (1 << 30)) {
            throw new IllegalArgumentException("ring length " + ringLength + " bytes: a channel ring is a multiple of "
                    + PAGE_SIZE + " bytes (the header page plus at least one data page, data at most 2^30 bytes), "
                    + "as Linux requires of a ring it maps twice");
        }
    }

    /**
     * The size of a channel region.
     *
     * @param ringLength the length of each ring in bytes, as {@link #checkRingLength} accepts it
     * @return the control page plus both rings, in bytes
     */
    public static long regionLength(int ringLength) {
        return CONTROL_LENGTH + 2L * ringLength;
    }

    /**
     * Where the guest-to-host ring starts in a region.
     *
     * @return the byte offset, right after the control page
     */
    public static long guestToHostRingOffset() {
        return CONTROL_LENGTH;
    }

    /**
     * Where the host-to-guest ring starts in a region.
     *
     * @param ringLength the length of each ring in bytes
     * @return the byte offset, right after the guest-to-host ring
     */
    public static long hostToGuestRingOffset(int ringLength) {
        return CONTROL_LENGTH + (long) ringLength;
    }
}
