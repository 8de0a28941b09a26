package org.kernkit.vfat.partition.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of a master boot record (sector 0): boot code, disk signature, four 16-byte partition entries and the
 * 0x55AA signature.
 *
 * <pre>
 *   0 .. 439   boot code (kept as found when a table is written)
 * 440 .. 443   disk signature (NT "disk identifier"), little-endian
 * 444 .. 445   0 (copy-protect marker, unused)
 * 446 .. 509   4 entries of 16 bytes:
 *                +0 status (0x80 active, 0x00 inactive)   +1 first CHS (3 bytes)
 *                +4 type code                              +5 last CHS (3 bytes)
 *                +8 first LBA (u32)                        +12 sector count (u32)
 * 510 .. 511   0x55 0xAA
 * </pre>
 *
 * <p>Static helpers only; every multi-byte value is little-endian.
 */
public final class MbrDescriptor {

    private MbrDescriptor() {}

    /** Size of the record: one 512-byte sector. */
    public static final int SIZE = 512;
    /** Bytes 0 .. this offset (exclusive) are boot code. */
    public static final int BOOT_CODE_LENGTH = 440;
    /** Offset of the 32-bit disk signature. */
    public static final int DISK_SIGNATURE_OFFSET = 440;
    /** Offset of the first partition entry. */
    public static final int ENTRIES_OFFSET = 446;
    /** Number of primary entries. */
    public static final int ENTRY_COUNT = 4;
    /** Size of one entry. */
    public static final int ENTRY_SIZE = 16;
    /** Offset of the 0x55AA signature. */
    public static final int SIGNATURE_OFFSET = 510;
    /** The signature as a little-endian 16-bit value (bytes 0x55, 0xAA). */
    public static final int SIGNATURE = 0xAA55;

    /** Entry field: status byte. */
    public static final int STATUS = 0;
    /** Entry field: CHS address of the first sector. */
    public static final int FIRST_CHS = 1;
    /** Entry field: type code. */
    public static final int TYPE = 4;
    /** Entry field: CHS address of the last sector. */
    public static final int LAST_CHS = 5;
    /** Entry field: first LBA. */
    public static final int FIRST_LBA = 8;
    /** Entry field: number of sectors. */
    public static final int SECTOR_COUNT = 12;

    /** Status byte of an active (bootable) entry. */
    public static final int STATUS_ACTIVE = 0x80;

    /** Heads per cylinder of the geometry CHS values are computed with (what fdisk assumes for images). */
    public static final int HEADS = 255;
    /** Sectors per track of that geometry. */
    public static final int SECTORS_PER_TRACK = 63;

    /** Offset in the sector of field {@code field} of entry {@code index} (0-based). */
    public static int entryOffset(int index, int field) {
        return ENTRIES_OFFSET + index * ENTRY_SIZE + field;
    }

    /** A little-endian view of {@code sector}. */
    public static ByteBuffer view(byte[] sector) {
        return ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Whether {@code sector} ends in the 0x55AA signature. */
    public static boolean hasSignature(byte[] sector) {
        return signature(sector) == SIGNATURE;
    }

    /** The 16-bit value at the signature offset. */
    public static int signature(byte[] sector) {
        return view(sector).getShort(SIGNATURE_OFFSET) & 0xFFFF;
    }

    /**
     * The 3-byte CHS encoding of {@code lba} with {@link #HEADS}/{@link #SECTORS_PER_TRACK}: head, then sector
     * (bits 0-5) with cylinder bits 8-9 in bits 6-7, then cylinder bits 0-7. Addresses past cylinder 1023 give the
     * conventional 1023/254/63 (0xFE 0xFF 0xFF).
     */
    public static void putChs(byte[] sector, int offset, long lba) {
        long cylinder = lba / (HEADS * SECTORS_PER_TRACK);
        int head;
        int sectorInTrack;
        if (cylinder > 1023) {
            cylinder = 1023;
            head = 254;
            sectorInTrack = 63;
        } else {
            head = (int) (lba / SECTORS_PER_TRACK % HEADS);
            sectorInTrack = (int) (lba % SECTORS_PER_TRACK) + 1;
        }
        sector[offset] = (byte) head;
        sector[offset + 1] = (byte) (sectorInTrack | (cylinder >> 8 & 0x3) << 6);
        sector[offset + 2] = (byte) cylinder;
    }
}
