package org.kernkit.vfat.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.kernkit.block.BlockDevice;

/** Whole-sector reads and writes of byte arrays, the only I/O the table codecs do. */
final class Sectors {

    private Sectors() {}

    static byte[] read(BlockDevice disk, long firstSector, int count) throws IOException {
        byte[] bytes = new byte[Math.multiplyExact(count, BlockDevice.SECTOR_SIZE)];
        disk.read(firstSector, ByteBuffer.wrap(bytes));
        return bytes;
    }

    static void write(BlockDevice disk, long firstSector, byte[] bytes) throws IOException {
        disk.write(firstSector, ByteBuffer.wrap(bytes));
    }

    /** Sectors needed for {@code bytes} bytes. */
    static long forBytes(long bytes) {
        return (bytes + BlockDevice.SECTOR_SIZE - 1) / BlockDevice.SECTOR_SIZE;
    }
}
