package org.kernkit.vfat.internal;

import static org.kernkit.vfat.internal.BootSectorDescriptor.*;

import org.kernkit.vfat.CorruptImageException;
import org.kernkit.vfat.FatType;

/**
 * Where everything is on a FAT volume, computed once from a validated boot sector. All positions are in bytes from
 * the start of the device, so volumes with 1, 2 or 4 KiB logical sectors sit on a 512-byte {@code BlockDevice}.
 *
 * <pre>
 *  | reserved (boot, FSInfo, backup) | FAT copy 0 | FAT copy 1 | root dir (FAT12/16) | data: cluster 2, 3, ... |
 *  0                                 fatOffset(0)                rootDirOffset        dataOffset
 * </pre>
 */
public final class VolumeLayout {

    public final int bytesPerSector;
    public final int sectorsPerCluster;
    public final int reservedSectors;
    public final int numFats;
    public final int rootEntryCount;
    public final long totalSectors;
    public final long fatSectors;
    public final long rootDirSectors;
    public final long firstDataSector;
    public final long clusterCount;
    public final FatType type;
    public final long rootCluster;
    public final int fsInfoSector;
    public final int backupBootSector;
    public final int clusterBytes;

    private VolumeLayout(int bytesPerSector, int sectorsPerCluster, int reservedSectors, int numFats, int rootEntryCount,
            long totalSectors, long fatSectors, long rootDirSectors, long firstDataSector, long clusterCount,
            FatType type, long rootCluster, int fsInfoSector, int backupBootSector) {
        this.bytesPerSector = bytesPerSector;
        this.sectorsPerCluster = sectorsPerCluster;
        this.reservedSectors = reservedSectors;
        this.numFats = numFats;
        this.rootEntryCount = rootEntryCount;
        this.totalSectors = totalSectors;
        this.fatSectors = fatSectors;
        this.rootDirSectors = rootDirSectors;
        this.firstDataSector = firstDataSector;
        this.clusterCount = clusterCount;
        this.type = type;
        this.rootCluster = rootCluster;
        this.fsInfoSector = fsInfoSector;
        this.backupBootSector = backupBootSector;
        this.clusterBytes = bytesPerSector * sectorsPerCluster;
    }

    /**
     * Validates the BPB in {@code boot} against a device of {@code deviceBytes} bytes.
     *
     * @throws CorruptImageException naming the first field that is impossible, and its value
     */
    public static VolumeLayout parse(byte[] boot, long deviceBytes) throws CorruptImageException {
        if (!hasSignature(boot)) {
            throw new CorruptImageException(String.format(
                    "boot sector signature is %02X %02X, expected 55 AA (not a FAT volume?)",
                    boot[SIGNATURE_OFFSET] & 0xFF, boot[SIGNATURE_OFFSET + 1] & 0xFF));
        }
        int bps = LittleEndian.u16(boot, BYTES_PER_SECTOR_OFFSET);
        if (bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) {
            throw new CorruptImageException("BPB bytes per sector is " + bps + ", expected 512, 1024, 2048 or 4096");
        }
        int spc = LittleEndian.u8(boot, SECTORS_PER_CLUSTER_OFFSET);
        if (spc == 0 || Integer.bitCount(spc) != 1) {
            throw new CorruptImageException("BPB sectors per cluster is " + spc + ", expected a power of two 1..128");
        }
        int reserved = LittleEndian.u16(boot, RESERVED_SECTORS_OFFSET);
        if (reserved == 0) {
            throw new CorruptImageException("BPB reserved sector count is 0, expected at least 1");
        }
        int numFats = LittleEndian.u8(boot, NUM_FATS_OFFSET);
        if (numFats == 0 || numFats > 4) {
            throw new CorruptImageException("BPB number of FATs is " + numFats + ", expected 1..4");
        }
        int rootEntries = LittleEndian.u16(boot, ROOT_ENTRY_COUNT_OFFSET);
        long total16 = LittleEndian.u16(boot, TOTAL_SECTORS_16_OFFSET);
        long total = total16 != 0 ? total16 : LittleEndian.u32(boot, TOTAL_SECTORS_32_OFFSET);
        if (total == 0) {
            throw new CorruptImageException("BPB total sector count is 0");
        }
        if (total * bps > deviceBytes) {
            throw new CorruptImageException("BPB claims " + total + " sectors of " + bps + " bytes (" + total * bps
                    + " bytes) but the device holds only " + deviceBytes + " bytes (truncated image?)");
        }
        long fatSz = LittleEndian.u16(boot, FAT_SIZE_16_OFFSET);
        boolean fat32Layout = fatSz == 0;
        if (fat32Layout) {
            fatSz = LittleEndian.u32(boot, FAT_SIZE_32_OFFSET);
        }
        if (fatSz == 0) {
            throw new CorruptImageException("BPB FAT size is 0 sectors");
        }
        long rootDirSectors = ((long) rootEntries * 32 + bps - 1) / bps;
        long firstData = reserved + numFats * fatSz + rootDirSectors;
        if (firstData >= total) {
            throw new CorruptImageException("BPB puts the data region at sector " + firstData
                    + ", beyond the volume's " + total + " sectors");
        }
        long clusters = (total - firstData) / spc;
        if (clusters < 1) {
            throw new CorruptImageException("volume has no data clusters (" + (total - firstData)
                    + " data sectors, " + spc + " per cluster)");
        }
        FatType type = FatType.forClusterCount(clusters);
        if (type == FatType.FAT32 && clusters > FatType.FAT32.maxClusters()) {
            throw new CorruptImageException("volume has " + clusters + " clusters, more than FAT32 allows ("
                    + FatType.FAT32.maxClusters() + ")");
        }
        long fatBytesNeeded = (clusters + 2) * type.bits() / 8 + 1;
        if (fatSz * bps < fatBytesNeeded) {
            throw new CorruptImageException("BPB FAT size " + fatSz + " sectors is too small for " + clusters
                    + " clusters of " + type + " (needs " + fatBytesNeeded + " bytes)");
        }
        long rootCluster = 0;
        int fsInfo = 0;
        int backup = 0;
        if (type == FatType.FAT32) {
            if (rootEntries != 0) {
                throw new CorruptImageException("FAT32 volume (" + clusters + " clusters) has root entry count "
                        + rootEntries + ", expected 0");
            }
            rootCluster = LittleEndian.u32(boot, ROOT_CLUSTER_OFFSET);
            if (rootCluster < 2 || rootCluster > clusters + 1) {
                throw new CorruptImageException("BPB root cluster " + rootCluster + " out of range 2.."
                        + (clusters + 1));
            }
            fsInfo = LittleEndian.u16(boot, FS_INFO_SECTOR_OFFSET);
            backup = LittleEndian.u16(boot, BACKUP_BOOT_SECTOR_OFFSET);
        } else {
            if (rootEntries == 0) {
                throw new CorruptImageException(type + " volume (" + clusters
                        + " clusters) has root entry count 0");
            }
            if (fat32Layout) {
                throw new CorruptImageException(type + " volume (" + clusters
                        + " clusters) has a FAT32-style BPB (16-bit FAT size 0)");
            }
        }
        return new VolumeLayout(bps, spc, reserved, numFats, rootEntries, total, fatSz, rootDirSectors, firstData,
                clusters, type, rootCluster, fsInfo, backup);
    }

    /** Byte offset of FAT copy {@code copy}. */
    public long fatOffset(int copy) {
        return ((long) reservedSectors + copy * fatSectors) * bytesPerSector;
    }

    /** Bytes in one FAT copy. */
    public long fatBytes() {
        return fatSectors * bytesPerSector;
    }

    /** Byte offset of the fixed root directory (FAT12/16). */
    public long rootDirOffset() {
        return ((long) reservedSectors + numFats * fatSectors) * bytesPerSector;
    }

    /** Byte offset of the first byte of {@code cluster} (2 .. clusterCount+1). */
    public long clusterOffset(long cluster) {
        return (firstDataSector + (cluster - 2) * sectorsPerCluster) * bytesPerSector;
    }

    /** The highest valid cluster number. */
    public long maxCluster() {
        return clusterCount + 1;
    }

    /** Whether {@code cluster} names a data cluster of this volume. */
    public boolean isDataCluster(long cluster) {
        return cluster >= 2 && cluster <= clusterCount + 1;
    }
}
