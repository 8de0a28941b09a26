package org.kernkit.vmbus;

/**
 * Payload layouts of the block-storage service (a storvsc-like protocol; requests are
 * {@link PacketDescriptor#TYPE_DATA_INBAND} packets with {@link PacketDescriptor#FLAG_COMPLETION_REQUESTED}, answers
 * are {@link PacketDescriptor#TYPE_COMPLETION} packets with the request's {@code trans_id}).
 *
 * <pre>
 *   request                               completion
 *   0   u32 operation (READ=1 WRITE=2     0   u32 status (OK=0 OUT_OF_RANGE=1
 *                      FLUSH=3 CAPACITY=4)                IO_ERROR=2 BAD_REQUEST=3)
 *   4   u32 sector count                  4   u32 sector count
 *   8   u64 first sector                  8   u64 capacity in sectors (CAPACITY), else 0
 *   16  data, WRITE only                  16  data, READ only
 * </pre>
 *
 * <p>Little-endian; sectors are 512 bytes. Data is carried in the ring (Hyper-V's storvsc passes guest page
 * numbers instead; a shared-memory peer has no such pages to name).
 */
public final class BlockMessageDescriptor {

    /** Offset of the operation (request) or status (completion). */
    public static final int CODE_OFFSET = 0;
    /** Offset of the sector count. */
    public static final int SECTOR_COUNT_OFFSET = 4;
    /** Offset of the first sector (request) or capacity (completion). */
    public static final int VALUE_OFFSET = 8;
    /** Size of the message header; data follows. */
    public static final int HEADER_LENGTH = 16;
    /** Sector size. */
    public static final int SECTOR_SIZE = 512;

    /** Read {@code sector count} sectors. */
    public static final int OP_READ = 1;
    /** Write {@code sector count} sectors. */
    public static final int OP_WRITE = 2;
    /** Make completed writes durable. */
    public static final int OP_FLUSH = 3;
    /** Report the capacity. */
    public static final int OP_CAPACITY = 4;

    /** Done. */
    public static final int STATUS_OK = 0;
    /** The sector range passes the end of the disk. */
    public static final int STATUS_OUT_OF_RANGE = 1;
    /** The host's storage failed. */
    public static final int STATUS_IO_ERROR = 2;
    /** Unknown operation or inconsistent lengths. */
    public static final int STATUS_BAD_REQUEST = 3;

    private BlockMessageDescriptor() {
    }

    /**
     * A readable name for an operation code, for messages.
     *
     * @param operation an operation code from a request, known or not
     * @return the constant's name without {@code OP_}, or {@code "operation N"} for an unknown code
     */
    public static String operationName(int operation) {
        return switch (operation) {
            case OP_READ -> "READ";
            case OP_WRITE -> "WRITE";
            case OP_FLUSH -> "FLUSH";
            case OP_CAPACITY -> "CAPACITY";
            default -> "operation " + operation;
        };
    }

    /**
     * A readable name for a status code, for messages.
     *
     * @param status a status code from a completion, known or not
     * @return the constant's name without {@code STATUS_}, or {@code "status N"} for an unknown code
     */
    public static String statusName(int status) {
        return switch (status) {
            case STATUS_OK -> "OK";
            case STATUS_OUT_OF_RANGE -> "OUT_OF_RANGE";
            case STATUS_IO_ERROR -> "IO_ERROR";
            case STATUS_BAD_REQUEST -> "BAD_REQUEST";
            default -> "status " + status;
        };
    }
}
