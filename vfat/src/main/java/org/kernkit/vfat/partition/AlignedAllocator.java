package org.kernkit.vfat.partition;

/**
 * Places partitions one after another, each starting on a 1 MiB boundary (2048 sectors), as current fdisk,
 * sgdisk and Windows do: flash media erase in blocks of that order, and an aligned start keeps a FAT's clusters
 * from straddling them.
 */
final class AlignedAllocator {

    /** 1 MiB in 512-byte sectors. */
    static final long ALIGNMENT_SECTORS = 2048;

    private final String table;
    private final long lastUsable;
    private final long diskSectors;
    private long next;

    AlignedAllocator(String table, long firstUsable, long lastUsable, long diskSectors) {
        this.table = table;
        this.lastUsable = lastUsable;
        this.diskSectors = diskSectors;
        this.next = firstUsable;
    }

    /**
     * The first sector of the next partition, of {@code sectors} sectors, or of every sector left when
     * {@code sectors} is negative; returns {@code {first, count}}.
     */
    long[] place(int number, long sectors) throws PartitionTableException {
        long first = (next + ALIGNMENT_SECTORS - 1) / ALIGNMENT_SECTORS * ALIGNMENT_SECTORS;
        long left = lastUsable - first + 1;
        long count = sectors < 0 ? left : sectors;
        if (count < 1 || count > left) {
            throw new PartitionTableException(table + ": partition " + number + " of "
                    + (sectors < 0 ? "the remaining space" : sectors + " sectors") + " does not fit: "
                    + Math.max(0, left) + " sectors are left after the aligned start " + first
                    + " (the disk has " + diskSectors + " sectors, the last usable is " + lastUsable + ")");
        }
        next = first + count;
        return new long[] {first, count};
    }

    /** {@code bytes} rounded up to whole sectors. */
    static long sectorsFor(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("partition size " + bytes + " bytes is not positive");
        }
        return Sectors.forBytes(bytes);
    }
}
