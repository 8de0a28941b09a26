package org.kernkit.vfat.partition;

import java.util.Objects;
import java.util.UUID;
import org.kernkit.block.BlockDevice;

/**
 * One partition of a table: where it lies and what it holds.
 *
 * <p>{@code number} is 1-based: the MBR slot (1..4) or the GPT entry index + 1, as {@code sfdisk} and
 * {@code sgdisk} number them. Sectors are {@value BlockDevice#SECTOR_SIZE} bytes. GPT-only fields are empty on
 * an MBR partition: {@code name} is {@code ""}, {@code uniqueGuid} is {@code null}, {@code attributes} is 0.
 * {@code bootable} is the MBR active flag, and on GPT attribute bit 2 (legacy BIOS bootable), which is therefore
 * never part of {@code attributes}.
 *
 * @param number     1-based partition number
 * @param type       what the partition holds
 * @param firstSector first sector, counted from the start of the disk
 * @param sectorCount number of sectors, at least 1
 * @param bootable   MBR active flag / GPT legacy-BIOS-bootable attribute
 * @param name       GPT partition name (at most 36 UTF-16 units), {@code ""} on MBR
 * @param uniqueGuid GPT unique partition GUID, {@code null} on MBR
 * @param attributes GPT attribute bits other than bit 2
 */
public record Partition(int number, PartitionType type, long firstSector, long sectorCount, boolean bootable,
        String name, UUID uniqueGuid, long attributes) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code number < 1}, {@code firstSector < 0}, {@code sectorCount < 1},
     *                                  the end overflows, the name is longer than 36 UTF-16 units or contains NUL,
     *                                  or {@code attributes} has bit 2 set
     */
    public Partition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (number < 1) {
            throw new IllegalArgumentException("partition number " + number + " is below 1");
        }
        if (firstSector < 0 || sectorCount < 1 || firstSector + sectorCount < firstSector) {
            throw new IllegalArgumentException("partition " + number + ": first sector " + firstSector
                    + " and sector count " + sectorCount + " do not describe a range");
        }
        if (name.length() > 36 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("partition " + number + ": name \"" + name
                    + "\" is longer than 36 UTF-16 units or contains NUL");
        }
        if ((attributes & 1L << 2) != 0) {
            throw new IllegalArgumentException("partition " + number
                    + ": attribute bit 2 (legacy BIOS bootable) is given by bootable, not attributes");
        }
    }

    /**
     * An MBR partition.
     *
     * @param number the MBR slot, 1 to 4 in a valid table
     * @param type what the partition holds
     * @param firstSector first sector, counted from the start of the disk
     * @param sectorCount number of sectors, at least 1
     * @param bootable the MBR active flag
     * @return a partition with empty GPT fields
     * @throws IllegalArgumentException as the canonical constructor, for fields out of range
     */
    public static Partition mbr(int number, PartitionType type, long firstSector, long sectorCount,
            boolean bootable) {
        return new Partition(number, type, firstSector, sectorCount, bootable, "", null, 0);
    }

    /**
     * A GPT partition.
     *
     * @param number the GPT entry index + 1
     * @param type what the partition holds
     * @param firstSector first sector, counted from the start of the disk
     * @param sectorCount number of sectors, at least 1
     * @param uniqueGuid the unique partition GUID, not null
     * @param name the partition name, at most 36 UTF-16 units
     * @param bootable the legacy-BIOS-bootable attribute (bit 2)
     * @param attributes the other attribute bits, without bit 2
     * @return the partition
     * @throws NullPointerException if {@code uniqueGuid}, {@code type} or {@code name} is null
     * @throws IllegalArgumentException as the canonical constructor, for fields out of range
     */
    public static Partition gpt(int number, PartitionType type, long firstSector, long sectorCount, UUID uniqueGuid,
            String name, boolean bootable, long attributes) {
        Objects.requireNonNull(uniqueGuid, "uniqueGuid");
        return new Partition(number, type, firstSector, sectorCount, bootable, name, uniqueGuid, attributes);
    }

    /**
     * The last sector (inclusive).
     *
     * @return {@code firstSector + sectorCount - 1}
     */
    public long lastSector() {
        return firstSector + sectorCount - 1;
    }

    /**
     * Byte offset of the partition on the disk: what mtools' {@code -i disk.img@@OFFSET} takes.
     *
     * @return {@code firstSector} times the sector size
     */
    public long firstByte() {
        return firstSector * BlockDevice.SECTOR_SIZE;
    }

    /**
     * Size in bytes.
     *
     * @return {@code sectorCount} times the sector size
     */
    public long sizeBytes() {
        return sectorCount * BlockDevice.SECTOR_SIZE;
    }

    /**
     * Whether this partition and {@code other} share a sector.
     *
     * @param other another partition of the same disk
     * @return true if their sector ranges intersect
     */
    public boolean overlaps(Partition other) {
        return firstSector <= other.lastSector() && other.firstSector <= lastSector();
    }
}
