package org.kernkit.vfat.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.kernkit.block.BlockDevice;

/** A {@link MemoryDisk} that logs its writes ("write first +count") and flushes, to check an order of writes. */
final class LoggingDisk implements BlockDevice {

    final MemoryDisk disk;
    final List<String> log = new ArrayList<>();

    LoggingDisk(long sectors) {
        this.disk = new MemoryDisk(sectors);
    }

    @Override
    public long sectorCount() {
        return disk.sectorCount();
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) throws IOException {
        disk.read(firstSector, dst);
    }

    @Override
    public void write(long firstSector, ByteBuffer src) throws IOException {
        log.add("write " + firstSector + " +" + src.remaining() / SECTOR_SIZE);
        disk.write(firstSector, src);
    }

    @Override
    public void flush() {
        log.add("flush");
    }

    @Override
    public void close() {}
}
