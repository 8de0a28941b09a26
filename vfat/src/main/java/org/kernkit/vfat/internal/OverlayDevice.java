package org.kernkit.vfat.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.kernkit.block.BlockDevice;

/**
 * A device that keeps every write in memory and reads through to {@code base} elsewhere: a dry run of a repair
 * runs the real repair against it, so it reports exactly what the repair would do and can check the result, while
 * {@code base} (opened read-only) is never written. Closing it leaves {@code base} open. Not thread-safe.
 */
public final class OverlayDevice implements BlockDevice {

    private final BlockDevice base;
    private final Map<Long, byte[]> written = new HashMap<>();

    public OverlayDevice(BlockDevice base) {
        this.base = base;
    }

    @Override
    public long sectorCount() throws IOException {
        return base.sectorCount();
    }

    @Override
    public void read(long sector, ByteBuffer dst) throws IOException {
        int start = dst.position();
        int sectors = dst.remaining() / SECTOR_SIZE;
        base.read(sector, dst.duplicate());
        for (int i = 0; i < sectors; i++) {
            byte[] mine = written.get(sector + i);
            if (mine != null) {
                dst.put(start + i * SECTOR_SIZE, mine);
            }
        }
        dst.position(start + sectors * SECTOR_SIZE);
    }

    @Override
    public void write(long sector, ByteBuffer src) throws IOException {
        int sectors = src.remaining() / SECTOR_SIZE;
        if (sector < 0 || sector + sectors > sectorCount()) {
            throw new java.io.EOFException("sectors " + sector + " + " + sectors + " pass the end of the device");
        }
        for (int i = 0; i < sectors; i++) {
            byte[] copy = new byte[SECTOR_SIZE];
            src.get(copy);
            written.put(sector + i, copy);
        }
    }

    @Override
    public void flush() {
        // Nothing reaches base; ordering is moot.
    }

    @Override
    public void close() {
        // base belongs to the caller
    }
}
