package org.kernkit.vfat.internal;

import java.util.BitSet;
import org.kernkit.vfat.FatType;

/**
 * An in-memory copy of the file allocation table, written back to every on-disk copy sector by sector.
 *
 * <pre>
 *  raw: the bytes of FAT copy 0          entries: FAT12 = 1.5 bytes (n + n/2, odd n in the high 12 bits)
 *  +------+------+------+---             FAT16 = 2 bytes at 2n
 *  | [0]  | [1]  | [2]  | ...            FAT32 = 4 bytes at 4n, low 28 bits; high 4 kept on write
 *  +------+------+------+---
 *  dirtyBlocks: one bit per 512-byte block of raw changed since the last write-back
 * </pre>
 *
 * Keeping the whole table in memory (4 bytes per cluster at most) makes chain walks and free-space search cheap and
 * lets every copy be written from the same bytes, so the copies never diverge. Not thread-safe: the file system
 * serialises access.
 */
public final class FatTable {

    public static final int BLOCK = 512;

    private final byte[] raw;
    private final FatType type;
    private final long maxCluster;
    private final BitSet dirtyBlocks = new BitSet();
    private long freeCount;
    private long nextFreeHint = 2;

    public FatTable(byte[] raw, FatType type, long clusterCount) {
        this.raw = raw;
        this.type = type;
        this.maxCluster = clusterCount + 1;
        long free = 0;
        for (long c = 2; c <= maxCluster; c++) {
            if (get(c) == 0) {
                free++;
            }
        }
        this.freeCount = free;
    }

    /** The raw bytes of the table (copy 0). */
    public byte[] raw() {
        return raw;
    }

    public FatType type() {
        return type;
    }

    /** The entry of {@code cluster} (28 bits on FAT32). */
    public long get(long cluster) {
        int n = (int) cluster;
        switch (type) {
            case FAT12 -> {
                int off = n + (n >> 1);
                int v = LittleEndian.u16(raw, off);
                return (n & 1) == 0 ? v & 0xFFF : v >>> 4;
            }
            case FAT16 -> {
                return LittleEndian.u16(raw, n * 2);
            }
            default -> {
                return LittleEndian.u32(raw, n * 4) & 0x0FFFFFFFL;
            }
        }
    }

    /** Sets the entry of {@code cluster}, keeping FAT32's high 4 bits, and keeps the free count. */
    public void set(long cluster, long value) {
        long old = get(cluster);
        if (cluster >= 2) {
            if (old == 0 && value != 0) {
                freeCount--;
            } else if (old != 0 && value == 0) {
                freeCount++;
            }
        }
        int n = (int) cluster;
        switch (type) {
            case FAT12 -> {
                int off = n + (n >> 1);
                int v = LittleEndian.u16(raw, off);
                v = (n & 1) == 0 ? (v & 0xF000) | (int) (value & 0xFFF) : (v & 0x000F) | (int) (value & 0xFFF) << 4;
                LittleEndian.put16(raw, off, v);
                markDirty(off, 2);
            }
            case FAT16 -> {
                LittleEndian.put16(raw, n * 2, (int) value);
                markDirty(n * 2, 2);
            }
            default -> {
                long high = LittleEndian.u32(raw, n * 4) & 0xF0000000L;
                LittleEndian.put32(raw, n * 4, high | (value & 0x0FFFFFFFL));
                markDirty(n * 4, 4);
            }
        }
    }

    /** Sets the whole stored entry, high bits included (FAT[0] and FAT[1] on format). */
    public void setRaw(long cluster, long value) {
        int n = (int) cluster;
        if (type == FatType.FAT32) {
            LittleEndian.put32(raw, n * 4, value);
            markDirty(n * 4, 4);
        } else {
            set(cluster, value);
        }
    }

    /** The stored entry including FAT32's high bits. */
    public long getRaw(long cluster) {
        return type == FatType.FAT32 ? LittleEndian.u32(raw, (int) cluster * 4) : get(cluster);
    }

    private void markDirty(int offset, int length) {
        dirtyBlocks.set(offset / BLOCK, (offset + length - 1) / BLOCK + 1);
    }

    /** Whether {@code value} ends a chain. */
    public boolean isEndOfChain(long value) {
        return value >= type.endOfChainMin();
    }

    public long freeCount() {
        return freeCount;
    }

    public long maxCluster() {
        return maxCluster;
    }

    public long nextFreeHint() {
        return nextFreeHint;
    }

    public void setNextFreeHint(long hint) {
        this.nextFreeHint = hint >= 2 && hint <= maxCluster ? hint : 2;
    }

    /**
     * Finds a free cluster, searching from the next-free hint and wrapping around once.
     *
     * @return the cluster, or -1 if none is free
     */
    public long findFree() {
        if (freeCount == 0) {
            return -1;
        }
        long start = nextFreeHint;
        for (long c = start; c <= maxCluster; c++) {
            if (get(c) == 0) {
                nextFreeHint = c + 1 > maxCluster ? 2 : c + 1;
                return c;
            }
        }
        for (long c = 2; c < start; c++) {
            if (get(c) == 0) {
                nextFreeHint = c + 1;
                return c;
            }
        }
        return -1;
    }

    /** The 512-byte blocks changed since the last {@link #clearDirty()}. */
    public BitSet dirtyBlocks() {
        return dirtyBlocks;
    }

    public void clearDirty() {
        dirtyBlocks.clear();
    }
}
