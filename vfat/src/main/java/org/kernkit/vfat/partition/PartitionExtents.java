package org.kernkit.vfat.partition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The check every table shares: numbers unique, every partition inside the usable sectors, no two sharing a
 * sector. Sorted by first sector, a partition overlaps some earlier one exactly when it starts at or before the
 * furthest end seen so far, so one pass after the sort finds every overlap.
 */
final class PartitionExtents {

    private PartitionExtents() {}

    /**
     * @throws PartitionTableException naming the first problem found, with its sectors and the limits
     */
    static void check(String table, List<Partition> partitions, long firstUsable, long lastUsable, long diskSectors)
            throws PartitionTableException {
        List<Partition> byNumber = new ArrayList<>(partitions);
        byNumber.sort(Comparator.comparingInt(Partition::number));
        for (int i = 1; i < byNumber.size(); i++) {
            if (byNumber.get(i).number() == byNumber.get(i - 1).number()) {
                throw new PartitionTableException(table + ": partition number " + byNumber.get(i).number()
                        + " is used twice");
            }
        }
        for (Partition p : byNumber) {
            if (p.firstSector() < firstUsable) {
                throw new PartitionTableException(table + ": partition " + p.number() + " " + range(p)
                        + " starts before the first usable sector " + firstUsable);
            }
            if (p.lastSector() > lastUsable) {
                throw new PartitionTableException(table + ": partition " + p.number() + " " + range(p)
                        + " passes the last usable sector " + lastUsable + " (the disk has " + diskSectors
                        + " sectors)");
            }
        }
        List<Partition> byStart = new ArrayList<>(partitions);
        byStart.sort(Comparator.comparingLong(Partition::firstSector));
        Partition furthest = null;
        for (Partition p : byStart) {
            if (furthest != null && p.overlaps(furthest)) {
                Partition a = furthest.number() < p.number() ? furthest : p;
                Partition b = a == p ? furthest : p;
                throw new PartitionTableException(table + ": partitions " + a.number() + " " + range(a) + " and "
                        + b.number() + " " + range(b) + " overlap");
            }
            if (furthest == null || p.lastSector() > furthest.lastSector()) {
                furthest = p;
            }
        }
    }

    static String range(Partition p) {
        return "(sectors " + p.firstSector() + ".." + p.lastSector() + ")";
    }
}
