package org.kernkit.bench.flexarray;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.kernkit.flexarray.FlexArray;
import org.kernkit.flexarray.Storage;

/**
 * Memory of a sparse FlexArray: a logical array of 2^40 8-byte elements with N elements stored at random
 * indexes. Prints the pages touched, {@link FlexArray#bytesHeld()}, the heap growth measured independently
 * (used heap after full GCs, before and after), the resident set from {@code /proc/self/status} before, when
 * full and after {@code close()}, and how long {@code close()} took. Then where every byte of
 * {@code bytesHeld()} goes ({@link FlexArray#bytesHeldByKind()}), each term also as a share of the pages touched.
 *
 * <p>Run it with {@code -XX:MarkSweepDeadRatio=0}: by default a full GC of G1 or Serial leaves up to 5 % of a
 * mostly-live region's dead objects in place (filled, uncompacted), and the garbage of the buckets' copy-on-write
 * lies between the parts, so without the flag the measured heap growth includes about 100 MB of that dead space at
 * 10^6 parts (G1), which no object of the array holds.
 *
 * <pre>java -Xmx8g -XX:MarkSweepDeadRatio=0 --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.kernkit.bench.flexarray.SparseFootprint [pageSize] [count] [HEAP|NATIVE]</pre>
 */
public final class SparseFootprint {

    private SparseFootprint() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int pageSize = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Storage storage = args.length > 2 ? Storage.valueOf(args[2]) : Storage.HEAP;
        long capacity = 1L << 40;
        long before = usedHeapAfterGc();
        long rssBefore = residentBytes();
        FlexArray array = FlexArray.builder().elementSize(8).capacity(capacity).pageSize(pageSize)
                .storage(storage).build();
        SplittableRandom random = new SplittableRandom(2009);
        for (int i = 0; i < count; i++) {
            array.putLong(random.nextLong(capacity), i);
        }
        long after = usedHeapAfterGc();
        long rssFull = residentBytes();
        long touched = array.partCount() * (long) pageSize;
        long held = array.bytesHeld();
        long heapGrowth = after - before + (storage == Storage.NATIVE ? touched : 0);
        System.out.printf("capacity 2^40 x 8 B, page %d B, %s, %d random stores, depth %d%n", pageSize, storage,
                count, array.treeDepth());
        System.out.printf("parts present        %,d%n", array.partCount());
        System.out.printf("pages touched        %,d B%n", touched);
        System.out.printf("bytesHeld()          %,d B  (+%.2f%% over pages touched)%n", held,
                100.0 * (held - touched) / touched);
        System.out.printf("heap growth (GC'd)%s %,d B  (+%.2f%% over pages touched)%n",
                storage == Storage.NATIVE ? " + pages" : "        ", heapGrowth,
                100.0 * (heapGrowth - touched) / touched);
        for (java.util.Map.Entry<String, Long> kind : array.bytesHeldByKind().entrySet()) {
            System.out.printf("  %-18s %,15d B  (%.3f%% of pages touched)%n", kind.getKey(), kind.getValue(),
                    100.0 * kind.getValue() / touched);
        }
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        array.close();
        long closeNanos = System.nanoTime() - start;
        long closeCpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
        array = null;
        usedHeapAfterGc();
        long rssClosed = residentBytes();
        // CPU time (user + system, this thread) next to wall time: on a loaded machine the wall time is mostly
        // waiting for a core.
        System.out.printf("close()              %.3f s wall, %.3f s CPU of the closing thread%n", closeNanos / 1e9,
                closeCpuNanos / 1e9);
        System.out.printf("VmRSS before/full/after close  %,d / %,d / %,d KiB%n", rssBefore >> 10, rssFull >> 10,
                rssClosed >> 10);
    }

    /** VmRSS of this process, from /proc/self/status (Linux); -1 where there is none. */
    private static long residentBytes() throws java.io.IOException {
        java.nio.file.Path status = java.nio.file.Path.of("/proc/self/status");
        if (!java.nio.file.Files.exists(status)) {
            return -1;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        return -1;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
