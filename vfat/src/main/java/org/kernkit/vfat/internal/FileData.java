package org.kernkit.vfat.internal;

import java.io.IOException;

/**
 * Reads and writes byte ranges of a file through its cluster chain, one device call per run of consecutive
 * clusters (up to {@link #MAX_TRANSFER} bytes), with read-modify-write only for partial first and last sectors.
 *
 * <pre>
 *  file offset pos -> chain[pos / clusterBytes], pos % clusterBytes
 *  chain: 7 8 9 10 | 31 32 | 40      three runs -> three (or more, if > MAX_TRANSFER) device calls
 * </pre>
 */
public final class FileData {

    /** Largest single device transfer. */
    public static final int MAX_TRANSFER = 1 << 20;
    private static final int SECTOR = 512;

    private FileData() {}

    /** Reads {@code length} bytes at file offset {@code pos} into {@code dst}; the chain must cover them. */
    public static void read(Volume volume, IntList chain, long pos, byte[] dst, int dstOffset, int length)
            throws IOException {
        VolumeLayout layout = volume.layout();
        while (length > 0) {
            long disk = runStart(layout, chain, pos);
            int n = runLength(layout, chain, pos, length);
            long alignedStart = disk & ~(SECTOR - 1L);
            long alignedEnd = (disk + n + SECTOR - 1) & ~(SECTOR - 1L);
            if (alignedStart == disk && alignedEnd == disk + n) {
                volume.read(disk, dst, dstOffset, n);
            } else {
                byte[] bounce = new byte[(int) (alignedEnd - alignedStart)];
                volume.read(alignedStart, bounce, 0, bounce.length);
                System.arraycopy(bounce, (int) (disk - alignedStart), dst, dstOffset, n);
            }
            pos += n;
            dstOffset += n;
            length -= n;
        }
    }

    /**
     * Writes {@code length} bytes at file offset {@code pos}; the chain must already cover them. Bytes of partial
     * sectors outside the range are preserved.
     */
    public static void write(Volume volume, IntList chain, long pos, byte[] src, int srcOffset, int length)
            throws IOException {
        VolumeLayout layout = volume.layout();
        while (length > 0) {
            long disk = runStart(layout, chain, pos);
            int n = runLength(layout, chain, pos, length);
            long alignedStart = disk & ~(SECTOR - 1L);
            long alignedEnd = (disk + n + SECTOR - 1) & ~(SECTOR - 1L);
            if (alignedStart == disk && alignedEnd == disk + n) {
                volume.write(disk, src, srcOffset, n);
            } else {
                byte[] bounce = new byte[(int) (alignedEnd - alignedStart)];
                if (alignedStart != disk) {
                    volume.read(alignedStart, bounce, 0, SECTOR);
                }
                if (alignedEnd != disk + n) {
                    volume.read(alignedEnd - SECTOR, bounce, bounce.length - SECTOR, SECTOR);
                }
                System.arraycopy(src, srcOffset, bounce, (int) (disk - alignedStart), n);
                volume.write(alignedStart, bounce, 0, bounce.length);
            }
            pos += n;
            srcOffset += n;
            length -= n;
        }
    }

    /** Writes {@code length} zero bytes at file offset {@code pos}. */
    public static void zero(Volume volume, IntList chain, long pos, long length) throws IOException {
        byte[] zeros = new byte[(int) Math.min(length, MAX_TRANSFER)];
        while (length > 0) {
            int n = (int) Math.min(length, zeros.length);
            write(volume, chain, pos, zeros, 0, n);
            pos += n;
            length -= n;
        }
    }

    private static long runStart(VolumeLayout layout, IntList chain, long pos) {
        int cb = layout.clusterBytes;
        int index = (int) (pos / cb);
        return layout.clusterOffset(chain.get(index)) + pos % cb;
    }

    /** Bytes from {@code pos} that lie in physically consecutive clusters, capped at {@code length}. */
    private static int runLength(VolumeLayout layout, IntList chain, long pos, int length) {
        int cb = layout.clusterBytes;
        int index = (int) (pos / cb);
        long available = cb - pos % cb;
        int limit = Math.min(length, MAX_TRANSFER);
        while (available < limit && index + 1 < chain.size() && chain.get(index + 1) == chain.get(index) + 1) {
            index++;
            available += cb;
        }
        return (int) Math.min(available, limit);
    }
}
