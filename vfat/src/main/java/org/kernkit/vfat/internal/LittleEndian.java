package org.kernkit.vfat.internal;

/** Little-endian reads and writes of unsigned fields in a byte array: every FAT field is little-endian. */
public final class LittleEndian {

    private LittleEndian() {}

    /** The unsigned byte at {@code offset}. */
    public static int u8(byte[] b, int offset) {
        return b[offset] & 0xFF;
    }

    /** The unsigned 16-bit value at {@code offset}. */
    public static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    /** The unsigned 32-bit value at {@code offset}, as a long. */
    public static long u32(byte[] b, int offset) {
        return (b[offset] & 0xFFL) | (b[offset + 1] & 0xFFL) << 8 | (b[offset + 2] & 0xFFL) << 16
                | (b[offset + 3] & 0xFFL) << 24;
    }

    /** Stores the low 8 bits of {@code value} at {@code offset}. */
    public static void put8(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
    }

    /** Stores the low 16 bits of {@code value} at {@code offset}. */
    public static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
    }

    /** Stores the low 32 bits of {@code value} at {@code offset}. */
    public static void put32(byte[] b, int offset, long value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
        b[offset + 2] = (byte) (value >>> 16);
        b[offset + 3] = (byte) (value >>> 24);
    }
}
