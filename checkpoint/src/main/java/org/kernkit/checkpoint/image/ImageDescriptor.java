package org.kernkit.checkpoint.image;

/**
 * Layout of a checkpoint image: offsets, sizes, section types and limits, and small static helpers.
 *
 * <pre>
 * offset  size  field                       (all integers little-endian)
 * ------  ----  --------------------------------------------------------------
 *      0     8  HEADER_MAGIC  "KKCKPT\r\n"
 *      8     4  FORMAT_VERSION (2)
 *     12     4  flags (0; reserved, must be 0)
 *     16     .  sections, one after the other:
 *
 *               +0  u32 type      (SECTION_HEADER, SECTION_CONTAINER, ...)
 *               +4  u32 length    payload bytes, at most MAX_SECTION_PAYLOAD
 *               +8  payload       length bytes
 *        +8+length  u32 crc32c    CRC32C of payload, then type and length (header last, so a
 *                                 writer can stream the payload and patch the length at the end)
 *
 * section order: HEADER, CONTAINER, FIFO*, TERMINAL*, OUTPUT*, (TASK, SIGNALS)*, TRAILER
 * shared objects (FIFOs, terminals, outputs) come before the tasks that use them, so the
 * image reads as a stream, like linux-cr's records.
 *
 * HEADER    u64 sequence, u64 epochMillis, str job, str producer, u64 rounds,
 *           u64 runIdHigh, u64 runIdLow, u64 fingerprint    (see RunIdentity)
 * CONTAINER u32 nextTaskId, u32 tasks, u32 fifos, u32 terminals, u32 outputs, u32 externalSignalTarget
 * FIFO      str name, u32 capacity, u8 writerClosed, bytes buffered
 * TERMINAL  str name, u32 foregroundTask, u32 outputCapacity, bytes editLine, bytes input, bytes output
 * OUTPUT    str name, u64 length
 * TASK      u32 id, u32 parentId, str program, u32 stateVersion, state (the rest of the payload, the
 *           task codec's bytes)
 * SIGNALS   u32 taskId, u64 blockedMask, u32 count, count x u8 signal
 * TRAILER   u32 sectionsBefore, u64 trailerOffset, u64 TRAILER_MAGIC
 *
 * str   = u16 length + UTF-8 bytes (at most MAX_NAME_BYTES)
 * bytes = u32 length + bytes
 * </pre>
 *
 * <p>The trailer is the commit record: an image without a valid trailer at its very end is torn.
 */
public final class ImageDescriptor {

    /** {@code "KKCKPT\r\n"} read as a little-endian long; the CR LF catches text-mode transfers. */
    public static final long HEADER_MAGIC = 0x0A0D54504B434B4BL;
    /** {@code "KKTRAIL\n"} read as a little-endian long. */
    public static final long TRAILER_MAGIC = 0x0A4C494152544B4BL;
    /** The one version this code writes and reads (2 added the run identity and state versions). */
    public static final int FORMAT_VERSION = 2;

    /** Offset of the header magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the flags word. */
    public static final int FLAGS_OFFSET = 12;
    /** Size of the fixed preamble; the first section starts here. */
    public static final int PREAMBLE_LENGTH = 16;

    /** Offset of a section's type, from the section start. */
    public static final int SECTION_TYPE_OFFSET = 0;
    /** Offset of a section's payload length, from the section start. */
    public static final int SECTION_LENGTH_OFFSET = 4;
    /** Size of a section's header (type and length). */
    public static final int SECTION_HEADER_LENGTH = 8;
    /** Size of a section's CRC32C, which follows the payload. */
    public static final int SECTION_CRC_LENGTH = 4;
    /** Largest payload a section may claim: 1 GiB, far above any real task state. */
    public static final int MAX_SECTION_PAYLOAD = 1 << 30;
    /** Largest name (FIFO, terminal, output, program, job), in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** Exact payload length of the trailer section. */
    public static final int TRAILER_PAYLOAD_LENGTH = 4 + 8 + 8;

    /** Section type: image header. */
    public static final int SECTION_HEADER = 1;
    /** Section type: container configuration. */
    public static final int SECTION_CONTAINER = 2;
    /** Section type: one FIFO and its buffered bytes. */
    public static final int SECTION_FIFO = 3;
    /** Section type: one terminal and its buffers. */
    public static final int SECTION_TERMINAL = 4;
    /** Section type: one exactly-once output and its committed length. */
    public static final int SECTION_OUTPUT = 5;
    /** Section type: one task, its program and its encoded state. */
    public static final int SECTION_TASK = 6;
    /** Section type: blocked mask and pending signals of one task. */
    public static final int SECTION_SIGNALS = 7;
    /** Section type: trailer, the commit record. */
    public static final int SECTION_TRAILER = 8;

    private static final String[] SECTION_NAMES = {
        "?", "HEADER", "CONTAINER", "FIFO", "TERMINAL", "OUTPUT", "TASK", "SIGNALS", "TRAILER"
    };

    private ImageDescriptor() {}

    /**
     * The name of a section type, for messages and dumps.
     *
     * @param type a section type as read from an image
     * @return its name, or {@code "UNKNOWN(type)"}
     */
    public static String sectionName(int type) {
        return type >= SECTION_HEADER && type <= SECTION_TRAILER ? SECTION_NAMES[type] : "UNKNOWN(" + type + ")";
    }

    /**
     * Whether a section type is one this version knows.
     *
     * @param type a section type as read from an image
     * @return true for {@link #SECTION_HEADER} to {@link #SECTION_TRAILER}
     */
    public static boolean isKnownSection(int type) {
        return type >= SECTION_HEADER && type <= SECTION_TRAILER;
    }

    /**
     * Offset of a section's payload.
     *
     * @param sectionOffset file offset of the section start
     * @return file offset of its first payload byte
     */
    public static long payloadOffset(long sectionOffset) {
        return sectionOffset + SECTION_HEADER_LENGTH;
    }

    /**
     * Offset of a section's CRC.
     *
     * @param sectionOffset file offset of the section start
     * @param payloadLength its payload length
     * @return file offset of its CRC32C
     */
    public static long crcOffset(long sectionOffset, int payloadLength) {
        return sectionOffset + SECTION_HEADER_LENGTH + payloadLength;
    }

    /**
     * Total bytes a section occupies.
     *
     * @param payloadLength its payload length
     * @return header, payload and CRC
     */
    public static long sectionLength(int payloadLength) {
        return (long) SECTION_HEADER_LENGTH + payloadLength + SECTION_CRC_LENGTH;
    }
}
