package org.kernkit.vfat.internal;

import java.util.List;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FileSystemFullException;
import org.kernkit.vfat.FormatOptions;

/**
 * Chooses FAT type, cluster size and (for {@code auto}) volume size for a {@link SourceTree}, before anything is
 * written.
 *
 * <p>The smallest volume: for each allowed type and each cluster size of 1..128 sectors, the need is the tree's
 * clusters ({@link SourceTree#clustersNeeded}) plus the headroom in whole clusters, raised to the type's least
 * cluster count; the volume is the fewest sectors (in whole {@code unit}s) whose {@link ImageFormatter#compute}
 * geometry has that many clusters, found by bisection (the cluster count grows with the sector count). The least
 * of these over all types and cluster sizes wins. So a volume one cluster smaller holds the tree with less than the
 * headroom free, in every type and cluster size allowed.
 *
 * <p>A given volume size: the geometry {@code mkfs} would choose ({@link ImageFormatter#geometry}) if the tree fits
 * in it, else the type and cluster size that leave the most space free.
 *
 * <p>Cluster counts within 16 of a type boundary are never chosen ({@link ImageFormatter#nearTypeBoundary}).
 */
public final class VolumeSizing {

    /** Root entries of a FAT12/16 volume unless its root needs more. */
    private static final int DEFAULT_ROOT_ENTRIES = 512;

    /** Sectors per cluster tried. */
    private static final int[] CLUSTER_SECTORS = {1, 2, 4, 8, 16, 32, 64, 128};

    private VolumeSizing() {}

    /**
     * A chosen geometry.
     *
     * @param geometry the layout the formatter will write
     * @param neededClusters the clusters the tree takes in it
     */
    public record Choice(ImageFormatter.Geometry geometry, long neededClusters) {
        /** Bytes left free after the tree. */
        public long freeBytes() {
            return (geometry.clusters() - neededClusters) * geometry.sectorsPerCluster() * 512L;
        }
    }

    /**
     * The smallest volume for {@code tree} plus {@code headroomBytes}, in whole {@code unitSectors}.
     *
     * @param types the types allowed
     * @throws FileSystemFullException if no allowed type can hold the tree
     */
    public static Choice smallest(SourceTree tree, List<FatType> types, long headroomBytes, long unitSectors)
            throws FileSystemFullException {
        Choice best = null;
        for (FatType type : types) {
            int rootEntries = rootEntriesFor(tree, type);
            if (rootEntries < 0) {
                continue;
            }
            for (int spc : CLUSTER_SECTORS) {
                long need = need(tree, type, spc, headroomBytes);
                long least = Math.max(need, leastClusters(type));
                if (least > mostClusters(type)) {
                    continue;
                }
                // Enough sectors for `least` clusters and the largest overhead they can bring (FATs, root, reserved).
                long overhead = 32 + 4096 + 2 * ((least + 2) * 4 / 512 + 2) + spc;
                long hi = Math.min(0xFFFFFFFFL / unitSectors, (least * spc + overhead) / unitSectors + 1);
                if (!holds(hi * unitSectors, spc, type, rootEntries, least)) {
                    continue;
                }
                long lo = 0; // holds(lo) is false, holds(hi) true
                while (hi - lo > 1) {
                    long mid = (lo + hi) >>> 1;
                    if (holds(mid * unitSectors, spc, type, rootEntries, least)) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                ImageFormatter.Geometry g = ImageFormatter.compute(hi * unitSectors, spc, type, rootEntries);
                if (g.type() != type || ImageFormatter.nearTypeBoundary(g.clusters())) {
                    continue;
                }
                if (best == null || g.totalSectors() < best.geometry().totalSectors()) {
                    best = new Choice(g, need - headroomClusters(headroomBytes, spc));
                }
            }
        }
        if (best == null) {
            throw new FileSystemFullException("the tree (" + tree.fileCount() + " files, " + tree.directoryCount()
                    + " directories, " + tree.bytes() + " bytes) plus " + headroomBytes + " bytes of headroom fits"
                    + " in no " + names(types) + " volume; nothing was written");
        }
        return best;
    }

    /**
     * The geometry for a volume of {@code totalSectors}, in the first of {@code types} that holds the tree.
     *
     * @param types the types allowed, the preferred first
     * @param autoType whether the type was left to the size (then mkfs's choice by size is tried first)
     * @throws FileSystemFullException if the tree with its headroom fits in no allowed geometry of this size
     */
    public static Choice forSize(SourceTree tree, List<FatType> types, boolean autoType, long totalSectors,
            long headroomBytes) throws FileSystemFullException {
        if (autoType) {
            try {
                ImageFormatter.Geometry usual = ImageFormatter.geometry(totalSectors, FormatOptions.defaults());
                int rootEntries = rootEntriesFor(tree, usual.type());
                if (rootEntries == usual.rootEntries() || usual.type() == FatType.FAT32) {
                    long need = need(tree, usual.type(), usual.sectorsPerCluster(), headroomBytes);
                    if (usual.clusters() >= need) {
                        return new Choice(usual, need - headroomClusters(headroomBytes, usual.sectorsPerCluster()));
                    }
                }
            } catch (IllegalArgumentException e) {
                // no usual geometry at this size: search below
            }
        }
        long mostNeeded = 0;
        for (FatType type : types) {
            int rootEntries = rootEntriesFor(tree, type);
            if (rootEntries < 0) {
                continue;
            }
            Choice best = null;
            for (int spc : CLUSTER_SECTORS) {
                ImageFormatter.Geometry g = ImageFormatter.compute(totalSectors, spc, type, rootEntries);
                if (g == null || g.type() != type || ImageFormatter.nearTypeBoundary(g.clusters())) {
                    continue;
                }
                long need = need(tree, type, spc, headroomBytes);
                mostNeeded = Math.max(mostNeeded, need * spc * 512L);
                Choice c = new Choice(g, need - headroomClusters(headroomBytes, spc));
                if (g.clusters() >= need && (best == null || c.freeBytes() > best.freeBytes())) {
                    best = c;
                }
            }
            if (best != null) {
                return best;
            }
        }
        throw new FileSystemFullException("the tree (" + tree.fileCount() + " files, " + tree.bytes()
                + " bytes) plus " + headroomBytes + " bytes of headroom does not fit in a " + names(types)
                + " volume of " + totalSectors * 512 + " bytes (use a larger size, or --size auto);"
                + " nothing was written");
    }

    private static boolean holds(long total, int spc, FatType type, int rootEntries, long clusters) {
        ImageFormatter.Geometry g = total < 1 ? null : ImageFormatter.compute(total, spc, type, rootEntries);
        return g != null && g.clusters() >= clusters;
    }

    private static long need(SourceTree tree, FatType type, int spc, long headroomBytes) {
        return tree.clustersNeeded(spc * 512, type == FatType.FAT32) + headroomClusters(headroomBytes, spc);
    }

    private static long headroomClusters(long headroomBytes, int spc) {
        return (headroomBytes + spc * 512L - 1) / (spc * 512L);
    }

    /** Root entries: 512, or more when the root needs them; -1 if more than a fixed root holds. */
    private static int rootEntriesFor(SourceTree tree, FatType type) {
        if (type == FatType.FAT32) {
            return 0;
        }
        int slots = tree.root().slots();
        int entries = Math.max(DEFAULT_ROOT_ENTRIES, (slots + 15) / 16 * 16);
        return entries > 65520 ? -1 : entries;
    }

    /** The least cluster count of the type, 16 clear of the boundary below. */
    private static long leastClusters(FatType type) {
        return switch (type) {
            case FAT12 -> 1;
            case FAT16 -> 4085 + 16;
            case FAT32 -> 65525 + 16;
        };
    }

    /** The most clusters of the type, 16 clear of the boundary above. */
    private static long mostClusters(FatType type) {
        return switch (type) {
            case FAT12 -> 4085 - 17;
            case FAT16 -> 65525 - 17;
            case FAT32 -> FatType.FAT32.maxClusters();
        };
    }

    private static String names(List<FatType> types) {
        return types.stream().map(Enum::name).reduce((a, b) -> a + " or " + b).orElse("");
    }
}
