package org.kernkit.bench.flexarray;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.kernkit.flexarray.FlexArray;
import org.kernkit.flexarray.Storage;

/**
 * Memory of a sparse FlexArray: a logical array of 2^40 8-byte elements with N elements stored at random
 * indexes. Prints the pages touched, {@link FlexArray#bytesHeld()}, and the heap growth measured independently
 * (used heap after full GCs, before and after).
 *
 * <pre>java -Xmx8g -cp bench/target/benchmarks.jar org.kernkit.bench.flexarray.SparseFootprint [pageSize] [count]</pre>
 */
public final class SparseFootprint {

    private SparseFootprint() {
    }

    public static void main(String[] args) {
        int pageSize = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long capacity = 1L << 40;
        long before = usedHeapAfterGc();
        try (FlexArray array = FlexArray.builder().elementSize(8).capacity(capacity).pageSize(pageSize)
                .storage(Storage.HEAP).build()) {
            SplittableRandom random = new SplittableRandom(2009);
            for (int i = 0; i < count; i++) {
                array.putLong(random.nextLong(capacity), i);
            }
            long after = usedHeapAfterGc();
            long touched = array.partCount() * (long) pageSize;
            long held = array.bytesHeld();
            System.out.printf("capacity 2^40 x 8 B, page %d B, %d random stores, depth %d%n", pageSize, count,
                    array.treeDepth());
            System.out.printf("parts present        %,d%n", array.partCount());
            System.out.printf("pages touched        %,d B%n", touched);
            System.out.printf("bytesHeld()          %,d B  (+%.2f%% over pages touched)%n", held,
                    100.0 * (held - touched) / touched);
            System.out.printf("heap growth (GC'd)   %,d B  (+%.2f%% over pages touched)%n", after - before,
                    100.0 * (after - before - touched) / touched);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
