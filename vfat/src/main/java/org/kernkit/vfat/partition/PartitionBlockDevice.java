package org.kernkit.vfat.partition;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.kernkit.block.BlockDevice;

/**
 * One partition of a disk as a {@link BlockDevice} of its own: sector 0 of this device is the partition's first
 * sector, and nothing outside the partition can be reached through it. A {@code FatFileSystem} formats and opens
 * inside a partition through this view, unchanged.
 *
 * <p>Ownership: an {@link #owning} view closes the disk when it is closed (a {@code FatFileSystem} closes its
 * device, so this is what {@code FatFileSystem.open(view, mode)} on a freshly opened image wants); a
 * {@link #borrowing} view leaves the disk open. Thread-safety: that of the disk; the view adds no state but its
 * bounds.
 */
public final class PartitionBlockDevice implements BlockDevice {

    private final BlockDevice disk;
    private final long firstSector;
    private final long sectorCount;
    private final boolean ownsDisk;

    private PartitionBlockDevice(BlockDevice disk, long firstSector, long sectorCount, boolean ownsDisk) {
        this.disk = disk;
        this.firstSector = firstSector;
        this.sectorCount = sectorCount;
        this.ownsDisk = ownsDisk;
    }

    /**
     * A view of {@code partition} that closes {@code disk} when closed.
     *
     * @param disk the whole disk; the view takes ownership of it
     * @param partition the partition to expose
     * @return a device whose sector 0 is the partition's first sector
     * @throws PartitionTableException if the partition passes the end of the disk
     * @throws IOException if the disk's size cannot be read
     */
    public static PartitionBlockDevice owning(BlockDevice disk, Partition partition) throws IOException {
        return slice(disk, partition.firstSector(), partition.sectorCount(), true);
    }

    /**
     * A view of {@code partition} whose {@link #close()} leaves {@code disk} open.
     *
     * @param disk the whole disk; the caller keeps ownership and must keep it open while the view is used
     * @param partition the partition to expose
     * @return a device whose sector 0 is the partition's first sector
     * @throws PartitionTableException if the partition passes the end of the disk
     * @throws IOException if the disk's size cannot be read
     */
    public static PartitionBlockDevice borrowing(BlockDevice disk, Partition partition) throws IOException {
        return slice(disk, partition.firstSector(), partition.sectorCount(), false);
    }

    /**
     * A view of sectors {@code firstSector .. firstSector + sectorCount - 1} of {@code disk}.
     *
     * @param ownsDisk whether {@link #close()} closes {@code disk}
     * @param disk the whole disk
     * @param firstSector the disk sector that becomes sector 0
     * @param sectorCount the number of sectors the view has
     * @return a device over that range; reads and writes outside it are refused
     * @throws IllegalArgumentException if the range is empty or negative
     * @throws PartitionTableException if the range passes the end of the disk
     * @throws IOException if the disk's size cannot be read
     */
    public static PartitionBlockDevice slice(BlockDevice disk, long firstSector, long sectorCount, boolean ownsDisk)
            throws IOException {
        Objects.requireNonNull(disk, "disk");
        if (firstSector < 0 || sectorCount < 1 || firstSector + sectorCount < firstSector) {
            throw new IllegalArgumentException("sectors " + firstSector + " + " + sectorCount + " are not a range");
        }
        long diskSectors = disk.sectorCount();
        if (firstSector + sectorCount > diskSectors) {
            throw new PartitionTableException("sectors " + firstSector + ".." + (firstSector + sectorCount - 1)
                    + " pass the end of the disk of " + diskSectors + " sectors");
        }
        return new PartitionBlockDevice(disk, firstSector, sectorCount, ownsDisk);
    }

    /**
     * The disk sector this device's sector 0 maps to.
     *
     * @return the offset, in sectors, added to every sector this device reads or writes
     */
    public long firstSector() {
        return firstSector;
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    @Override
    public void read(long sector, ByteBuffer dst) throws IOException {
        disk.read(toDisk(sector, dst.remaining()), dst);
    }

    @Override
    public void write(long sector, ByteBuffer src) throws IOException {
        disk.write(toDisk(sector, src.remaining()), src);
    }

    @Override
    public void flush() throws IOException {
        disk.flush();
    }

    /** Closes the disk if this view owns it; otherwise does nothing. */
    @Override
    public void close() throws IOException {
        if (ownsDisk) {
            disk.close();
        }
    }

    private long toDisk(long sector, int bytes) throws EOFException {
        if (bytes % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("transfer of " + bytes + " bytes is not a multiple of "
                    + SECTOR_SIZE);
        }
        long sectors = bytes / SECTOR_SIZE;
        if (sector < 0 || sector > sectorCount - sectors) {
            throw new EOFException("sectors " + sector + " + " + sectors + " pass the end of the partition of "
                    + sectorCount + " sectors");
        }
        return firstSector + sector;
    }
}
