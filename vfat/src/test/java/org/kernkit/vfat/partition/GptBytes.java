package org.kernkit.vfat.partition;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Test access to a GPT's raw bytes, written from the specification's field offsets here rather than through the
 * production descriptors, so that a wrong offset there cannot hide itself: read a field, change one, and reseal
 * (recompute the array and header CRC32s) to build damaged tables that still pass their checksums.
 */
final class GptBytes {

    private GptBytes() {}

    static final int SIGNATURE = 0, REVISION = 8, HEADER_SIZE = 12, HEADER_CRC = 16, MY_LBA = 24, ALTERNATE_LBA = 32,
            FIRST_USABLE = 40, LAST_USABLE = 48, DISK_GUID = 56, ENTRY_LBA = 72, ENTRY_COUNT = 80, ENTRY_SIZE = 84,
            ARRAY_CRC = 88;
    static final int ENTRY_FIRST_LBA = 32, ENTRY_LAST_LBA = 40;

    static ByteBuffer le(MemoryDisk disk) {
        return ByteBuffer.wrap(disk.bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int header(long lba) {
        return (int) (lba * 512);
    }

    static long getLong(MemoryDisk disk, long lba, int field) {
        return le(disk).getLong(header(lba) + field);
    }

    static int getInt(MemoryDisk disk, long lba, int field) {
        return le(disk).getInt(header(lba) + field);
    }

    /** Byte offset of entry {@code index} (0-based) of the array that the header at {@code headerLba} points to. */
    static int entry(MemoryDisk disk, long headerLba, int index) {
        return (int) (getLong(disk, headerLba, ENTRY_LBA) * 512) + index * getInt(disk, headerLba, ENTRY_SIZE);
    }

    static int crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Recomputes the array CRC32 and then the header CRC32 of the header at {@code lba}. */
    static void reseal(MemoryDisk disk, long lba) {
        int h = header(lba);
        int arrayOffset = (int) (getLong(disk, lba, ENTRY_LBA) * 512);
        int arrayBytes = getInt(disk, lba, ENTRY_COUNT) * getInt(disk, lba, ENTRY_SIZE);
        le(disk).putInt(h + ARRAY_CRC, crc32(disk.bytes, arrayOffset, arrayBytes));
        resealHeader(disk, lba);
    }

    /** Recomputes only the header CRC32 of the header at {@code lba}. */
    static void resealHeader(MemoryDisk disk, long lba) {
        int h = header(lba);
        le(disk).putInt(h + HEADER_CRC, 0);
        le(disk).putInt(h + HEADER_CRC, crc32(disk.bytes, h, getInt(disk, lba, HEADER_SIZE)));
    }
}
