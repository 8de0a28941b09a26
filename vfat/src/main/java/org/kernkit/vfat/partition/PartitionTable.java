package org.kernkit.vfat.partition;

import java.io.IOException;
import java.util.List;
import java.util.StringJoiner;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.partition.internal.GptHeaderDescriptor;
import org.kernkit.vfat.partition.internal.MbrDescriptor;

/**
 * A disk's partition table: an {@link MbrTable} or a {@link GptTable}.
 *
 * <pre>
 *   disk (BlockDevice) --read--> PartitionTable --partition(n)--> Partition --PartitionBlockDevice--> FatFileSystem
 *        ^                              |
 *        +------------write-------------+
 * </pre>
 *
 * <p>A table is an immutable value: it is validated when it is built or read (no overlaps, every partition inside
 * the usable sectors), so every instance describes a consistent disk. Reading treats the disk as untrusted: every
 * field is checked before it is used, and a damaged table gives a {@link PartitionTableException} that names the
 * structure and the values. Instances are thread-safe; {@link #write} and {@link #read} use the device without
 * locking, so the caller must not use one device from two threads at once.
 */
public sealed interface PartitionTable permits MbrTable, GptTable {

    /**
     * Size of the disk the table describes, in sectors.
     *
     * @return the disk size in sectors that the table was built for or read from
     */
    long diskSectors();

    /**
     * The partitions, in ascending number; unused slots are left out.
     *
     * @return an immutable list
     */
    List<Partition> partitions();

    /**
     * What reading noticed but could repair or tolerate, each a sentence naming the structure and the values
     * (for example that the primary GPT header was damaged and the backup was used). Empty for a table that was
     * built, and for a clean disk.
     *
     * @return an immutable list of warnings, empty when there was nothing to tolerate
     */
    List<String> warnings();

    /**
     * Writes the table to {@code disk} and flushes it. The MBR boot code (bytes 0..439 of sector 0) is kept as it
     * is; everything the table owns is overwritten, whatever was there (the caller decides whether replacing an
     * existing table is wanted). Partition contents are not touched.
     *
     * @param disk the disk to write to; the caller keeps ownership
     * @throws PartitionTableException if the disk's size is not {@link #diskSectors()}
     * @throws IOException if the device fails
     */
    void write(BlockDevice disk) throws IOException;

    /**
     * The partition numbered {@code number}.
     *
     * @param number the 1-based partition number
     * @return the partition with that number
     * @throws PartitionTableException if there is none; the message lists the numbers there are
     */
    default Partition partition(int number) throws PartitionTableException {
        StringJoiner present = new StringJoiner(", ");
        for (Partition p : partitions()) {
            if (p.number() == number) {
                return p;
            }
            present.add(Integer.toString(p.number()));
        }
        throw new PartitionTableException("no partition " + number + " in the " + kind() + " table; it has "
                + (present.length() == 0 ? "none" : present.toString()));
    }

    /**
     * {@code "MBR"} or {@code "GPT"}.
     *
     * @return the table kind, {@code "MBR"} or {@code "GPT"}
     */
    String kind();

    /**
     * A listing in the manner of {@code sfdisk -l}: a header line with the disk and the table's identifier, then
     * one line per partition (number, first and last sector, sectors, size, type, name), then the warnings.
     *
     * @return the listing, several lines, for people: its format may change
     */
    String describe();

    /**
     * Reads the table of {@code disk}: a GPT when sector 0 holds a protective (0xEE) entry or has no MBR signature
     * while LBA 1 holds a GPT header, else an MBR.
     *
     * @param disk the disk to read; the caller keeps ownership
     * @return an {@link MbrTable} or a {@link GptTable}
     * @throws PartitionTableException if there is no table or it is damaged beyond what {@link #warnings()} covers
     * @throws IOException if the device fails
     */
    static PartitionTable read(BlockDevice disk) throws IOException {
        long sectors = disk.sectorCount();
        if (sectors < 1) {
            throw new PartitionTableException("the disk has no sectors, so no partition table");
        }
        byte[] sector0 = Sectors.read(disk, 0, 1);
        if (!MbrDescriptor.hasSignature(sector0)) {
            if (sectors > 1 && GptHeaderDescriptor.view(Sectors.read(disk, 1, 1)).getLong(0)
                    == GptHeaderDescriptor.SIGNATURE) {
                return GptTable.read(disk);
            }
            throw new PartitionTableException(MbrCodec.signatureProblem(sector0));
        }
        if (MbrCodec.hasProtectiveEntry(sector0)) {
            return GptTable.read(disk);
        }
        return MbrCodec.decode(sector0, sectors);
    }

    /**
     * Reads the table of {@code disk} and returns partition {@code number} as a device of its own, which takes
     * ownership of {@code disk}: closing it closes the disk. On failure the disk is closed. This is what
     * {@code -i disk.img@1} needs: {@code FatFileSystem.open(PartitionTable.openPartition(disk, 1), mode)}.
     *
     * @param disk the whole disk, owned by the returned device from now on
     * @param number the 1-based partition number
     * @return a device over that partition
     * @throws PartitionTableException if there is no table, it is damaged, or it has no partition {@code number}
     * @throws IOException if the device fails
     */
    static PartitionBlockDevice openPartition(BlockDevice disk, int number) throws IOException {
        try {
            PartitionTable table = read(disk);
            try {
                return PartitionBlockDevice.owning(disk, table.partition(number));
            } catch (PartitionTableException e) {
                // A bare FAT image reads as an MBR without entries (its bytes 446..509 are zero or boot code).
                String hinted = MbrCodec.withBootSectorHint(Sectors.read(disk, 0, 1), e.getMessage());
                throw hinted.equals(e.getMessage()) ? e : new PartitionTableException(hinted);
            }
        } catch (IOException | RuntimeException e) {
            disk.close();
            throw e;
        }
    }
}
