package org.kernkit.vfat.internal;

import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.NT_NO_SHORT_NAME;

import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kernkit.vfat.CorruptImageException;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.InvalidNameException;

/**
 * The consistency check (an fsck without repair): FAT copies equal, every chain valid and owned once, sizes that
 * match their chains, names FAT allows, dot entries right, no loops, no lost clusters, FSInfo right. It reads
 * only; the file system runs it before its first change and refuses changes while it finds damage.
 *
 * <pre>
 *  FAT copies --equal?--> walk from the root: each entry's chain --claim clusters (BitSet)--> subdirectories
 *  then: allocated but unclaimed = lost clusters; FSInfo free count vs the FAT
 * </pre>
 *
 * Not thread-safe: guarded by the file system's monitor.
 */
public final class VolumeChecker {

    private final Volume volume;
    private final DirectoryTree tree;

    public VolumeChecker(Volume volume, DirectoryTree tree) {
        this.volume = volume;
        this.tree = tree;
    }

    /**
     * Runs the checks, adding to {@code blocking} every kind of damage (writes are refused while any is present:
     * broken or cross-linked chains, loops, differing FAT copies, sizes that do not match their chains, invalid
     * or unsafe names, broken long-name runs, duplicate short names, bad dot entries, lost clusters) and to
     * {@code problems} only what is not damage to stored data: the dirty mark and the FSInfo hints, both rewritten
     * on close.
     *
     * @return files, directories, used clusters
     */
    public long[] check(List<String> problems, List<String> blocking, boolean wasDirty, boolean markedDirty)
            throws IOException {
        VolumeLayout layout = volume.layout();
        byte[] fat0 = volume.fat().raw();
        for (int copy = 1; copy < layout.numFats; copy++) {
            byte[] other = volume.readFatCopy(copy);
            if (!Arrays.equals(fat0, other)) {
                int at = Arrays.mismatch(fat0, other);
                blocking.add("FAT copy " + copy + " differs from copy 0 (first at byte " + at + ")");
            }
        }
        if (wasDirty) {
            problems.add("volume was marked dirty (not cleanly closed) when opened");
        }
        BitSet used = new BitSet();
        long[] counts = new long[2];
        Directory root = tree.root();
        if (root.clusters() != null) {
            claim(root.clusters(), "/", used, blocking);
        }
        checkDirectory(root, "/", used, problems, blocking, counts, new HashSet<>(), 0);
        long lost = 0;
        for (long c = 2; c <= layout.maxCluster(); c++) {
            long v = volume.fat().get(c);
            if (v != 0 && v != layout.type.badClusterMark() && !used.get((int) c)) {
                lost++;
            }
        }
        if (lost > 0) {
            blocking.add(lost + " lost cluster(s): allocated in the FAT but owned by no file or directory");
        }
        if (layout.type == FatType.FAT32 && !markedDirty && layout.fsInfoSector > 0
                && layout.fsInfoSector < layout.reservedSectors) {
            byte[] info = new byte[layout.bytesPerSector];
            volume.read((long) layout.fsInfoSector * layout.bytesPerSector, info, 0, info.length);
            if (FsInfoDescriptor.isValid(info)) {
                long hint = LittleEndian.u32(info, FsInfoDescriptor.FREE_COUNT_OFFSET);
                if (hint != FsInfoDescriptor.UNKNOWN && hint != volume.fat().freeCount()) {
                    problems.add("FSInfo free count " + hint + " but " + volume.fat().freeCount()
                            + " clusters are free");
                }
            } else {
                problems.add("FSInfo sector " + layout.fsInfoSector + " lacks its signatures");
            }
        }
        return new long[] {counts[0], counts[1] + 1, used.cardinality()};
    }

    private void claim(IntList chain, String owner, BitSet used, List<String> problems) {
        for (int i = 0; i < chain.size(); i++) {
            int c = chain.get(i);
            if (used.get(c)) {
                problems.add("cluster " + c + " of " + owner + " is cross-linked (already owned by another chain)");
                return;
            }
            used.set(c);
        }
    }

    private void checkDirectory(Directory dir, String path, BitSet used, List<String> problems,
            List<String> blocking, long[] counts, Set<Long> visiting, int depth) {
        for (String anomaly : dir.anomalies()) {
            blocking.add("directory " + path + ": " + anomaly);
        }
        if (depth > 256) {
            blocking.add("directory " + path + " is nested more than 256 levels deep");
            return;
        }
        Set<String> shorts = new HashSet<>();
        for (DirectoryRecord r : dir.records()) {
            String childPath = path.endsWith("/") ? path + r.name() : path + "/" + r.name();
            if (!shorts.add(ShortNames.key(r.shortName()))) {
                blocking.add("directory " + path + ": duplicate short name '" + ShortNames.key(r.shortName())
                        + "' (at " + r.name() + ")");
            }
            if (r.longName() != null) {
                try {
                    ShortNames.validateLongName(r.longName());
                } catch (InvalidNameException e) {
                    blocking.add("directory " + path + ": unsafe or invalid long name: " + e.getMessage());
                }
            }
            if ((r.ntRes() & NT_NO_SHORT_NAME) != 0 && r.longName() == null) {
                blocking.add(childPath + ": dummy short name without its long name");
            }
            IntList chain;
            try {
                chain = volume.chain(r.firstCluster, childPath);
            } catch (CorruptImageException e) {
                blocking.add(e.getMessage());
                continue;
            }
            int before = blocking.size();
            claim(chain, childPath, used, blocking);
            if (blocking.size() > before) {
                continue;
            }
            if (r.isDirectory()) {
                counts[1]++;
                if (r.firstCluster == 0) {
                    blocking.add("directory " + childPath + " has first cluster 0");
                    continue;
                }
                if (!visiting.add(r.firstCluster)) {
                    blocking.add("directory " + childPath + " loops back to an ancestor (cluster " + r.firstCluster
                            + ")");
                    continue;
                }
                try {
                    Directory child = tree.load(r.firstCluster, childPath);
                    checkDotEntries(child, childPath, dir, blocking);
                    checkDirectory(child, childPath, used, problems, blocking, counts, visiting, depth + 1);
                } catch (IOException e) {
                    blocking.add(e.getMessage());
                }
                visiting.remove(r.firstCluster);
            } else {
                counts[0]++;
                long expected = volume.clustersFor(r.size);
                if (expected != chain.size()) {
                    blocking.add(childPath + ": size " + r.size + " bytes needs " + expected
                            + " cluster(s), chain has " + chain.size());
                }
            }
        }
    }

    private void checkDotEntries(Directory child, String path, Directory parent, List<String> blocking)
            throws IOException {
        byte[] dot = child.slotBytes(0);
        byte[] dotDot = child.slotBytes(1);
        if (dot[0] != '.' || dot[1] != ' ') {
            blocking.add("directory " + path + ": first entry is not '.'");
        }
        if (dotDot[0] != '.' || dotDot[1] != '.' || child.dotDot() == null) {
            blocking.add("directory " + path + ": second entry is not '..'");
        } else if (child.dotDot().firstCluster != tree.parentReference(parent)) {
            blocking.add("directory " + path + ": '..' points at cluster " + child.dotDot().firstCluster
                    + ", parent is " + tree.parentReference(parent));
        }
    }
}
