package org.kernkit.vfat.partition;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.partition.internal.MbrDescriptor;

/**
 * A master boot record partition table: up to four primary partitions, addressed by 32-bit LBA (so a disk of at
 * most 2 TiB), and a 32-bit disk signature.
 *
 * <p>Validated on construction: partitions in slots 1..4, inside sectors 1 .. {@code diskSectors - 1}, no two
 * overlapping, each with an MBR type code. Extended partitions are listed as entries; the logical partitions
 * inside them are not followed.
 *
 * <p>Immutable and thread-safe.
 */
public final class MbrTable implements PartitionTable {

    private static final long U32_MAX = 0xFFFFFFFFL;

    private final long diskSectors;
    private final int diskSignature;
    private final List<Partition> partitions;

    private MbrTable(long diskSectors, int diskSignature, List<Partition> partitions) {
        this.diskSectors = diskSectors;
        this.diskSignature = diskSignature;
        this.partitions = partitions;
    }

    /**
     * A table of exactly these partitions. Types are canonicalised by MBR code ({@link PartitionType#ofMbrCode});
     * GPT-only fields must be empty.
     *
     * @param diskSectors the disk size in sectors
     * @param diskSignature the 32-bit disk signature
     * @param partitions the partitions, in any order; copied
     * @return the validated table
     * @throws PartitionTableException if a partition overlaps another, lies outside sectors 1 .. diskSectors - 1,
     *                                 uses a slot outside 1..4 or twice, has no MBR type code, has GPT fields, or
     *                                 does not fit 32-bit LBA
     */
    public static MbrTable of(long diskSectors, int diskSignature, List<Partition> partitions)
            throws PartitionTableException {
        if (diskSectors < 2) {
            throw new PartitionTableException("MBR: a disk of " + diskSectors + " sectors has no room for a"
                    + " partition");
        }
        List<Partition> canonical = new ArrayList<>(partitions.size());
        for (Partition p : partitions) {
            if (p.number() > MbrDescriptor.ENTRY_COUNT) {
                throw new PartitionTableException("MBR: partition number " + p.number() + " is outside 1..4");
            }
            if (p.type().mbrCode().isEmpty()) {
                throw new PartitionTableException("MBR: partition " + p.number() + " has type " + p.type()
                        + ", which has no MBR type code");
            }
            if (p.uniqueGuid() != null || !p.name().isEmpty() || p.attributes() != 0) {
                throw new PartitionTableException("MBR: partition " + p.number()
                        + " has a GPT name, GUID or attributes, which an MBR cannot store");
            }
            if (p.firstSector() > U32_MAX || p.sectorCount() > U32_MAX) {
                throw new PartitionTableException("MBR: partition " + p.number() + " "
                        + PartitionExtents.range(p) + " does not fit 32-bit LBA (first sector and count at most "
                        + U32_MAX + ")");
            }
            canonical.add(Partition.mbr(p.number(), PartitionType.ofMbrCode(p.type().mbrCode().getAsInt()),
                    p.firstSector(), p.sectorCount(), p.bootable()));
        }
        PartitionExtents.check("MBR", canonical, 1, diskSectors - 1, diskSectors);
        canonical.sort(Comparator.comparingInt(Partition::number));
        return new MbrTable(diskSectors, diskSignature, List.copyOf(canonical));
    }

    /**
     * Reads and validates the MBR of {@code disk}. A GPT's protective MBR reads as one partition of type
     * {@link PartitionType#GPT_PROTECTIVE}; use {@link PartitionTable#read} to get the GPT behind it.
     *
     * @param disk the disk to read; the caller keeps ownership
     * @return the table
     * @throws PartitionTableException if sector 0 has no 0x55AA signature, an entry's status byte is not 0x00 or
     *                                 0x80, or the entries break the rules of {@link #of}
     * @throws IOException if the device fails
     */
    public static MbrTable read(BlockDevice disk) throws IOException {
        long sectors = disk.sectorCount();
        if (sectors < 1) {
            throw new PartitionTableException("the disk has no sectors, so no MBR");
        }
        return MbrCodec.decode(Sectors.read(disk, 0, 1), sectors);
    }

    /**
     * A builder for a disk of {@code diskSectors}, partitions placed one after another on 1 MiB boundaries.
     *
     * @param diskSectors the disk size in sectors
     * @return a new builder, not thread-safe
     * @throws IllegalArgumentException if {@code diskSectors} is below 2
     */
    public static Builder builder(long diskSectors) {
        if (diskSectors < 2) {
            throw new IllegalArgumentException("MBR: a disk of " + diskSectors + " sectors is too small");
        }
        return new Builder(diskSectors);
    }

    /**
     * The 32-bit disk signature (Windows' disk identifier, Linux's {@code PTUUID}).
     *
     * @return the signature stored at byte 440 of sector 0
     */
    public int diskSignature() {
        return diskSignature;
    }

    @Override
    public long diskSectors() {
        return diskSectors;
    }

    @Override
    public List<Partition> partitions() {
        return partitions;
    }

    /** Always empty: an MBR has nothing to fall back on, so every problem is an error. */
    @Override
    public List<String> warnings() {
        return List.of();
    }

    @Override
    public String kind() {
        return "MBR";
    }

    @Override
    public void write(BlockDevice disk) throws IOException {
        long sectors = disk.sectorCount();
        if (sectors != diskSectors) {
            throw new PartitionTableException("MBR: the table is for a disk of " + diskSectors
                    + " sectors, the device has " + sectors);
        }
        Sectors.write(disk, 0, MbrCodec.encode(this, Sectors.read(disk, 0, 1)));
        disk.flush();
    }

    @Override
    public String describe() {
        return TableListing.describe("MBR disk of " + diskSectors + " sectors, disk signature 0x"
                + HexFormat.of().toHexDigits(diskSignature), partitions, warnings(), false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MbrTable t && t.diskSectors == diskSectors && t.diskSignature == diskSignature
                && t.partitions.equals(partitions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(diskSectors, diskSignature, partitions);
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Lays out an MBR: partitions numbered 1, 2, ... in the order added, each starting and ending on a 1 MiB boundary.
     * Not thread-safe.
     */
    public static final class Builder {

        private record Request(PartitionType type, long sectors, boolean bootable) {}

        private final long diskSectors;
        private final List<Request> requests = new ArrayList<>();
        private Integer diskSignature;
        private RandomGenerator random;

        private Builder(long diskSectors) {
            this.diskSectors = diskSectors;
        }

        /**
         * Adds a partition of {@code sizeBytes}, rounded up to whole MiB.
         *
         * @param type what the partition holds; it needs an MBR code
         * @param sizeBytes its size in bytes, before rounding up
         * @param bootable whether to set the active flag
         * @return this builder
         * @throws IllegalArgumentException if {@code sizeBytes} is not positive
         */
        public Builder add(PartitionType type, long sizeBytes, boolean bootable) {
            requests.add(new Request(Objects.requireNonNull(type, "type"), AlignedAllocator.sectorsFor(sizeBytes),
                    bootable));
            return this;
        }

        /**
         * Adds a partition over every whole MiB left after the ones added so far.
         *
         * @param type what the partition holds; it needs an MBR code
         * @param bootable whether to set the active flag
         * @return this builder
         */
        public Builder addRemaining(PartitionType type, boolean bootable) {
            requests.add(new Request(Objects.requireNonNull(type, "type"), -1, bootable));
            return this;
        }

        /**
         * Uses this disk signature instead of a random one.
         *
         * @param signature the 32-bit disk signature
         * @return this builder
         */
        public Builder diskSignature(int signature) {
            this.diskSignature = signature;
            return this;
        }

        /**
         * Draws the disk signature from {@code random} (a seeded one makes the table reproducible).
         *
         * @param random the source of the disk signature
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The table. Without {@link #diskSignature} or {@link #random}, the signature comes from a
         * {@link SecureRandom}.
         *
         * @return the table
         * @throws PartitionTableException if there are more than four partitions or they do not fit
         */
        public MbrTable build() throws PartitionTableException {
            if (requests.size() > MbrDescriptor.ENTRY_COUNT) {
                throw new PartitionTableException("MBR: " + requests.size()
                        + " partitions requested, an MBR holds 4");
            }
            AlignedAllocator allocator = new AlignedAllocator("MBR", 1, diskSectors - 1, diskSectors);
            List<Partition> partitions = new ArrayList<>();
            for (Request r : requests) {
                int number = partitions.size() + 1;
                long[] placed = allocator.place(number, r.sectors());
                partitions.add(Partition.mbr(number, r.type(), placed[0], placed[1], r.bootable()));
            }
            int signature = diskSignature != null ? diskSignature
                    : (random != null ? random : new SecureRandom()).nextInt();
            return of(diskSectors, signature, partitions);
        }
    }
}
