package org.kernkit.vfat.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.CorruptImageException;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FileSystemFullException;

/**
 * The device, its layout and its FAT: byte-addressed I/O, cluster chains and allocation.
 *
 * <pre>
 *  BlockDevice (512-byte sectors) <- Volume.read/write(byteOffset, aligned)  <- Directory, FileData
 *                                    Volume.fat (in memory) --flushFat()--> FAT copy 0, 1, ...
 * </pre>
 *
 * Write ordering, which keeps a torn operation from damaging completed files: callers write data clusters, then
 * {@link #flushFat()} (the chain now exists but nothing points at it: at worst lost clusters), then the directory
 * entry. Freeing goes the other way: directory entry first, then the FAT.
 */
public final class Volume {

    private static final int SECTOR = BlockDevice.SECTOR_SIZE;

    private final BlockDevice device;
    private final VolumeLayout layout;
    private final FatTable fat;

    private Volume(BlockDevice device, VolumeLayout layout, FatTable fat) {
        this.device = device;
        this.layout = layout;
        this.fat = fat;
    }

    /** Reads the boot sector and the first FAT of {@code device}, validating the BPB. */
    public static Volume open(BlockDevice device) throws IOException {
        long deviceBytes = device.sectorCount() * SECTOR;
        if (deviceBytes < SECTOR) {
            throw new CorruptImageException("device holds " + deviceBytes + " bytes, less than one boot sector");
        }
        byte[] boot = new byte[SECTOR];
        device.read(0, ByteBuffer.wrap(boot));
        VolumeLayout layout = VolumeLayout.parse(boot, deviceBytes);
        long fatBytes = layout.fatBytes();
        if (fatBytes > Integer.MAX_VALUE - 16) {
            throw new CorruptImageException("FAT of " + fatBytes + " bytes is larger than this library supports");
        }
        byte[] raw = new byte[(int) fatBytes];
        readAligned(device, layout.fatOffset(0), raw, 0, raw.length);
        return new Volume(device, layout, new FatTable(raw, layout.type, layout.clusterCount));
    }

    private static void readAligned(BlockDevice device, long offset, byte[] dst, int dstOffset, int length)
            throws IOException {
        device.read(offset / SECTOR, ByteBuffer.wrap(dst, dstOffset, length));
    }

    public VolumeLayout layout() {
        return layout;
    }

    public FatTable fat() {
        return fat;
    }

    public FatType type() {
        return layout.type;
    }

    /** Reads {@code length} bytes at {@code offset}; both multiples of 512. */
    public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        readAligned(device, offset, dst, dstOffset, length);
    }

    /** Writes {@code length} bytes at {@code offset}; both multiples of 512. */
    public void write(long offset, byte[] src, int srcOffset, int length) throws IOException {
        device.write(offset / SECTOR, ByteBuffer.wrap(src, srcOffset, length));
    }

    /**
     * Durability barrier: every write issued before it reaches stable storage before any write issued after it
     * ({@link BlockDevice#flush()}). Placed between the steps whose order the torn-write argument needs (data and FAT
     * before the entry that points at them; the entry before the freeing of what it pointed at), so a power loss,
     * which may reorder writes between barriers, cannot reorder those steps.
     */
    public void barrier() throws IOException {
        device.flush();
    }

    /** Writes the changed blocks of the in-memory FAT to every copy, so the copies stay byte-identical. */
    public void flushFat() throws IOException {
        BitSet dirty = fat.dirtyBlocks();
        if (dirty.isEmpty()) {
            return;
        }
        byte[] raw = fat.raw();
        for (int from = dirty.nextSetBit(0); from >= 0; ) {
            int to = dirty.nextClearBit(from);
            for (int copy = 0; copy < layout.numFats; copy++) {
                write(layout.fatOffset(copy) + (long) from * SECTOR, raw, from * SECTOR, (to - from) * SECTOR);
            }
            from = dirty.nextSetBit(to);
        }
        fat.clearDirty();
    }

    /**
     * The clusters of the chain starting at {@code first}, validated: every link in range, no free or bad cluster,
     * no loop (a chain can never be longer than the volume's cluster count).
     *
     * @param what names the owner in error messages, such as a path
     * @throws CorruptImageException naming the first bad link
     */
    public IntList chain(long first, String what) throws CorruptImageException {
        IntList clusters = new IntList();
        if (first == 0) {
            return clusters;
        }
        long max = layout.maxCluster();
        long current = first;
        while (true) {
            if (current < 2 || current > max) {
                throw new CorruptImageException("cluster chain of " + what + " reaches cluster " + current
                        + ", outside the volume's clusters 2.." + max);
            }
            clusters.add((int) current);
            if (clusters.size() > layout.clusterCount) {
                throw new CorruptImageException("cluster chain of " + what + " starting at " + first
                        + " loops (longer than the volume's " + layout.clusterCount + " clusters)");
            }
            long next = fat.get(current);
            if (fat.isEndOfChain(next)) {
                return clusters;
            }
            if (next == 0) {
                throw new CorruptImageException("cluster chain of " + what + " runs into free cluster " + current
                        + " -> 0 after " + clusters.size() + " clusters");
            }
            if (next == layout.type.badClusterMark()) {
                throw new CorruptImageException("cluster chain of " + what + " runs into bad cluster mark after "
                        + current);
            }
            current = next;
        }
    }

    /** Number of clusters needed to hold {@code bytes}. */
    public long clustersFor(long bytes) {
        return (bytes + layout.clusterBytes - 1) / layout.clusterBytes;
    }

    /**
     * Allocates {@code count} clusters, appends them to {@code chain} and links them in the in-memory FAT (the last
     * one marked end of chain). Nothing reaches the disk until {@link #flushFat()}.
     *
     * @throws FileSystemFullException before changing anything if fewer than {@code count} clusters are free
     */
    public void extend(IntList chain, long count) throws FileSystemFullException {
        if (count <= 0) {
            return;
        }
        if (count > fat.freeCount()) {
            throw new FileSystemFullException("need " + count + " free clusters of " + layout.clusterBytes
                    + " bytes, the volume has " + fat.freeCount());
        }
        long eoc = layout.type.endOfChainMark();
        long previous = chain.isEmpty() ? 0 : chain.last();
        for (long i = 0; i < count; i++) {
            long c = fat.findFree();
            fat.set(c, eoc);
            if (previous != 0) {
                fat.set(previous, c);
            }
            chain.add((int) c);
            previous = c;
        }
    }

    /**
     * Shortens {@code chain} to {@code keep} clusters, freeing the rest in the in-memory FAT.
     */
    public void shrink(IntList chain, int keep) {
        if (keep >= chain.size()) {
            return;
        }
        for (int i = keep; i < chain.size(); i++) {
            fat.set(chain.get(i), 0);
        }
        if (keep > 0) {
            fat.set(chain.get(keep - 1), layout.type.endOfChainMark());
        }
        chain.truncate(keep);
    }

    /** Writes zeros over one cluster. */
    public void zeroCluster(long cluster) throws IOException {
        byte[] zeros = new byte[layout.clusterBytes];
        write(layout.clusterOffset(cluster), zeros, 0, zeros.length);
    }

    /**
     * Sets or clears the "volume dirty" state in FAT[1] (FAT16: bit 0x8000 clear = dirty; FAT32: 0x08000000). FAT12
     * has no such bit. The change reaches disk on the next {@link #flushFat()}.
     */
    public void setDirty(boolean dirty) {
        long cleanBit = switch (layout.type) {
            case FAT12 -> 0;
            case FAT16 -> 0x8000L;
            case FAT32 -> 0x08000000L;
        };
        if (cleanBit == 0) {
            return;
        }
        long v = fat.getRaw(1);
        fat.setRaw(1, dirty ? v & ~cleanBit : v | cleanBit);
    }

    /** Whether FAT[1] says the volume was not cleanly closed. */
    public boolean isMarkedDirty() {
        return switch (layout.type) {
            case FAT12 -> false;
            case FAT16 -> (fat.getRaw(1) & 0x8000L) == 0;
            case FAT32 -> (fat.getRaw(1) & 0x08000000L) == 0;
        };
    }

    /** Reads the whole of FAT copy {@code copy} (for consistency checks). */
    public byte[] readFatCopy(int copy) throws IOException {
        byte[] b = new byte[(int) layout.fatBytes()];
        read(layout.fatOffset(copy), b, 0, b.length);
        return b;
    }
}
