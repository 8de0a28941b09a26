package org.kernkit.vfat.internal;

import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.*;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kernkit.vfat.CorruptImageException;
import org.kernkit.vfat.FileSystemFullException;

/**
 * A directory loaded whole into memory, with indexes for O(1) name and short-name checks; changes are written
 * back sector by sector.
 *
 * <pre>
 *  data:  | slot 0 | slot 1 | ... | slot endSlot (0x00) ... free to the end |     32 bytes a slot
 *           LFN n|0x40, LFN n-1, ..., LFN 1, SHORT      (one record = its LFN parts + short entry)
 *  bySlot:     short slot -> record (listing order)
 *  byName:     folded long name and folded 8.3 name -> record (case-insensitive lookup)
 *  shortNames: every 11-byte short field in the directory (dummies included): no two are ever equal
 *  location:   fixed root region (FAT12/16) or the clusters of the chain
 * </pre>
 *
 * Parsing is tolerant like the Linux and Windows drivers: a broken long-name run (wrong ordinal, checksum or
 * order) is dropped and the entry keeps its 8.3 name; {@link #anomalies()} lists what was dropped.
 */
public final class Directory {

    private static final String DOT = String.format("%-11s", ".");
    private static final String DOT_DOT = String.format("%-11s", "..");

    /** FAT directories hold at most 65 536 entries (2 MiB). */
    public static final int MAX_SLOTS = 65536;

    private final Volume volume;
    private final long firstCluster;
    private final String path;
    private final IntList clusters;
    private byte[] data;
    private int slots;
    private int endSlot;
    private int holeCount;
    private int holeHint;
    private final BitSet dirtySectors = new BitSet();
    private final TreeMap<Integer, DirectoryRecord> bySlot = new TreeMap<>();
    private final Map<String, DirectoryRecord> byName = new HashMap<>();
    private final Set<String> shortNames = new HashSet<>();
    private final List<String> anomalies = new ArrayList<>();
    private DirectoryRecord dotDot;
    private DirectoryRecord volumeLabel;

    private Directory(Volume volume, long firstCluster, String path, IntList clusters, byte[] data, int slots) {
        this.volume = volume;
        this.firstCluster = firstCluster;
        this.path = path;
        this.clusters = clusters;
        this.data = data;
        this.slots = slots;
    }

    /**
     * Loads the directory whose chain starts at {@code firstCluster}, or the fixed root when it is 0 on FAT12/16.
     *
     * @throws CorruptImageException if its chain is broken or too long
     */
    public static Directory load(Volume volume, long firstCluster, String path) throws IOException {
        VolumeLayout layout = volume.layout();
        Directory d;
        if (firstCluster == 0 && layout.type != org.kernkit.vfat.FatType.FAT32) {
            byte[] data = new byte[(int) (layout.rootDirSectors * layout.bytesPerSector)];
            volume.read(layout.rootDirOffset(), data, 0, data.length);
            d = new Directory(volume, 0, path, null, data, layout.rootEntryCount);
        } else {
            long start = firstCluster == 0 ? layout.rootCluster : firstCluster;
            IntList chain = volume.chain(start, "directory " + path);
            long bytes = (long) chain.size() * layout.clusterBytes;
            if (bytes / ENTRY_SIZE > MAX_SLOTS) {
                throw new CorruptImageException("directory " + path + " spans " + chain.size() + " clusters ("
                        + bytes + " bytes), more than FAT's " + MAX_SLOTS + "-entry limit");
            }
            byte[] data = new byte[(int) bytes];
            // One device call per run of consecutive clusters, as file reads do.
            FileData.read(volume, chain, 0, data, 0, data.length);
            d = new Directory(volume, start, path, chain, data, (int) (bytes / ENTRY_SIZE));
        }
        d.parse();
        return d;
    }

    private boolean fat32() {
        return volume.type() == org.kernkit.vfat.FatType.FAT32;
    }

    /** Whether this is the fixed-size FAT12/16 root region. */
    public boolean isFixedRoot() {
        return clusters == null;
    }

    /** First cluster of this directory's chain (the root cluster on FAT32, 0 for a fixed root). */
    public long firstCluster() {
        return firstCluster;
    }

    public String path() {
        return path;
    }

    private void parse() {
        endSlot = slots;
        int pendingStart = -1;
        int pendingExpected = 0;
        int pendingChecksum = 0;
        int pendingParts = 0;
        String[] pendingPieces = null;
        for (int i = 0; i < slots; i++) {
            int off = entryOffset(i);
            int first = data[off] & 0xFF;
            if (first == END_MARKER) {
                endSlot = i;
                break;
            }
            if (first == FREE_MARKER) {
                holeCount++;
                if (pendingStart >= 0) {
                    anomalies.add("slot " + pendingStart + ": long name run interrupted by a free slot at " + i);
                    pendingStart = -1;
                }
                continue;
            }
            if (isLongNamePart(data, off)) {
                int ord = first;
                int seq = ord & LongNameEntryDescriptor.ORDINAL_MASK;
                int sum = data[off + LongNameEntryDescriptor.CHECKSUM_OFFSET] & 0xFF;
                if ((ord & LongNameEntryDescriptor.LAST_PART_FLAG) != 0) {
                    if (pendingStart >= 0) {
                        anomalies.add("slot " + pendingStart + ": orphaned long name part (run restarted at " + i
                                + ")");
                    }
                    if (seq == 0 || seq > LongNameEntryDescriptor.MAX_PARTS) {
                        anomalies.add("slot " + i + ": long name part with ordinal " + seq + " out of range 1..20");
                        pendingStart = -1;
                        continue;
                    }
                    pendingStart = i;
                    pendingParts = seq;
                    pendingExpected = seq - 1;
                    pendingChecksum = sum;
                    pendingPieces = new String[seq];
                    StringBuilder b = new StringBuilder();
                    LongNameEntryDescriptor.readPart(data, off, b);
                    pendingPieces[seq - 1] = b.toString();
                } else if (pendingStart >= 0 && seq == pendingExpected && seq >= 1 && sum == pendingChecksum) {
                    StringBuilder b = new StringBuilder();
                    LongNameEntryDescriptor.readPart(data, off, b);
                    pendingPieces[seq - 1] = b.toString();
                    pendingExpected--;
                } else {
                    anomalies.add("slot " + i + ": orphaned long name part (ordinal " + seq + ")");
                    pendingStart = -1;
                }
                continue;
            }
            DirectoryRecord r = readShort(i);
            if (pendingStart >= 0) {
                if (pendingExpected == 0 && LongNameEntryDescriptor.checksum(data, off) == pendingChecksum) {
                    r.longName = String.join("", pendingPieces);
                    r.firstSlot = pendingStart;
                } else {
                    anomalies.add("slot " + pendingStart + ": long name parts do not match the short entry at "
                            + i + " (checksum or count)");
                }
                pendingStart = -1;
            }
            if ((r.attributes & ATTR_VOLUME_ID) != 0 && (r.attributes & ATTR_DIRECTORY) == 0) {
                if (volumeLabel == null && isFixedRootOrRootCluster()) {
                    volumeLabel = r;
                }
                shortNames.add(ShortNames.key(r.shortName));
                continue;
            }
            String raw = ShortNames.key(r.shortName);
            if (raw.equals(DOT)) {
                continue;
            }
            if (raw.equals(DOT_DOT)) {
                dotDot = r;
                continue;
            }
            shortNames.add(raw);
            index(r);
        }
        if (pendingStart >= 0) {
            anomalies.add("slot " + pendingStart + ": orphaned long name part at the end of the directory");
        }
        // Everything after the end marker must read as free; clean stale bytes so a later append ends cleanly.
        int tailFrom = entryOffset(endSlot);
        for (int i = tailFrom; i < entryOffset(slots); i++) {
            if (data[i] != 0) {
                Arrays.fill(data, tailFrom, entryOffset(slots), (byte) 0);
                dirtySectors.set(tailFrom / FatTable.BLOCK, (entryOffset(slots) + FatTable.BLOCK - 1) / FatTable.BLOCK);
                break;
            }
        }
    }

    private boolean isFixedRootOrRootCluster() {
        return clusters == null || firstCluster == volume.layout().rootCluster;
    }

    private void index(DirectoryRecord r) {
        bySlot.put(r.shortSlot, r);
        if (r.longName != null) {
            byName.putIfAbsent(fold(r.longName), r);
        }
        if (!r.hasDummyShortName() && !ShortNames.looksLikeDummy(r.shortName, 0)) {
            byName.putIfAbsent(fold(r.shortDisplay()), r);
        }
    }

    private DirectoryRecord readShort(int slot) {
        int off = entryOffset(slot);
        DirectoryRecord r = new DirectoryRecord();
        r.parent = this;
        r.firstSlot = slot;
        r.shortSlot = slot;
        r.shortName = Arrays.copyOfRange(data, off, off + NAME_LENGTH);
        r.attributes = data[off + ATTRIBUTES_OFFSET] & 0xFF;
        r.ntRes = data[off + NT_RESERVED_OFFSET] & 0xFF;
        r.firstCluster = DirectoryEntryDescriptor.firstCluster(data, off, fat32());
        r.size = fileSize(data, off);
        r.creationTenths = data[off + CREATION_TENTHS_OFFSET] & 0xFF;
        r.creationTime = LittleEndian.u16(data, off + CREATION_TIME_OFFSET);
        r.creationDate = LittleEndian.u16(data, off + CREATION_DATE_OFFSET);
        r.accessDate = LittleEndian.u16(data, off + ACCESS_DATE_OFFSET);
        r.writeTime = LittleEndian.u16(data, off + WRITE_TIME_OFFSET);
        r.writeDate = LittleEndian.u16(data, off + WRITE_DATE_OFFSET);
        return r;
    }

    /**
     * Case-insensitive lookup key: each UTF-16 unit upper-cased on its own, like the per-character up-case table of
     * FAT drivers (so {@code ß} never turns into {@code SS} and lengths never change).
     */
    public static String fold(String name) {
        char[] c = name.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toUpperCase(c[i]);
        }
        return new String(c);
    }

    /** The entry named {@code name} (long or 8.3, any case), or {@code null}. */
    public DirectoryRecord find(String name) {
        return byName.get(fold(name));
    }

    /** The entries in slot order, without {@code .}, {@code ..} and the volume label. */
    public Collection<DirectoryRecord> records() {
        return bySlot.values();
    }

    public int size() {
        return bySlot.size();
    }

    /** The {@code ..} entry of a subdirectory, or {@code null}. */
    public DirectoryRecord dotDot() {
        return dotDot;
    }

    /** The root's volume-label entry, or {@code null}. */
    public DirectoryRecord volumeLabel() {
        return volumeLabel;
    }

    /** Damage found while parsing (dropped long-name parts). */
    public List<String> anomalies() {
        return anomalies;
    }

    /** Whether {@code shortName} is used by any entry here. */
    public boolean isShortNameTaken(byte[] shortName) {
        return shortNames.contains(ShortNames.key(shortName));
    }

    /** The set of short names in use (read-only view for name generation). */
    public Set<String> shortNamesView() {
        return java.util.Collections.unmodifiableSet(shortNames);
    }

    /** The raw 32-byte slot {@code index} (for checks and tests). */
    public byte[] slotBytes(int index) {
        return Arrays.copyOfRange(data, entryOffset(index), entryOffset(index) + ENTRY_SIZE);
    }

    public int slotCount() {
        return slots;
    }

    public int endSlot() {
        return endSlot;
    }

    /** The clusters of this directory (null for the fixed root). */
    public IntList clusters() {
        return clusters;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Changes

    /**
     * How many clusters adding an entry of {@code slotsNeeded} slots would allocate (0 if it fits).
     *
     * @throws FileSystemFullException if it can never fit (fixed root full, or the 65 536-entry limit)
     */
    public long clustersNeededFor(int slotsNeeded) throws FileSystemFullException {
        int start = findFreeRun(slotsNeeded);
        if (start + slotsNeeded <= slots) {
            return 0;
        }
        if (clusters == null) {
            throw new FileSystemFullException("root directory is full (" + slots + " entries; " + slotsNeeded
                    + " free slots in a row needed)");
        }
        if (start + slotsNeeded > MAX_SLOTS) {
            throw new FileSystemFullException("directory " + path + " is full (FAT allows " + MAX_SLOTS
                    + " entries; " + slotsNeeded + " free slots in a row needed)");
        }
        int perCluster = volume.layout().clusterBytes / ENTRY_SIZE;
        return ((long) (start + slotsNeeded - slots) + perCluster - 1) / perCluster;
    }

    private int findFreeRun(int n) {
        int run = 0;
        if (holeCount > 0) {
            boolean seenFree = false;
            for (int i = holeHint; i < endSlot; i++) {
                if ((data[entryOffset(i)] & 0xFF) == FREE_MARKER) {
                    if (!seenFree) {
                        holeHint = i;
                        seenFree = true;
                    }
                    run++;
                    if (run == n) {
                        return i - n + 1;
                    }
                } else {
                    run = 0;
                }
            }
            if (!seenFree) {
                holeHint = endSlot;
            }
        }
        return endSlot - run;
    }

    /** Bytes of one entry to add: the long name (or null) and the short entry's fields. */
    public DirectoryRecord add(String longName, byte[] shortName, int ntRes, int attributes, long cluster, long size,
            LocalDateTime now) throws IOException {
        int parts = longName == null ? 0 : LongNameEntryDescriptor.partsFor(longName.length());
        int needed = parts + 1;
        long grow = clustersNeededFor(needed);
        if (grow > 0) {
            growBy(grow);
        }
        int start = findFreeRun(needed);
        int checksum = LongNameEntryDescriptor.checksum(shortName, 0);
        for (int p = 0; p < parts; p++) {
            int ordinal = parts - p;
            LongNameEntryDescriptor.writePart(data, entryOffset(start + p), longName, ordinal, p == 0, checksum);
        }
        int shortSlot = start + parts;
        int off = entryOffset(shortSlot);
        Arrays.fill(data, off, off + ENTRY_SIZE, (byte) 0);
        System.arraycopy(shortName, 0, data, off, NAME_LENGTH);
        DirectoryRecord r = new DirectoryRecord();
        r.parent = this;
        r.firstSlot = start;
        r.shortSlot = shortSlot;
        r.longName = longName;
        r.shortName = shortName.clone();
        r.ntRes = ntRes;
        r.attributes = attributes;
        r.firstCluster = cluster;
        r.size = size;
        r.creationTenths = DosTime.tenths(now);
        r.creationTime = DosTime.time(now);
        r.creationDate = DosTime.date(now);
        r.accessDate = r.creationDate;
        r.writeTime = r.creationTime;
        r.writeDate = r.creationDate;
        encodeShort(r);
        recountHoles(start, needed);
        if (start + needed > endSlot) {
            endSlot = start + needed;
        }
        markDirty(start, needed);
        shortNames.add(ShortNames.key(shortName));
        index(r);
        writeBack();
        return r;
    }

    private void recountHoles(int start, int needed) {
        // Slots below endSlot that we just filled were holes.
        int filledHoles = Math.max(0, Math.min(endSlot, start + needed) - start);
        holeCount -= filledHoles;
        if (holeCount < 0) {
            holeCount = 0;
        }
    }

    private void growBy(long count) throws IOException {
        VolumeLayout layout = volume.layout();
        int before = clusters.size();
        volume.extend(clusters, count);
        for (int i = before; i < clusters.size(); i++) {
            volume.zeroCluster(clusters.get(i));
        }
        // The zeroed clusters exist before the FAT links them: a torn grow leaves at worst an empty tail.
        volume.flushFat();
        data = Arrays.copyOf(data, clusters.size() * layout.clusterBytes);
        slots = data.length / ENTRY_SIZE;
    }

    /** Rewrites the short entry of {@code r} from its fields and writes it to disk. */
    public void update(DirectoryRecord r) throws IOException {
        encodeShort(r);
        markDirty(r.shortSlot, 1);
        writeBack();
    }

    private void encodeShort(DirectoryRecord r) {
        int off = entryOffset(r.shortSlot);
        System.arraycopy(r.shortName, 0, data, off, NAME_LENGTH);
        data[off + ATTRIBUTES_OFFSET] = (byte) r.attributes;
        data[off + NT_RESERVED_OFFSET] = (byte) r.ntRes;
        data[off + CREATION_TENTHS_OFFSET] = (byte) r.creationTenths;
        LittleEndian.put16(data, off + CREATION_TIME_OFFSET, r.creationTime);
        LittleEndian.put16(data, off + CREATION_DATE_OFFSET, r.creationDate);
        LittleEndian.put16(data, off + ACCESS_DATE_OFFSET, r.accessDate);
        LittleEndian.put16(data, off + WRITE_TIME_OFFSET, r.writeTime);
        LittleEndian.put16(data, off + WRITE_DATE_OFFSET, r.writeDate);
        putFirstCluster(data, off, fat32() ? r.firstCluster : r.firstCluster & 0xFFFF);
        LittleEndian.put32(data, off + FILE_SIZE_OFFSET, (r.attributes & ATTR_DIRECTORY) != 0 ? 0 : r.size);
    }

    /** Marks the slots of {@code r} free (0xE5) and writes them to disk; the record is flagged deleted. */
    public void remove(DirectoryRecord r) throws IOException {
        for (int i = r.firstSlot; i <= r.shortSlot; i++) {
            data[entryOffset(i)] = (byte) FREE_MARKER;
        }
        holeCount += r.slotCount();
        holeHint = Math.min(holeHint, r.firstSlot);
        markDirty(r.firstSlot, r.slotCount());
        bySlot.remove(r.shortSlot);
        if (r.longName != null && byName.get(fold(r.longName)) == r) {
            byName.remove(fold(r.longName));
        }
        String shortDisplay = ShortNames.display(r.shortName, 0, r.ntRes);
        if (byName.get(fold(shortDisplay)) == r) {
            byName.remove(fold(shortDisplay));
        }
        shortNames.remove(ShortNames.key(r.shortName));
        r.deleted = true;
        writeBack();
    }

    /** Points the {@code ..} entry at {@code parentCluster} (0 for the root) and writes it. */
    public void setDotDot(long parentCluster) throws IOException {
        if (dotDot == null) {
            return;
        }
        dotDot.firstCluster = parentCluster;
        update(dotDot);
    }

    /** Sets, replaces or (with {@code null}) removes the root's volume-label entry. */
    public void setVolumeLabelEntry(byte[] label11, LocalDateTime now) throws IOException {
        if (volumeLabel != null) {
            DirectoryRecord old = volumeLabel;
            for (int i = old.firstSlot; i <= old.shortSlot; i++) {
                data[entryOffset(i)] = (byte) FREE_MARKER;
            }
            holeCount += old.slotCount();
            holeHint = Math.min(holeHint, old.firstSlot);
            markDirty(old.firstSlot, old.slotCount());
            shortNames.remove(ShortNames.key(old.shortName));
            volumeLabel = null;
        }
        if (label11 != null) {
            DirectoryRecord r = add(null, label11, 0, ATTR_VOLUME_ID, 0, 0, now);
            bySlot.remove(r.shortSlot);
            String display = fold(ShortNames.display(label11, 0, 0));
            if (byName.get(display) == r) {
                byName.remove(display);
            }
            volumeLabel = r;
        }
        writeBack();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Repairs (VolumeRepairer only): each changes the in-memory copy and writes the changed sectors.

    /**
     * Slots before the end marker that hold a long-name part belonging to no entry: the parts parsing dropped
     * (see {@link #anomalies()}).
     */
    public List<Integer> orphanLongNameSlots() {
        BitSet owned = new BitSet();
        for (DirectoryRecord r : bySlot.values()) {
            owned.set(r.firstSlot, r.shortSlot + 1);
        }
        for (DirectoryRecord r : new DirectoryRecord[] {dotDot, volumeLabel}) {
            if (r != null) {
                owned.set(r.firstSlot, r.shortSlot + 1);
            }
        }
        List<Integer> orphans = new ArrayList<>();
        for (int i = 0; i < endSlot; i++) {
            int off = entryOffset(i);
            if ((data[off] & 0xFF) != FREE_MARKER && isLongNamePart(data, off) && !owned.get(i)) {
                orphans.add(i);
            }
        }
        return orphans;
    }

    /** Marks slot {@code index} free (0xE5) and writes it. */
    public void freeSlot(int index) throws IOException {
        data[entryOffset(index)] = (byte) FREE_MARKER;
        holeCount++;
        holeHint = Math.min(holeHint, index);
        markDirty(index, 1);
        writeBack();
    }

    /** Drops the long name of {@code r}: its parts become free slots; the entry keeps its 8.3 name. */
    public void dropLongName(DirectoryRecord r) throws IOException {
        if (r.longName != null && byName.get(fold(r.longName)) == r) {
            byName.remove(fold(r.longName));
        }
        for (int i = r.firstSlot; i < r.shortSlot; i++) {
            data[entryOffset(i)] = (byte) FREE_MARKER;
            holeCount++;
        }
        markDirty(r.firstSlot, r.slotCount());
        holeHint = Math.min(holeHint, r.firstSlot);
        r.firstSlot = r.shortSlot;
        r.longName = null;
        writeBack();
    }

    /**
     * Gives {@code r} the 8.3 name {@code shortName} (unused here) with the NT flags {@code ntRes}, and rewrites the
     * checksum of its long-name parts so the long name stays attached.
     */
    public void renameShort(DirectoryRecord r, byte[] shortName, int ntRes) throws IOException {
        shortNames.remove(ShortNames.key(r.shortName));
        r.shortName = shortName.clone();
        r.ntRes = ntRes;
        shortNames.add(ShortNames.key(shortName));
        int checksum = LongNameEntryDescriptor.checksum(shortName, 0);
        for (int i = r.firstSlot; i < r.shortSlot; i++) {
            data[entryOffset(i) + LongNameEntryDescriptor.CHECKSUM_OFFSET] = (byte) checksum;
        }
        encodeShort(r);
        markDirty(r.firstSlot, r.slotCount());
        index(r);
        writeBack();
    }

    private void markDirty(int firstSlot, int count) {
        int from = entryOffset(firstSlot) / FatTable.BLOCK;
        int to = (entryOffset(firstSlot + count) - 1) / FatTable.BLOCK + 1;
        dirtySectors.set(from, to);
    }

    /** Writes every changed 512-byte sector of this directory to disk. */
    public void writeBack() throws IOException {
        if (dirtySectors.isEmpty()) {
            return;
        }
        VolumeLayout layout = volume.layout();
        for (int s = dirtySectors.nextSetBit(0); s >= 0; s = dirtySectors.nextSetBit(s + 1)) {
            long byteInDir = (long) s * FatTable.BLOCK;
            long diskOffset;
            if (clusters == null) {
                diskOffset = layout.rootDirOffset() + byteInDir;
            } else {
                int clusterIndex = (int) (byteInDir / layout.clusterBytes);
                diskOffset = layout.clusterOffset(clusters.get(clusterIndex)) + byteInDir % layout.clusterBytes;
            }
            volume.write(diskOffset, data, (int) byteInDir, FatTable.BLOCK);
        }
        dirtySectors.clear();
    }

    /** Writes the {@code .} and {@code ..} entries of a new directory into the zeroed cluster buffer. */
    public static void initialiseNew(byte[] cluster, long self, long parent, LocalDateTime now) {
        Arrays.fill(cluster, (byte) 0);
        writeDotEntry(cluster, 0, DOT, self, now);
        writeDotEntry(cluster, ENTRY_SIZE, DOT_DOT, parent, now);
    }

    private static void writeDotEntry(byte[] b, int off, String name, long cluster, LocalDateTime now) {
        for (int i = 0; i < NAME_LENGTH; i++) {
            b[off + i] = (byte) name.charAt(i);
        }
        b[off + ATTRIBUTES_OFFSET] = (byte) ATTR_DIRECTORY;
        b[off + CREATION_TENTHS_OFFSET] = (byte) DosTime.tenths(now);
        LittleEndian.put16(b, off + CREATION_TIME_OFFSET, DosTime.time(now));
        LittleEndian.put16(b, off + CREATION_DATE_OFFSET, DosTime.date(now));
        LittleEndian.put16(b, off + ACCESS_DATE_OFFSET, DosTime.date(now));
        LittleEndian.put16(b, off + WRITE_TIME_OFFSET, DosTime.time(now));
        LittleEndian.put16(b, off + WRITE_DATE_OFFSET, DosTime.date(now));
        putFirstCluster(b, off, cluster);
    }
}
