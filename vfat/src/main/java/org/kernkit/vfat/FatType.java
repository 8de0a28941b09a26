package org.kernkit.vfat;

/**
 * The three FAT variants. The type of a volume follows only from its cluster count (fatgen103): fewer than 4085
 * clusters is FAT12, fewer than 65525 is FAT16, anything else FAT32; the boot sector's type label is never read.
 */
public enum FatType {
    /** 12-bit FAT entries, fixed root directory; fewer than 4085 clusters. */
    FAT12(12, 0xFF8L, 0xFFFL, 4084),
    /** 16-bit FAT entries, fixed root directory; 4085 to 65524 clusters. */
    FAT16(16, 0xFFF8L, 0xFFFFL, 65524),
    /** 32-bit FAT entries of which the low 28 bits count, root directory in a cluster chain; 65525 clusters and more. */
    FAT32(32, 0x0FFFFFF8L, 0x0FFFFFFFL, 0x0FFFFFF5 - 2);

    private final int bits;
    private final long endOfChainMin;
    private final long endOfChainMark;
    private final long maxClusters;

    FatType(int bits, long endOfChainMin, long endOfChainMark, long maxClusters) {
        this.bits = bits;
        this.endOfChainMin = endOfChainMin;
        this.endOfChainMark = endOfChainMark;
        this.maxClusters = maxClusters;
    }

    /**
     * Bits per FAT entry as stored: 12, 16 or 32.
     *
     * @return 12, 16 or 32
     */
    public int bits() {
        return bits;
    }

    /**
     * Smallest entry value that ends a chain (0x?FF8).
     *
     * @return 0xFF8, 0xFFF8 or 0x0FFFFFF8; any entry value at or above it ends a chain
     */
    public long endOfChainMin() {
        return endOfChainMin;
    }

    /**
     * The end-of-chain value this library writes (0x?FFF).
     *
     * @return 0xFFF, 0xFFFF or 0x0FFFFFFF
     */
    public long endOfChainMark() {
        return endOfChainMark;
    }

    /**
     * Value marking a bad cluster (0x?FF7).
     *
     * @return 0xFF7, 0xFFF7 or 0x0FFFFFF7
     */
    public long badClusterMark() {
        return endOfChainMin - 1;
    }

    /**
     * The largest cluster count a volume of this type may have.
     *
     * @return 4084 for FAT12, 65524 for FAT16, 0x0FFFFFF3 for FAT32
     */
    public long maxClusters() {
        return maxClusters;
    }

    /**
     * The FAT type of a volume with {@code clusterCount} data clusters.
     *
     * @param clusterCount the number of data clusters, not counting the two reserved FAT entries
     * @return FAT12 below 4085, FAT16 below 65525, FAT32 otherwise
     * @throws IllegalArgumentException if {@code clusterCount} is negative
     */
    public static FatType forClusterCount(long clusterCount) {
        if (clusterCount < 0) {
            throw new IllegalArgumentException("cluster count " + clusterCount + " is negative");
        }
        if (clusterCount < 4085) {
            return FAT12;
        }
        return clusterCount < 65525 ? FAT16 : FAT32;
    }
}
