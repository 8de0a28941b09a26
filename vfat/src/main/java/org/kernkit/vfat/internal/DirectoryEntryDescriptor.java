package org.kernkit.vfat.internal;

/**
 * Layout of a 32-byte short (8.3) directory entry.
 *
 * <pre>
 *   0 11  name: 8 base + 3 extension, space padded; [0]=0xE5 free, 0x00 free and last, 0x05 = real 0xE5
 *  11  1  attributes: 01 read-only 02 hidden 04 system 08 volume label 10 directory 20 archive (0F = LFN)
 *  12  1  NTRes: 08 base lower case, 10 extension lower case, 20 (patent-safe) "no valid 8.3 name"
 *  13  1  creation time, 10 ms units (0..199)
 *  14  2  creation time  (hour<<11 | minute<<5 | second/2)
 *  16  2  creation date  ((year-1980)<<9 | month<<5 | day)
 *  18  2  last access date
 *  20  2  first cluster, high 16 bits (FAT32)
 *  22  2  last write time
 *  24  2  last write date
 *  26  2  first cluster, low 16 bits
 *  28  4  file size in bytes (0 for directories)
 * </pre>
 */
public final class DirectoryEntryDescriptor {

    private DirectoryEntryDescriptor() {}

    public static final int ENTRY_SIZE = 32;
    public static final int NAME_OFFSET = 0;
    public static final int NAME_LENGTH = 11;
    public static final int ATTRIBUTES_OFFSET = 11;
    public static final int NT_RESERVED_OFFSET = 12;
    public static final int CREATION_TENTHS_OFFSET = 13;
    public static final int CREATION_TIME_OFFSET = 14;
    public static final int CREATION_DATE_OFFSET = 16;
    public static final int ACCESS_DATE_OFFSET = 18;
    public static final int FIRST_CLUSTER_HIGH_OFFSET = 20;
    public static final int WRITE_TIME_OFFSET = 22;
    public static final int WRITE_DATE_OFFSET = 24;
    public static final int FIRST_CLUSTER_LOW_OFFSET = 26;
    public static final int FILE_SIZE_OFFSET = 28;

    public static final int ATTR_READ_ONLY = 0x01;
    public static final int ATTR_HIDDEN = 0x02;
    public static final int ATTR_SYSTEM = 0x04;
    public static final int ATTR_VOLUME_ID = 0x08;
    public static final int ATTR_DIRECTORY = 0x10;
    public static final int ATTR_ARCHIVE = 0x20;
    public static final int ATTR_LONG_NAME = 0x0F;
    public static final int ATTR_LONG_NAME_MASK = 0x3F;

    public static final int NT_LOWER_BASE = 0x08;
    public static final int NT_LOWER_EXTENSION = 0x10;
    public static final int NT_NO_SHORT_NAME = 0x20;

    public static final int FREE_MARKER = 0xE5;
    public static final int END_MARKER = 0x00;
    public static final int KANJI_E5_MARKER = 0x05;

    /** Byte offset of slot {@code index} in a directory buffer. */
    public static int entryOffset(int index) {
        return index * ENTRY_SIZE;
    }

    /** The first cluster of the entry at {@code offset}; the high half counts only on FAT32. */
    public static long firstCluster(byte[] dir, int offset, boolean fat32) {
        long low = LittleEndian.u16(dir, offset + FIRST_CLUSTER_LOW_OFFSET);
        return fat32 ? low | (long) LittleEndian.u16(dir, offset + FIRST_CLUSTER_HIGH_OFFSET) << 16 : low;
    }

    /** Stores {@code cluster} in both halves (the high half is zero below FAT32 anyway). */
    public static void putFirstCluster(byte[] dir, int offset, long cluster) {
        LittleEndian.put16(dir, offset + FIRST_CLUSTER_LOW_OFFSET, (int) cluster);
        LittleEndian.put16(dir, offset + FIRST_CLUSTER_HIGH_OFFSET, (int) (cluster >>> 16));
    }

    /** The file size of the entry at {@code offset}. */
    public static long fileSize(byte[] dir, int offset) {
        return LittleEndian.u32(dir, offset + FILE_SIZE_OFFSET);
    }

    /** Whether the entry at {@code offset} is a long-name part (attribute 0x0F under mask 0x3F). */
    public static boolean isLongNamePart(byte[] dir, int offset) {
        return (dir[offset + ATTRIBUTES_OFFSET] & ATTR_LONG_NAME_MASK) == ATTR_LONG_NAME;
    }
}
