package org.kernkit.vfat.partition;

/**
 * Places partitions one after another, each starting and ending on a 1 MiB boundary (2048 sectors), as current
 * fdisk, sgdisk and Windows do: flash media erase in blocks of that order, and an aligned start keeps a FAT's
 * clusters from straddling them. Sizes are rounded up to whole MiB and the last partition "of the rest" ends at
 * the last boundary before the end of the usable sectors, so {@code sgdisk -v} has no alignment caution.
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
        long first = alignUp(next);
        long left = (lastUsable + 1) / ALIGNMENT_SECTORS * ALIGNMENT_SECTORS - first;
        long count = sectors < 0 ? left : alignUp(sectors);
        if (count < 1 || count > left) {
            throw new PartitionTableException(table + ": partition " + number + " of "
                    + (sectors < 0 ? "the remaining space" : sectors + " sectors") + " does not fit: "
                    + Math.max(0, left) + " whole-MiB sectors are left after the aligned start " + first
                    + " (the disk has " + diskSectors + " sectors, the last usable is " + lastUsable + ")");
        }
        next = first + count;
        return new long[] {first, count};
    }

    private static long alignUp(long sector) {
        return (sector + ALIGNMENT_SECTORS - 1) / ALIGNMENT_SECTORS * ALIGNMENT_SECTORS;
    }

    /** {@code bytes} rounded up to whole sectors. */
    static long sectorsFor(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("partition size " + bytes + " bytes is not positive");
        }
        return Sectors.forBytes(bytes);
    }
}
