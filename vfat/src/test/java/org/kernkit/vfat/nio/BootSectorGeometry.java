package org.kernkit.vfat.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The data-region geometry of a FAT image, read from its boot sector's BIOS parameter block by offsets of the
 * Microsoft FAT specification (section 3), independently of the library's own descriptor: the oracle of the
 * file-store figures.
 *
 * @param bytesPerSector BPB_BytsPerSec, offset 11
 * @param sectorsPerCluster BPB_SecPerClus, offset 13
 * @param clusterCount the data clusters: (total sectors - reserved - FATs - root directory) / sectors per cluster
 */
record BootSectorGeometry(int bytesPerSector, int sectorsPerCluster, long clusterCount) {

    /** Reads the boot sector of {@code image} (a file on the default file system). */
    static BootSectorGeometry of(Path image) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(image)) {
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
        }
        int bytesPerSector = Short.toUnsignedInt(b.getShort(11));
        int sectorsPerCluster = Byte.toUnsignedInt(b.get(13));
        int reserved = Short.toUnsignedInt(b.getShort(14));
        int fats = Byte.toUnsignedInt(b.get(16));
        int rootEntries = Short.toUnsignedInt(b.getShort(17));
        long totalSectors = Short.toUnsignedInt(b.getShort(19));
        if (totalSectors == 0) {
            totalSectors = Integer.toUnsignedLong(b.getInt(32));
        }
        long fatSize = Short.toUnsignedInt(b.getShort(22));
        if (fatSize == 0) {
            fatSize = Integer.toUnsignedLong(b.getInt(36));
        }
        long rootSectors = (rootEntries * 32L + bytesPerSector - 1) / bytesPerSector;
        long dataSectors = totalSectors - reserved - fats * fatSize - rootSectors;
        return new BootSectorGeometry(bytesPerSector, sectorsPerCluster, dataSectors / sectorsPerCluster);
    }

    /** Bytes per cluster. */
    long clusterBytes() {
        return (long) bytesPerSector * sectorsPerCluster;
    }

    /** Bytes of the data region. */
    long dataBytes() {
        return clusterCount * clusterBytes();
    }
}
