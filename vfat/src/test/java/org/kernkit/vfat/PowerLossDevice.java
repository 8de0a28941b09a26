package org.kernkit.vfat;

import org.kernkit.block.BlockDevice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * An in-memory disk with a volatile write cache, for power-loss tests: writes sit in the cache until
 * {@link #flush()} makes them durable; after the {@code limit}-th write the power fails, and a random subset of the
 * cached writes (any subset: a disk cache may reorder freely between flushes) reaches the platter. {@link #durable()}
 * is then what a reboot would read.
 *
 * <p>{@code honourFlush = false} is the deliberately broken variant: a disk that ignores flushes, so nothing orders
 * the writes. A test of barrier placement must fail on it.
 */
final class PowerLossDevice implements BlockDevice {

    private final byte[] durable;
    private final List<long[]> cachedSectors = new ArrayList<>();
    private final List<byte[]> cachedData = new ArrayList<>();
    private final int limit;
    private final boolean honourFlush;
    private final RandomGenerator random;
    private int writes;
    private boolean failed;

    PowerLossDevice(byte[] image, int limit, boolean honourFlush, RandomGenerator random) {
        this.durable = image.clone();
        this.limit = limit;
        this.honourFlush = honourFlush;
        this.random = random;
    }

    /** Whether the power failed during the run. */
    boolean failed() {
        return failed;
    }

    /** What survives: the durable bytes (after a failure, with the random subset of cached writes applied). */
    byte[] durable() {
        return durable.clone();
    }

    @Override
    public long sectorCount() {
        return durable.length / SECTOR_SIZE;
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) throws IOException {
        if (failed) {
            throw new IOException("power is off");
        }
        int length = dst.remaining();
        byte[] view = new byte[length];
        long start = firstSector * SECTOR_SIZE;
        System.arraycopy(durable, (int) start, view, 0, length);
        for (int i = 0; i < cachedData.size(); i++) {
            overlay(view, start, cachedSectors.get(i)[0] * SECTOR_SIZE, cachedData.get(i));
        }
        dst.put(view);
    }

    private static void overlay(byte[] view, long viewStart, long writeStart, byte[] data) {
        long from = Math.max(viewStart, writeStart);
        long to = Math.min(viewStart + view.length, writeStart + data.length);
        if (from < to) {
            System.arraycopy(data, (int) (from - writeStart), view, (int) (from - viewStart), (int) (to - from));
        }
    }

    @Override
    public void write(long firstSector, ByteBuffer src) throws IOException {
        if (failed) {
            throw new IOException("power is off");
        }
        if (writes++ >= limit) {
            failed = true;
            // Any subset of the cached sectors reaches the disk (a disk promises only that one sector is written
            // whole), in their order, so a later write to a sector wins.
            for (int i = 0; i < cachedData.size(); i++) {
                byte[] data = cachedData.get(i);
                for (int s = 0; s < data.length / SECTOR_SIZE; s++) {
                    if (random.nextBoolean()) {
                        System.arraycopy(data, s * SECTOR_SIZE, durable,
                                (int) ((cachedSectors.get(i)[0] + s) * SECTOR_SIZE), SECTOR_SIZE);
                    }
                }
            }
            cachedData.clear();
            cachedSectors.clear();
            throw new IOException("power failed before write " + writes);
        }
        byte[] data = new byte[src.remaining()];
        src.get(data);
        cachedSectors.add(new long[] {firstSector});
        cachedData.add(data);
    }

    private void apply(long sector, byte[] data) {
        System.arraycopy(data, 0, durable, (int) (sector * SECTOR_SIZE), data.length);
    }

    @Override
    public void flush() throws IOException {
        if (failed) {
            throw new IOException("power is off");
        }
        if (honourFlush) {
            for (int i = 0; i < cachedData.size(); i++) {
                apply(cachedSectors.get(i)[0], cachedData.get(i));
            }
            cachedData.clear();
            cachedSectors.clear();
        }
    }

    @Override
    public void close() {
        // Nothing to release; what the power cut left is in durable().
    }
}
