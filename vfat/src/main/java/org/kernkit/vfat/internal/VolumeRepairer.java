package org.kernkit.vfat.internal;

import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.NT_NO_SHORT_NAME;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kernkit.vfat.InvalidNameException;

/**
 * Repairs what {@link VolumeChecker} reports, in the manner of {@code fsck.fat -a}: first a walk that decides every
 * repair in memory, then the writes, in an order that keeps a torn repair harmless.
 *
 * <pre>
 *  walk from the root (FAT copy 0 is the truth, as fsck.fat -a takes the first FAT):
 *    each chain: stop at a link out of range, into a free or bad cluster, into itself (a loop)  -> cut there
 *                a link into a cluster another chain owns (cross-link): file -> copy the shared clusters it
 *                needs into free ones; directory -> cut
 *    each file:  size beyond its chain -> size cut to the chain; chain beyond its size -> chain cut to the size
 *    each dir:   orphaned long-name parts -> freed; an invalid long name -> dropped (the 8.3 name stays);
 *                duplicate 8.3 name or a dummy without its long name -> renamed FSCKnnnn.nnn (fsck.fat's names);
 *                wrong '..' -> pointed at the parent; a subdirectory that starts at cluster 0, outside the
 *                volume, or in a cluster already owned (a loop back to an ancestor) -> entry removed
 *  then: allocated clusters no one owns -> freed (fsck.fat 4.2 -a saves them as FSCKnnnn.REC; see FatRepair)
 *
 *  writes, a device barrier after every step that a later one points into:
 *    1 other FAT copies := copy 0 as read; dirty mark; the clusters allocated for copies (nothing points at them)
 *    2 the copied data
 *    3 FAT cuts and redirects (each leaves valid chains; the file still needs its entry fixed: check reports it)
 *    4 directory entries (sizes, first clusters, removals, names)
 *    5 freeing the lost clusters (after the entries that stopped pointing at them, as deletion does)
 *    6 FSInfo; 7 clean mark
 * </pre>
 *
 * A repair torn at any step leaves a volume that reads, that loses no data the repair meant to keep, and whose
 * remaining damage {@code check} reports and a second repair finishes. Damage it does not repair ('.' or '..'
 * missing, nesting deeper than 256, a root directory chain that starts outside the volume) is listed as left
 * alone. Not thread-safe: the caller holds the image (its write lock) for the whole repair.
 */
public final class VolumeRepairer {

    private static final int MAX_DEPTH = 256;
    private static final int STEP_CUTS = 3;
    private static final int STEP_FREE = 5;

    private final Volume volume;
    private final DirectoryTree tree;
    private final VolumeLayout layout;
    private final FatTable fat;
    private final byte[] fatAsRead;
    private final BitSet used = new BitSet();
    private final List<String> actions = new ArrayList<>();
    private final List<String> leftAlone = new ArrayList<>();
    /** FAT cells the repair changes after step 1: cluster -> {value as read, step}. */
    private final Map<Long, long[]> laterCells = new LinkedHashMap<>();
    /** Data to copy for cross-links: pairs of (from cluster, to cluster). */
    private final List<long[]> copies = new ArrayList<>();
    private final List<IoStep> entryChanges = new ArrayList<>();
    private int renameCounter;

    /** One deferred directory write. */
    private interface IoStep {
        void run() throws IOException;
    }

    /**
     * A repairer for {@code volume}, whose in-memory FAT is copy 0 as read.
     *
     * @param volume the opened volume; the repairer changes its FAT and writes through it
     */
    public VolumeRepairer(Volume volume) {
        this.volume = volume;
        this.tree = new DirectoryTree(volume);
        this.layout = volume.layout();
        this.fat = volume.fat();
        this.fatAsRead = fat.raw().clone();
    }

    /** What the repair did (or, before {@link #write()}, will do), one sentence each. */
    public List<String> actions() {
        return actions;
    }

    /** Damage found and not repaired. */
    public List<String> leftAlone() {
        return leftAlone;
    }

    /**
     * Decides every repair, changing only memory.
     *
     * @return whether there is anything to write
     */
    public boolean plan() throws IOException {
        for (int copy = 1; copy < layout.numFats; copy++) {
            byte[] other = volume.readFatCopy(copy);
            if (!Arrays.equals(fatAsRead, other)) {
                actions.add("FAT copy " + copy + " differed from copy 0 (first at byte " + Arrays.mismatch(fatAsRead,
                        other) + "): rewritten from copy 0");
            }
        }
        if (volume.isMarkedDirty()) {
            actions.add("volume was marked dirty: marked clean");
        }
        Directory root;
        if (layout.type == org.kernkit.vfat.FatType.FAT32) {
            long start = layout.rootCluster;
            if (start < 2 || start > layout.maxCluster() || fat.get(start) == 0
                    || fat.get(start) == layout.type.badClusterMark()) {
                leftAlone.add("root directory starts at cluster " + start + ", which holds no chain");
                return !actions.isEmpty();
            }
            repairChain(start, "/", directoryClusterLimit(), true, 0, null);
        }
        root = tree.root();
        walk(root, "/", 0);
        freeLostClusters();
        planFsInfo();
        return !actions.isEmpty();
    }

    // -----------------------------------------------------------------------------------------------------------
    // The walk

    private void walk(Directory dir, String path, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            leftAlone.add("directory " + path + " is nested more than " + MAX_DEPTH + " levels deep");
            return;
        }
        for (int slot : dir.orphanLongNameSlots()) {
            actions.add("directory " + path + ": orphaned long-name part in slot " + slot + " freed");
            entryChanges.add(() -> dir.freeSlot(slot));
        }
        Set<String> shorts = new HashSet<>();
        for (DirectoryRecord r : List.copyOf(dir.records())) {
            String childPath = path.endsWith("/") ? path + r.name() : path + "/" + r.name();
            repairNames(dir, r, childPath, shorts);
            if (r.isDirectory()) {
                walkSubdirectory(dir, r, childPath, depth);
            } else {
                repairFile(r, childPath);
            }
        }
    }

    private void walkSubdirectory(Directory parent, DirectoryRecord r, String path, int depth) throws IOException {
        long first = r.firstCluster;
        String why = first == 0 ? "starts at cluster 0"
                : first < 2 || first > layout.maxCluster() ? "starts at cluster " + first + ", outside the volume"
                : fat.get(first) == 0 ? "starts at free cluster " + first
                : fat.get(first) == layout.type.badClusterMark() ? "starts at bad cluster " + first
                : used.get((int) first) ? "starts in cluster " + first + ", which another directory owns (a loop"
                        + " back to an ancestor, or a cross-link)"
                : null;
        if (why != null) {
            actions.add("directory " + path + " " + why + ": entry removed");
            entryChanges.add(() -> parent.remove(r));
            return;
        }
        repairChain(first, path, directoryClusterLimit(), true, 0, null);
        Directory child = tree.load(first, path);
        repairDotDot(child, parent, path);
        walk(child, path, depth + 1);
    }

    private void repairDotDot(Directory child, Directory parent, String path) throws IOException {
        byte[] dot = child.slotBytes(0);
        byte[] dotDot = child.slotBytes(1);
        if (dot[0] != '.' || dot[1] != ' ') {
            leftAlone.add("directory " + path + ": first entry is not '.'");
        }
        if (dotDot[0] != '.' || dotDot[1] != '.' || child.dotDot() == null) {
            leftAlone.add("directory " + path + ": second entry is not '..'");
            return;
        }
        long want = tree.parentReference(parent);
        if (child.dotDot().firstCluster != want) {
            actions.add("directory " + path + ": '..' pointed at cluster " + child.dotDot().firstCluster
                    + ": pointed at the parent, " + want);
            entryChanges.add(() -> child.setDotDot(want));
        }
    }

    private void repairFile(DirectoryRecord r, String path) {
        long first = r.firstCluster;
        long needed = volume.clustersFor(r.size);
        int length;
        if (first == 0) {
            length = 0;
        } else {
            length = repairChain(first, path, Integer.MAX_VALUE, false, needed, r);
        }
        if (needed > length) {
            long size = (long) length * layout.clusterBytes;
            actions.add(path + ": size " + r.size + " bytes but the chain holds " + length + " cluster(s): size cut"
                    + " to " + size);
            entryChanges.add(() -> {
                r.size = size;
                if (length == 0) {
                    r.firstCluster = 0;
                }
                r.parent().update(r);
            });
        } else if (length == 0 && first != 0) {
            actions.add(path + ": empty file pointed at cluster " + first + ": first cluster set to 0");
            entryChanges.add(() -> {
                r.firstCluster = 0;
                r.parent().update(r);
            });
        } else if (length > needed) {
            actions.add(path + ": chain of " + length + " cluster(s) is longer than its size " + r.size + " bytes"
                    + " needs: cut to " + needed);
            if (needed == 0) {
                entryChanges.add(() -> {
                    r.firstCluster = 0;
                    r.parent().update(r);
                });
                release(first, length);
            } else {
                long c = first;
                for (long i = 1; i < needed; i++) {
                    c = fat.get(c);
                }
                long rest = fat.get(c);
                setLater(c, layout.type.endOfChainMark(), STEP_CUTS);
                release(rest, length - needed);
            }
        }
    }

    /** Un-claims {@code count} clusters of a chain from {@code first}, so the lost-cluster pass frees them. */
    private void release(long first, long count) {
        long c = first;
        for (long i = 0; i < count && c >= 2 && c <= layout.maxCluster(); i++) {
            used.clear((int) c);
            c = fat.get(c);
        }
    }

    /**
     * Walks and repairs the chain from {@code first} (which is in range and allocated), claiming its clusters.
     *
     * @param limit the most clusters the chain may keep
     * @param directory whether it is a directory's chain (cross-links are cut, not copied)
     * @param needed clusters a file's size needs (for copying a cross-linked tail)
     * @param entry the file's entry, redirected if its very first cluster is shared; null for directories
     * @return the number of clusters the chain holds after the repair
     */
    private int repairChain(long first, String owner, int limit, boolean directory, long needed,
            DirectoryRecord entry) {
        BitSet mine = new BitSet();
        long previous = 0;
        long current = first;
        int length = 0;
        long bad = layout.type.badClusterMark();
        while (true) {
            String broken = null;
            if (current < 2 || current > layout.maxCluster()) {
                broken = "reaches cluster " + current + ", outside the volume";
            } else if (fat.get(current) == 0) {
                broken = "runs into free cluster " + current;
            } else if (fat.get(current) == bad) {
                broken = "runs into bad cluster " + current;
            } else if (mine.get((int) current)) {
                broken = "loops back to its cluster " + current;
            } else if (length >= limit) {
                broken = "is longer than a directory may be (" + limit + " clusters)";
            } else if (used.get((int) current)) {
                if (!directory && needed > length) {
                    int copied = copyShared(current, needed - length, previous, entry, owner);
                    return length + copied;
                }
                broken = "is cross-linked at cluster " + current + " (another chain owns it)";
            }
            if (broken != null) {
                if (previous == 0) {
                    // Only a file can get here (directories are checked before): it keeps no cluster.
                    actions.add("cluster chain of " + owner + " " + broken + ": no cluster kept");
                } else {
                    actions.add("cluster chain of " + owner + " " + broken + ": cut after " + length
                            + " cluster(s)");
                    setLater(previous, layout.type.endOfChainMark(), STEP_CUTS);
                }
                return length;
            }
            mine.set((int) current);
            used.set((int) current);
            length++;
            long next = fat.get(current);
            if (fat.isEndOfChain(next)) {
                return length;
            }
            previous = current;
            current = next;
        }
    }

    /**
     * Copies up to {@code wanted} clusters of the chain from {@code shared} (owned by another file) into free
     * clusters and points {@code previous} (or the entry, for 0) at the copy: fsck.fat's "cut cross-links by
     * copying". With too few free clusters the chain is cut at what fits; the size repair then follows.
     *
     * @return the number of clusters copied
     */
    private int copyShared(long shared, long wanted, long previous, DirectoryRecord entry, String owner) {
        List<Long> tail = new ArrayList<>();
        for (long c = shared; tail.size() < wanted && c >= 2 && c <= layout.maxCluster() && used.get((int) c); ) {
            tail.add(c);
            long next = fat.get(c);
            if (fat.isEndOfChain(next)) {
                break;
            }
            c = next;
        }
        int count = (int) Math.min(tail.size(), fat.freeCount());
        if (count == 0) {
            actions.add("cluster chain of " + owner + " is cross-linked at cluster " + shared
                    + " and no cluster is free to copy it: cut");
            if (previous != 0) {
                setLater(previous, layout.type.endOfChainMark(), STEP_CUTS);
            }
            return 0;
        }
        IntList fresh = new IntList();
        try {
            volume.extend(fresh, count);
        } catch (org.kernkit.vfat.FileSystemFullException e) {
            throw new IllegalStateException("free count " + fat.freeCount() + " lied", e);
        }
        for (int i = 0; i < count; i++) {
            copies.add(new long[] {tail.get(i), fresh.get(i)});
            used.set(fresh.get(i));
        }
        long to = fresh.get(0);
        actions.add("cluster chain of " + owner + " is cross-linked at cluster " + shared + " (another chain owns"
                + " it): " + count + " shared cluster(s) copied to " + to + (count > 1 ? ".." : "")
                + (count > 1 ? fresh.last() : ""));
        if (previous == 0) {
            entryChanges.add(() -> {
                entry.firstCluster = to;
                entry.parent().update(entry);
            });
        } else {
            setLater(previous, to, STEP_CUTS);
        }
        return count;
    }

    private int directoryClusterLimit() {
        return (int) Math.max(1, (long) Directory.MAX_SLOTS * DirectoryEntryDescriptor.ENTRY_SIZE
                / layout.clusterBytes);
    }

    // -----------------------------------------------------------------------------------------------------------
    // Names

    private void repairNames(Directory dir, DirectoryRecord r, String path, Set<String> shorts) {
        if (r.longName() != null) {
            try {
                ShortNames.validateLongName(r.longName());
            } catch (InvalidNameException e) {
                actions.add(path + ": invalid long name (" + e.getMessage() + "): dropped, the 8.3 name stays");
                entryChanges.add(() -> dir.dropLongName(r));
                if (r.hasDummyShortName()) {
                    rename(dir, r, path, "its dummy 8.3 name has no long name left", shorts);
                    return;
                }
            }
        }
        if (r.hasDummyShortName() && r.longName() == null) {
            rename(dir, r, path, "dummy 8.3 name without its long name", shorts);
            return;
        }
        String key = ShortNames.key(r.shortName());
        if (!shorts.add(key)) {
            rename(dir, r, path, "duplicate 8.3 name '" + key + "'", shorts);
        }
    }

    /** Renames the 8.3 name of {@code r} to the next free {@code FSCKnnnn.nnn}, as fsck.fat -a names them. */
    private void rename(Directory dir, DirectoryRecord r, String path, String why, Set<String> shorts) {
        byte[] name;
        String key;
        do {
            int n = renameCounter++;
            name = String.format("FSCK%04d%03d", n / 1000, n % 1000).getBytes(StandardCharsets.US_ASCII);
            key = ShortNames.key(name);
        } while (dir.isShortNameTaken(name) || shorts.contains(key));
        shorts.add(key);
        byte[] chosen = name;
        int ntRes = r.ntRes() & ~NT_NO_SHORT_NAME; // the case flags stay, as fsck.fat leaves them
        actions.add(path + ": " + why + ": 8.3 name set to " + ShortNames.display(chosen, 0, 0));
        entryChanges.add(() -> dir.renameShort(r, chosen, ntRes));
    }

    // -----------------------------------------------------------------------------------------------------------
    // Lost clusters and FSInfo

    private void freeLostClusters() {
        long bad = layout.type.badClusterMark();
        long lost = 0;
        for (long c = 2; c <= layout.maxCluster(); c++) {
            long v = fat.get(c);
            if (v != 0 && v != bad && !used.get((int) c)) {
                setLater(c, 0, STEP_FREE);
                lost++;
            }
        }
        if (lost > 0) {
            actions.add(lost + " lost cluster(s) (allocated, owned by no file or directory): freed");
        }
    }

    private boolean fsInfoNeedsWrite;

    private void planFsInfo() throws IOException {
        if (!FsInfoSector.present(layout)) {
            return;
        }
        byte[] info = FsInfoSector.read(volume);
        if (!FsInfoDescriptor.isValid(info)) {
            actions.add("FSInfo sector " + layout.fsInfoSector + " lacked its signatures: rewritten");
            fsInfoNeedsWrite = true;
            return;
        }
        long hint = LittleEndian.u32(info, FsInfoDescriptor.FREE_COUNT_OFFSET);
        long free = fat.freeCount(); // the in-memory FAT holds the repaired values
        if (hint != FsInfoDescriptor.UNKNOWN && hint != free) {
            actions.add("FSInfo free count was " + hint + ", " + free + " clusters are free: corrected");
            fsInfoNeedsWrite = true;
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // Writing

    /** Changes FAT cell {@code cluster} to {@code value} in memory now, written in step {@code step}. */
    private void setLater(long cluster, long value, int step) {
        laterCells.putIfAbsent(cluster, new long[] {fat.get(cluster), step});
        laterCells.get(cluster)[1] = Math.max(laterCells.get(cluster)[1], step);
        fat.set(cluster, value);
    }

    /**
     * Writes what {@link #plan()} decided, step by step with device barriers (see the class comment). The caller
     * has checked that there is something to write.
     */
    public void write() throws IOException {
        for (int copy = 1; copy < layout.numFats; copy++) {
            volume.write(layout.fatOffset(copy), fatAsRead, 0, fatAsRead.length);
        }
        volume.setDirty(true);
        flushFatUpTo(1);
        byte[] buffer = new byte[layout.clusterBytes];
        for (long[] copy : copies) {
            volume.read(layout.clusterOffset(copy[0]), buffer, 0, buffer.length);
            volume.write(layout.clusterOffset(copy[1]), buffer, 0, buffer.length);
        }
        volume.barrier();
        flushFatUpTo(STEP_CUTS);
        volume.barrier();
        for (IoStep step : entryChanges) {
            step.run();
        }
        volume.barrier();
        flushFatUpTo(STEP_FREE);
        volume.barrier();
        FsInfoSector.write(volume, fsInfoNeedsWrite);
        volume.barrier();
        // The clean mark last: only a repair whose every other write completed reads clean.
        volume.setDirty(false);
        volume.flushFat();
        volume.barrier();
    }

    /**
     * Writes the in-memory FAT with every cell of a later step than {@code step} as it was read, then puts those
     * cells back to their repaired values (still dirty, for their own step).
     */
    private void flushFatUpTo(int step) throws IOException {
        List<long[]> held = new ArrayList<>();
        for (Map.Entry<Long, long[]> cell : laterCells.entrySet()) {
            if (cell.getValue()[1] > step) {
                held.add(new long[] {cell.getKey(), fat.get(cell.getKey())});
                fat.set(cell.getKey(), cell.getValue()[0]);
            }
        }
        volume.flushFat();
        for (long[] cell : held) {
            fat.set(cell[0], cell[1]);
        }
    }
}
