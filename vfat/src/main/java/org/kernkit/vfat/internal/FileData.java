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
        forEachRun(volume.layout(), chain, pos, length, (run, done) -> {
            if (run.sectorAligned()) {
                volume.read(run.disk(), dst, dstOffset + done, run.length());
            } else {
                byte[] bounce = new byte[run.bounceLength()];
                volume.read(run.alignedStart(), bounce, 0, bounce.length);
                System.arraycopy(bounce, run.offsetInBounce(), dst, dstOffset + done, run.length());
            }
        });
    }

    /**
     * Writes {@code length} bytes at file offset {@code pos}; the chain must already cover them. Bytes of partial
     * sectors outside the range are preserved.
     */
    public static void write(Volume volume, IntList chain, long pos, byte[] src, int srcOffset, int length)
            throws IOException {
        forEachRun(volume.layout(), chain, pos, length, (run, done) -> {
            if (run.sectorAligned()) {
                volume.write(run.disk(), src, srcOffset + done, run.length());
            } else {
                byte[] bounce = new byte[run.bounceLength()];
                if (run.alignedStart() != run.disk()) {
                    volume.read(run.alignedStart(), bounce, 0, SECTOR);
                }
                if (run.alignedEnd() != run.disk() + run.length()) {
                    volume.read(run.alignedEnd() - SECTOR, bounce, bounce.length - SECTOR, SECTOR);
                }
                System.arraycopy(src, srcOffset + done, bounce, run.offsetInBounce(), run.length());
                volume.write(run.alignedStart(), bounce, 0, bounce.length);
            }
        });
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

    /**
     * One device transfer: {@code length} bytes at device offset {@code disk}, all in physically consecutive
     * clusters, and the whole sectors that cover them ({@code alignedStart} to {@code alignedEnd}).
     */
    private record Run(long disk, int length) {
        long alignedStart() {
            return disk & ~(SECTOR - 1L);
        }

        long alignedEnd() {
            return (disk + length + SECTOR - 1) & ~(SECTOR - 1L);
        }

        /** Whether the range starts and ends on sector boundaries, so no bounce buffer is needed. */
        boolean sectorAligned() {
            return alignedStart() == disk && alignedEnd() == disk + length;
        }

        int bounceLength() {
            return (int) (alignedEnd() - alignedStart());
        }

        int offsetInBounce() {
            return (int) (disk - alignedStart());
        }
    }

    /** Does one transfer; {@code done} is how many bytes of the request the earlier runs covered. */
    @FunctionalInterface
    private interface RunTransfer {
        void transfer(Run run, int done) throws IOException;
    }

    /** Splits the {@code length} bytes at file offset {@code pos} into runs and hands each to {@code transfer}. */
    private static void forEachRun(VolumeLayout layout, IntList chain, long pos, int length, RunTransfer transfer)
            throws IOException {
        int done = 0;
        while (done < length) {
            long disk = runStart(layout, chain, pos + done);
            int n = runLength(layout, chain, pos + done, length - done);
            transfer.transfer(new Run(disk, n), done);
            done += n;
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
