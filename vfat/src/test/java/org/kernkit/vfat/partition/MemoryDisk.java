package org.kernkit.vfat.partition;

import java.io.EOFException;
import java.nio.ByteBuffer;
import org.kernkit.block.BlockDevice;

/** A disk in a byte array, so tests can read and damage the bytes directly. */
final class MemoryDisk implements BlockDevice {

    final byte[] bytes;
    boolean closed;

    MemoryDisk(long sectors) {
        this.bytes = new byte[Math.toIntExact(sectors * SECTOR_SIZE)];
    }

    MemoryDisk(byte[] bytes) {
        this.bytes = bytes;
    }

    MemoryDisk copy() {
        return new MemoryDisk(bytes.clone());
    }

    @Override
    public long sectorCount() {
        return bytes.length / SECTOR_SIZE;
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) throws EOFException {
        int offset = check(firstSector, dst.remaining());
        dst.put(bytes, offset, dst.remaining());
    }

    @Override
    public void write(long firstSector, ByteBuffer src) throws EOFException {
        int offset = check(firstSector, src.remaining());
        src.get(bytes, offset, src.remaining());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        closed = true;
    }

    private int check(long firstSector, int length) throws EOFException {
        if (length % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException(length + " bytes is not whole sectors");
        }
        if (firstSector < 0 || firstSector * SECTOR_SIZE + length > bytes.length) {
            throw new EOFException("sector " + firstSector + " + " + length + " bytes passes " + bytes.length);
        }
        return (int) (firstSector * SECTOR_SIZE);
    }
}
