package org.kernkit.vfat.internal;

/**
 * Layout of the FAT32 FSInfo sector.
 *
 * <pre>
 *    0   4  lead signature   0x41615252 ("RRaA")
 *    4 480  reserved (zero)
 *  484   4  struct signature 0x61417272 ("rrAa")
 *  488   4  free cluster count (hint; 0xFFFFFFFF = unknown)
 *  492   4  next free cluster (hint; 0xFFFFFFFF = unknown)
 *  496  12  reserved (zero)
 *  508   4  trail signature  0xAA550000
 * </pre>
 */
public final class FsInfoDescriptor {

    private FsInfoDescriptor() {}

    public static final int LEAD_SIGNATURE_OFFSET = 0;
    public static final int STRUCT_SIGNATURE_OFFSET = 484;
    public static final int FREE_COUNT_OFFSET = 488;
    public static final int NEXT_FREE_OFFSET = 492;
    public static final int TRAIL_SIGNATURE_OFFSET = 508;

    public static final long LEAD_SIGNATURE = 0x41615252L;
    public static final long STRUCT_SIGNATURE = 0x61417272L;
    public static final long TRAIL_SIGNATURE = 0xAA550000L;
    public static final long UNKNOWN = 0xFFFFFFFFL;

    /** Whether all three signatures are present. */
    public static boolean isValid(byte[] sector) {
        return LittleEndian.u32(sector, LEAD_SIGNATURE_OFFSET) == LEAD_SIGNATURE
                && LittleEndian.u32(sector, STRUCT_SIGNATURE_OFFSET) == STRUCT_SIGNATURE
                && LittleEndian.u32(sector, TRAIL_SIGNATURE_OFFSET) == TRAIL_SIGNATURE;
    }

    /** Fills a 512-byte sector with a valid FSInfo carrying the given hints. */
    public static void write(byte[] sector, long freeCount, long nextFree) {
        java.util.Arrays.fill(sector, 0, 512, (byte) 0);
        LittleEndian.put32(sector, LEAD_SIGNATURE_OFFSET, LEAD_SIGNATURE);
        LittleEndian.put32(sector, STRUCT_SIGNATURE_OFFSET, STRUCT_SIGNATURE);
        LittleEndian.put32(sector, FREE_COUNT_OFFSET, freeCount);
        LittleEndian.put32(sector, NEXT_FREE_OFFSET, nextFree);
        LittleEndian.put32(sector, TRAIL_SIGNATURE_OFFSET, TRAIL_SIGNATURE);
    }
}
