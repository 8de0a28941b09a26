package org.kernkit.vfat.partition.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * On-disk layout of a 16-byte GUID as GPT stores it: the first three fields (32, 16 and 16 bits) little-endian,
 * the last 8 bytes in textual order. {@code C12A7328-F81F-11D2-BA4B-00A0C93EC93B} is stored as
 * {@code 28 73 2A C1 1F F8 D2 11 BA 4B 00 A0 C9 3E C9 3B}.
 */
public final class GuidDescriptor {

    private GuidDescriptor() {}

    /** Bytes per GUID. */
    public static final int SIZE = 16;

    /** Reads the GUID stored at {@code offset}. */
    public static UUID get(byte[] bytes, int offset) {
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long data1 = le.getInt(offset) & 0xFFFFFFFFL;
        long data2 = le.getShort(offset + 4) & 0xFFFFL;
        long data3 = le.getShort(offset + 6) & 0xFFFFL;
        long msb = data1 << 32 | data2 << 16 | data3;
        long lsb = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).getLong(offset + 8);
        return new UUID(msb, lsb);
    }

    /** Stores {@code guid} at {@code offset}. */
    public static void put(byte[] bytes, int offset, UUID guid) {
        long msb = guid.getMostSignificantBits();
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        le.putInt(offset, (int) (msb >>> 32));
        le.putShort(offset + 4, (short) (msb >>> 16));
        le.putShort(offset + 6, (short) msb);
        ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).putLong(offset + 8, guid.getLeastSignificantBits());
    }
}
