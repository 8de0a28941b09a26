package org.kernkit.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A disk of fixed-size sectors, the only thing a FAT file system needs below it.
 *
 * <p>Implementations: a file-backed image in this module, and the VMBus block service's guest device in
 * {@code kernkit-vmbus}.
 *
 * <p>Thread-safety: implementations need not be thread-safe; a file system serialises its own calls.
 */
public interface BlockDevice extends Closeable {

    /** The sector size every kernkit device uses, in bytes. */
    int SECTOR_SIZE = 512;

    /**
     * Number of {@link #SECTOR_SIZE}-byte sectors on the device.
     *
     * @return the sector count, fixed for the device's lifetime
     * @throws IOException if the device cannot report its size
     */
    long sectorCount() throws IOException;

    /**
     * Reads whole sectors starting at {@code firstSector} into {@code dst}, filling it from its position to its
     * limit; on return the position has advanced by the bytes read.
     *
     * @param firstSector the first sector to read, counted from 0
     * @param dst the buffer to fill; the caller keeps ownership and the device does not retain it
     * @throws IllegalArgumentException if {@code dst.remaining()} is not a multiple of {@link #SECTOR_SIZE}
     * @throws java.io.EOFException if the range passes {@link #sectorCount()}
     * @throws IOException if the device fails
     */
    void read(long firstSector, ByteBuffer dst) throws IOException;

    /**
     * Writes whole sectors starting at {@code firstSector} from {@code src}, from its position to its limit; on
     * return the position has advanced by the bytes written. The data may sit in a cache until {@link #flush()}.
     *
     * @param firstSector the first sector to write, counted from 0
     * @param src the bytes to write; the caller keeps ownership and the device does not retain it
     * @throws IllegalArgumentException if {@code src.remaining()} is not a multiple of {@link #SECTOR_SIZE}
     * @throws java.io.EOFException if the range passes {@link #sectorCount()}
     * @throws IOException if the device fails or is read-only
     */
    void write(long firstSector, ByteBuffer src) throws IOException;

    /**
     * Makes every completed {@link #write} durable on the underlying storage. A file system uses it as its
     * durability barrier: no write issued after a {@code flush} may reach the storage before the writes issued
     * before it.
     *
     * @throws IOException if the storage cannot confirm the writes are durable; they may then be lost on power loss
     */
    void flush() throws IOException;

    /**
     * A view of {@code device} whose {@link #flush()} does nothing: no barrier, no sync. It trades the power-loss
     * guarantee for speed (as mtools does, which never syncs): what a process kill leaves is unchanged (every
     * write issued is in the OS cache), but after a power loss the OS may have written any subset of the
     * unsynced writes, so a torn operation can leave an entry pointing at unwritten data. Closing the view closes
     * {@code device}.
     *
     * @param device the device to wrap; the view takes ownership of it
     * @return a view that forwards sector count, reads, writes and close to {@code device}
     */
    static BlockDevice withoutBarriers(BlockDevice device) {
        return new BlockDevice() {
            @Override
            public long sectorCount() throws IOException {
                return device.sectorCount();
            }

            @Override
            public void read(long firstSector, java.nio.ByteBuffer dst) throws IOException {
                device.read(firstSector, dst);
            }

            @Override
            public void write(long firstSector, java.nio.ByteBuffer src) throws IOException {
                device.write(firstSector, src);
            }

            @Override
            public void flush() {
                // deliberately nothing: see withoutBarriers
            }

            @Override
            public void close() throws IOException {
                device.close();
            }
        };
    }
}
