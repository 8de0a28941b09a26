package org.kernkit.vfat.partition.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Checksum;

/**
 * Layout of a GPT header (UEFI specification, "GUID Partition Table Header"): the primary at LBA 1, the backup in
 * the last sector of the disk.
 *
 * <pre>
 *  0  8  signature "EFI PART"            40 8  first usable LBA
 *  8  4  revision 0x00010000             48 8  last usable LBA
 * 12  4  header size (92)                56 16 disk GUID
 * 16  4  header CRC32                    72 8  partition entry array LBA
 * 20  4  reserved, 0                     80 4  number of entries
 * 24  8  my LBA                          84 4  size of an entry (128 x 2^n)
 * 32  8  alternate LBA                   88 4  entry array CRC32
 * 92 ..  end of sector: reserved, 0 (not covered by the CRC)
 * </pre>
 *
 * <p>The header CRC32 is the IEEE CRC-32 of the first {@code headerSize} bytes with the CRC field taken as zero;
 * the array CRC32 covers {@code entryCount * entrySize} bytes from the array's first byte.
 */
public final class GptHeaderDescriptor {

    private GptHeaderDescriptor() {}

    /** "EFI PART" read as a little-endian 64-bit value. */
    public static final long SIGNATURE = 0x5452415020494645L;
    /** Revision 1.0. */
    public static final int REVISION_1_0 = 0x00010000;
    /** Size of the header fields, and the minimum header size. */
    public static final int HEADER_SIZE = 92;

    /** Field offset. */
    public static final int SIGNATURE_OFFSET = 0;
    /** Field offset. */
    public static final int REVISION_OFFSET = 8;
    /** Field offset. */
    public static final int HEADER_SIZE_OFFSET = 12;
    /** Field offset. */
    public static final int HEADER_CRC_OFFSET = 16;
    /** Field offset. */
    public static final int RESERVED_OFFSET = 20;
    /** Field offset. */
    public static final int MY_LBA_OFFSET = 24;
    /** Field offset. */
    public static final int ALTERNATE_LBA_OFFSET = 32;
    /** Field offset. */
    public static final int FIRST_USABLE_LBA_OFFSET = 40;
    /** Field offset. */
    public static final int LAST_USABLE_LBA_OFFSET = 48;
    /** Field offset. */
    public static final int DISK_GUID_OFFSET = 56;
    /** Field offset. */
    public static final int ENTRY_ARRAY_LBA_OFFSET = 72;
    /** Field offset. */
    public static final int ENTRY_COUNT_OFFSET = 80;
    /** Field offset. */
    public static final int ENTRY_SIZE_OFFSET = 84;
    /** Field offset. */
    public static final int ENTRY_ARRAY_CRC_OFFSET = 88;

    /** A little-endian view of {@code sector}. */
    public static ByteBuffer view(byte[] sector) {
        return ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The header CRC32 of {@code sector} over {@code headerSize} bytes, the stored CRC field counted as zero,
     * computed with {@code crc} (a fresh {@link java.util.zip.CRC32} in production; tests pass broken ones).
     *
     * @throws IllegalArgumentException if {@code headerSize} is outside 92 .. sector length
     */
    public static int headerCrc(byte[] sector, int headerSize, Checksum crc) {
        if (headerSize < HEADER_SIZE || headerSize > sector.length) {
            throw new IllegalArgumentException("header size " + headerSize + " outside " + HEADER_SIZE + ".."
                    + sector.length);
        }
        crc.update(sector, 0, HEADER_CRC_OFFSET);
        crc.update(new byte[4]);
        crc.update(sector, HEADER_CRC_OFFSET + 4, headerSize - HEADER_CRC_OFFSET - 4);
        return (int) crc.getValue();
    }
}
