package org.kernkit.vfat.internal;

/**
 * Layout of a 32-byte long-name (LFN) directory entry; a long name is a run of these just before its short entry,
 * physically last-part-first.
 *
 * <pre>
 *   0  1  ordinal: 1..20, ORed with 0x40 on the physically first (logically last) part
 *   1 10  characters 1-5   (UCS-2 little endian)
 *  11  1  attributes = 0x0F
 *  12  1  type = 0
 *  13  1  checksum of the 11 short-name bytes
 *  14 12  characters 6-11
 *  26  2  first cluster = 0
 *  28  4  characters 12-13
 * </pre>
 * After the last character comes one 0x0000 terminator (if room), then 0xFFFF padding.
 */
public final class LongNameEntryDescriptor {

    private LongNameEntryDescriptor() {}

    public static final int ORDINAL_OFFSET = 0;
    public static final int ATTRIBUTES_OFFSET = 11;
    public static final int TYPE_OFFSET = 12;
    public static final int CHECKSUM_OFFSET = 13;
    public static final int FIRST_CLUSTER_OFFSET = 26;
    public static final int LAST_PART_FLAG = 0x40;
    public static final int ORDINAL_MASK = 0x1F;
    public static final int CHARS_PER_ENTRY = 13;
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_PARTS = 20;

    private static final int[] CHAR_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

    /** Byte offset, inside an LFN entry, of character {@code i} (0..12) of that part. */
    public static int charOffset(int i) {
        return CHAR_OFFSETS[i];
    }

    /** The LFN checksum of an 11-byte short name: {@code sum = ((sum & 1) << 7 | sum >> 1) + byte}, 8-bit. */
    public static int checksum(byte[] shortName, int offset) {
        int sum = 0;
        for (int i = 0; i < DirectoryEntryDescriptor.NAME_LENGTH; i++) {
            sum = (((sum & 1) << 7) | ((sum & 0xFF) >>> 1)) + (shortName[offset + i] & 0xFF);
            sum &= 0xFF;
        }
        return sum;
    }

    /** Number of LFN parts a name of {@code length} UTF-16 units needs. */
    public static int partsFor(int length) {
        return (length + CHARS_PER_ENTRY - 1) / CHARS_PER_ENTRY;
    }

    /**
     * Writes part {@code ordinal} (1-based) of {@code name} into the 32 bytes at {@code offset}.
     *
     * @param last whether this is the logically last part (gets the 0x40 flag)
     */
    public static void writePart(byte[] dir, int offset, String name, int ordinal, boolean last, int checksum) {
        java.util.Arrays.fill(dir, offset, offset + DirectoryEntryDescriptor.ENTRY_SIZE, (byte) 0);
        dir[offset + ORDINAL_OFFSET] = (byte) (ordinal | (last ? LAST_PART_FLAG : 0));
        dir[offset + ATTRIBUTES_OFFSET] = (byte) DirectoryEntryDescriptor.ATTR_LONG_NAME;
        dir[offset + TYPE_OFFSET] = 0;
        dir[offset + CHECKSUM_OFFSET] = (byte) checksum;
        LittleEndian.put16(dir, offset + FIRST_CLUSTER_OFFSET, 0);
        int base = (ordinal - 1) * CHARS_PER_ENTRY;
        for (int i = 0; i < CHARS_PER_ENTRY; i++) {
            int index = base + i;
            int unit;
            if (index < name.length()) {
                unit = name.charAt(index);
            } else if (index == name.length()) {
                unit = 0x0000;
            } else {
                unit = 0xFFFF;
            }
            LittleEndian.put16(dir, offset + CHAR_OFFSETS[i], unit);
        }
    }

    /**
     * Appends the characters of the part at {@code offset} to {@code out}, stopping at the 0x0000 terminator.
     *
     * @return whether the part was terminated (held fewer than 13 characters)
     */
    public static boolean readPart(byte[] dir, int offset, StringBuilder out) {
        for (int i = 0; i < CHARS_PER_ENTRY; i++) {
            int unit = LittleEndian.u16(dir, offset + CHAR_OFFSETS[i]);
            if (unit == 0) {
                return true;
            }
            out.append((char) unit);
        }
        return false;
    }
}
