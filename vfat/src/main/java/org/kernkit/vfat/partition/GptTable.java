package org.kernkit.vfat.partition;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.partition.internal.GptEntryDescriptor;

/**
 * A GUID partition table (UEFI specification, chapter "GUID Partition Table Disk Layout").
 *
 * <pre>
 * LBA 0            protective MBR (one entry, type 0xEE, LBA 1 .. end of disk)
 * LBA 1            primary header  ----+  both carry the header CRC32 and the array CRC32
 * LBA 2 .. 33      primary entry array |  (128 entries of 128 bytes)
 * LBA 34 ..        partitions          |  (first usable .. last usable; kernkit starts them on 1 MiB)
 * LBA n-33 .. n-2  backup entry array  |
 * LBA n-1          backup header  -----+
 * </pre>
 *
 * <p>Validated on construction: every partition inside the usable sectors, no two overlapping, numbers within the
 * entry count, partition GUIDs unique, every type with a GPT type GUID. A table read from a disk whose primary
 * header or array was damaged is built from the backup; {@link #usedBackup()} and {@link #warnings()} say so.
 *
 * <p>Immutable and thread-safe. Two tables are equal when they describe the same layout and partitions; how they
 * were read ({@link #warnings()}, {@link #usedBackup()}) does not count.
 */
public final class GptTable implements PartitionTable {

    private final long diskSectors;
    private final UUID diskGuid;
    private final long firstUsable;
    private final long lastUsable;
    private final int entryCount;
    private final int entrySize;
    private final List<Partition> partitions;
    private final List<String> warnings;
    private final boolean usedBackup;

    /**
     * The full constructor, shared by {@link #of} and the reader.
     *
     * @throws PartitionTableException if the partitions break the rules in the class comment
     */
    GptTable(long diskSectors, UUID diskGuid, long firstUsable, long lastUsable, int entryCount, int entrySize,
            List<Partition> partitions, List<String> warnings, boolean usedBackup) throws PartitionTableException {
        List<Partition> canonical = new ArrayList<>(partitions.size());
        for (Partition p : partitions) {
            if (p.number() > entryCount) {
                throw new PartitionTableException("GPT: partition number " + p.number() + " exceeds the "
                        + entryCount + " entries of the array");
            }
            if (p.type().gptGuid().isEmpty()) {
                throw new PartitionTableException("GPT: partition " + p.number() + " has type " + p.type()
                        + ", which has no GPT type GUID");
            }
            if (p.uniqueGuid() == null) {
                throw new PartitionTableException("GPT: partition " + p.number() + " has no unique GUID");
            }
            canonical.add(new Partition(p.number(), PartitionType.ofGptGuid(p.type().gptGuid().get()),
                    p.firstSector(), p.sectorCount(), p.bootable(), p.name(), p.uniqueGuid(), p.attributes()));
        }
        PartitionExtents.check("GPT", canonical, firstUsable, lastUsable, diskSectors);
        Set<UUID> duplicates = GptCodec.duplicateGuids(canonical);
        if (!duplicates.isEmpty()) {
            throw new PartitionTableException("GPT: unique partition GUIDs used more than once: " + duplicates);
        }
        canonical.sort(Comparator.comparingInt(Partition::number));
        this.diskSectors = diskSectors;
        this.diskGuid = Objects.requireNonNull(diskGuid, "diskGuid");
        this.firstUsable = firstUsable;
        this.lastUsable = lastUsable;
        this.entryCount = entryCount;
        this.entrySize = entrySize;
        this.partitions = List.copyOf(canonical);
        this.warnings = List.copyOf(warnings);
        this.usedBackup = usedBackup;
    }

    /**
     * A table of exactly these partitions in the standard layout: 128 entries of 128 bytes, usable sectors
     * 34 .. {@code diskSectors - 34}. Types are canonicalised by GPT GUID ({@link PartitionType#ofGptGuid}).
     *
     * @param diskSectors the disk size in sectors
     * @param diskGuid the disk GUID
     * @param partitions the partitions, in any order; copied
     * @return the validated table
     * @throws PartitionTableException if the disk is too small for the layout (at most 68 sectors) or the
     *                                 partitions break the rules in the class comment
     */
    public static GptTable of(long diskSectors, UUID diskGuid, List<Partition> partitions)
            throws PartitionTableException {
        long arraySectors = standardArraySectors();
        long firstUsable = 2 + arraySectors;
        long lastUsable = diskSectors - 2 - arraySectors;
        if (lastUsable < firstUsable) {
            throw new PartitionTableException("GPT: a disk of " + diskSectors + " sectors is too small for two"
                    + " headers and two entry arrays of " + arraySectors + " sectors");
        }
        return new GptTable(diskSectors, diskGuid, firstUsable, lastUsable, GptEntryDescriptor.DEFAULT_COUNT,
                GptEntryDescriptor.SIZE, partitions, List.of(), false);
    }

    /**
     * Reads and validates the GPT of {@code disk}. A damaged primary header or array (bad signature, CRC, MyLBA
     * or bounds) falls back to the backup, with a warning; a damaged backup beside a good primary gives a warning
     * too; so does a missing protective MBR.
     *
     * @param disk the disk to read; the caller keeps ownership
     * @return the table, with {@link #warnings()} for every repair or tolerated damage
     * @throws PartitionTableException if neither header is valid (the message gives both problems), if both are
     *                                 valid but disagree (the message lists the fields), or if the entries
     *                                 overlap, pass the usable sectors or repeat a GUID
     * @throws IOException if the device fails
     */
    public static GptTable read(BlockDevice disk) throws IOException {
        return GptCodec.STANDARD.read(disk);
    }

    /**
     * A builder for a disk of {@code diskSectors} in the standard layout, partitions on 1 MiB boundaries.
     *
     * @param diskSectors the disk size in sectors
     * @return a new builder, not thread-safe
     * @throws IllegalArgumentException if {@code diskSectors} is not positive
     */
    public static Builder builder(long diskSectors) {
        if (diskSectors < 1) {
            throw new IllegalArgumentException("GPT: a disk of " + diskSectors + " sectors");
        }
        return new Builder(diskSectors);
    }

    /**
     * The disk GUID.
     *
     * @return the GUID that identifies the disk
     */
    public UUID diskGuid() {
        return diskGuid;
    }

    /**
     * First sector a partition may use.
     *
     * @return the first sector after the primary header and entry array
     */
    public long firstUsableSector() {
        return firstUsable;
    }

    /**
     * Last sector a partition may use (inclusive).
     *
     * @return the last sector before the backup entry array and header
     */
    public long lastUsableSector() {
        return lastUsable;
    }

    /**
     * Number of entries in the partition entry array (used and unused).
     *
     * @return the entry count recorded in the header; 128 for a table this library builds
     */
    public int entryCount() {
        return entryCount;
    }

    /**
     * Size of one entry in bytes (128 x 2^n).
     *
     * @return the entry size recorded in the header; 128 for a table this library builds
     */
    public int entrySize() {
        return entrySize;
    }

    /**
     * Whether reading had to use the backup header, the primary being damaged; {@link #warnings()} says why.
     *
     * @return true if the table came from the backup header; false for a built table
     */
    public boolean usedBackup() {
        return usedBackup;
    }

    @Override
    public long diskSectors() {
        return diskSectors;
    }

    @Override
    public List<Partition> partitions() {
        return partitions;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String kind() {
        return "GPT";
    }

    /**
     * Writes protective MBR, both headers and both arrays (standard positions: array at LBA 2 and just before the
     * backup header), backup copy first, then flushes. Writing a table read from the backup restores the primary.
     *
     * @throws PartitionTableException if the disk's size is not {@link #diskSectors()}, or the usable sectors
     *                                 leave no room for the arrays at the standard positions
     */
    @Override
    public void write(BlockDevice disk) throws IOException {
        GptCodec.STANDARD.write(disk, this);
    }

    @Override
    public String describe() {
        return TableListing.describe("GPT disk of " + diskSectors + " sectors, disk GUID " + diskGuid
                + ", usable sectors " + firstUsable + ".." + lastUsable, partitions, warnings, true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GptTable t && t.diskSectors == diskSectors && t.diskGuid.equals(diskGuid)
                && t.firstUsable == firstUsable && t.lastUsable == lastUsable && t.entryCount == entryCount
                && t.entrySize == entrySize && t.partitions.equals(partitions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(diskSectors, diskGuid, firstUsable, lastUsable, entryCount, entrySize, partitions);
    }

    @Override
    public String toString() {
        return describe();
    }

    private static long standardArraySectors() {
        return Sectors.forBytes((long) GptEntryDescriptor.DEFAULT_COUNT * GptEntryDescriptor.SIZE);
    }

    /**
     * Lays out a GPT: partitions numbered 1, 2, ... in the order added, each starting and ending on a 1 MiB
     * boundary; disk GUID and partition GUIDs version-4, from a {@link SecureRandom} unless {@link #random} or
     * {@link #seed} is given. Not thread-safe.
     */
    public static final class Builder {

        /** Redraws of a GUID that repeats one already given before the source is called broken. */
        private static final int MAX_REDRAWS = 64;

        private record Request(PartitionType type, long sectors, String name) {}

        private final long diskSectors;
        private final List<Request> requests = new ArrayList<>();
        private RandomGenerator random;
        private Long seed;

        private Builder(long diskSectors) {
            this.diskSectors = diskSectors;
        }

        /**
         * Adds a partition of {@code sizeBytes}, rounded up to whole MiB.
         *
         * @param type what the partition holds
         * @param sizeBytes its size in bytes, before rounding up
         * @param name the GPT partition name
         * @return this builder
         * @throws IllegalArgumentException if {@code sizeBytes} is not positive, the type has no GPT GUID, or the
         *                                  name is longer than 36 UTF-16 units
         */
        public Builder add(PartitionType type, long sizeBytes, String name) {
            requests.add(request(type, AlignedAllocator.sectorsFor(sizeBytes), name));
            return this;
        }

        /**
         * Adds a partition over every whole MiB of usable sectors left after the ones added so far.
         *
         * @param type what the partition holds
         * @param name the GPT partition name
         * @return this builder
         */
        public Builder addRemaining(PartitionType type, String name) {
            requests.add(request(type, -1, name));
            return this;
        }

        /**
         * Draws the GUIDs from {@code random} (replacing an earlier {@link #seed}).
         *
         * @param random the GUID source, not null; a seeded one gives reproducible tables on one JDK
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            this.seed = null;
            return this;
        }

        /**
         * Derives the GUIDs from {@code seed} alone (SHA-256 of seed and index), so the same seed gives the same
         * table on every JDK, and every {@link #build()} of this builder the same table: what reproducible builds
         * ({@code SOURCE_DATE_EPOCH}) need. Replaces an earlier {@link #random}.
         *
         * @param seed any value; equal seeds give equal GUIDs
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            this.random = null;
            return this;
        }

        /**
         * The table.
         *
         * @return the table; the builder may be used again
         * @throws PartitionTableException if the partitions do not fit, there are more than 128, or the GUID
         *                                 source keeps repeating itself
         */
        public GptTable build() throws PartitionTableException {
            if (requests.size() > GptEntryDescriptor.DEFAULT_COUNT) {
                throw new PartitionTableException("GPT: " + requests.size() + " partitions requested, the array"
                        + " holds " + GptEntryDescriptor.DEFAULT_COUNT);
            }
            // A fresh source per build: building twice from one seed gives the same table twice.
            GuidSource source = seed != null ? GuidSource.fromSeed(seed)
                    : GuidSource.from(random != null ? random : new SecureRandom());
            Set<UUID> given = new java.util.HashSet<>();
            UUID diskGuid = fresh(source, given);
            long arraySectors = standardArraySectors();
            AlignedAllocator allocator = new AlignedAllocator("GPT", 2 + arraySectors,
                    diskSectors - 2 - arraySectors, diskSectors);
            List<Partition> partitions = new ArrayList<>();
            for (Request r : requests) {
                int number = partitions.size() + 1;
                long[] placed = allocator.place(number, r.sectors());
                partitions.add(Partition.gpt(number, r.type(), placed[0], placed[1], fresh(source, given), r.name(),
                        false, 0));
            }
            return of(diskSectors, diskGuid, partitions);
        }

        private static UUID fresh(GuidSource source, Set<UUID> given) throws PartitionTableException {
            for (int i = 0; i < MAX_REDRAWS; i++) {
                UUID guid = source.next();
                if (given.add(guid)) {
                    return guid;
                }
            }
            throw new PartitionTableException("GPT: the random source repeated a GUID " + MAX_REDRAWS
                    + " times in a row");
        }

        private static Request request(PartitionType type, long sectors, String name) {
            Objects.requireNonNull(type, "type");
            if (type.gptGuid().isEmpty()) {
                throw new IllegalArgumentException("type " + type + " has no GPT type GUID");
            }
            if (name.length() > GptEntryDescriptor.NAME_UNITS) {
                throw new IllegalArgumentException("partition name \"" + name + "\" is longer than "
                        + GptEntryDescriptor.NAME_UNITS + " UTF-16 units");
            }
            return new Request(type, sectors, name);
        }
    }
}
