package org.kernkit.cli.flexarray;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.kernkit.cli.TourStep;
import org.kernkit.flexarray.FlexArray;
import org.kernkit.flexarray.Storage;

/**
 * The flexarray part of {@code kernkit tour}: a 2^40-element sparse array holding a million elements, the memory
 * it holds against the pages it touched, and the kernel semantics (poison, absent parts, clear and shrink,
 * prealloc, small arrays in the base, native parts).
 */
public final class FlexarrayTour implements TourStep {

    static final long CAPACITY = 1L << 40;
    /**
     * Random stores at the default 4 KiB pages: 10^5 keeps the tour at about 400 MiB of heap. The same measure
     * with 10^6 stores (4 GiB) is in docs/BENCHMARKS.md, next to this one (SparseFootprint 4096 100000).
     */
    static final int ELEMENTS = 100_000;
    static final int SPARSE_PAGE = FlexArray.DEFAULT_PAGE_SIZE;

    @Override
    public String title() {
        return "flexarray: huge sparse arrays from page-sized parts";
    }

    @Override
    public void run(PrintWriter out) {
        randomMillion(out);
        clusteredMillion(out);
        kernelSemantics(out);
    }

    private static void randomMillion(PrintWriter out) {
        try (FlexArray array = FlexArray.builder().elementSize(8).capacity(CAPACITY).pageSize(SPARSE_PAGE).build()) {
            SplittableRandom random = new SplittableRandom(2009);
            long start = System.nanoTime();
            for (int i = 0; i < ELEMENTS; i++) {
                array.putLong(random.nextLong(CAPACITY), i);
            }
            long stored = System.nanoTime() - start;
            random = new SplittableRandom(2009);
            long mismatches = 0;
            for (int i = 0; i < ELEMENTS; i++) {
                long index = random.nextLong(CAPACITY);
                long value = array.getLong(index);
                // A later store to the same index wins, so the value read is i or a later step, never poison.
                if (value < i || value >= ELEMENTS) {
                    mismatches++;
                }
            }
            long touched = array.partCount() * (long) SPARSE_PAGE;
            long held = array.bytesHeld();
            out.printf("random: 2^40 x 8-byte elements (8 TiB logical), %,d stored at random indexes, %d-byte pages%n",
                    ELEMENTS, SPARSE_PAGE);
            out.printf("  stored in %.2f s (%.0f ns/put, each put allocating a part); %d values read back wrong%n",
                    stored / 1e9, (double) stored / ELEMENTS, mismatches);
            out.printf("  parts %,d, tree depth %d; pages touched %s, memory held %s (+%.2f%%: %s; 10^6 parts share"
                    + " buckets better, docs/BENCHMARKS.md)%n", array.partCount(), array.treeDepth(), mib(touched),
                    mib(held), 100.0 * (held - touched) / touched, overheadTerms(array, touched));
        }
    }

    /** The terms of bytesHeld beyond the elements, each as a share of the pages touched (0.01 % and up). */
    private static String overheadTerms(FlexArray array, long touched) {
        StringJoiner terms = new StringJoiner(", ");
        array.bytesHeldByKind().forEach((kind, bytes) -> {
            if (!kind.equals("part payload") && bytes * 10_000 >= touched) {
                terms.add(String.format("%s %.2f%%", kind, 100.0 * bytes / touched));
            }
        });
        return terms.toString();
    }

    private static void clusteredMillion(PrintWriter out) {
        try (FlexArray array = FlexArray.builder().elementSize(8).capacity(CAPACITY).build()) {
            SplittableRandom random = new SplittableRandom(7);
            for (int cluster = 0; cluster < 100; cluster++) {
                long base = random.nextLong(CAPACITY - 10_000);
                for (int i = 0; i < 10_000; i++) {
                    array.putLong(base + i, i);
                }
            }
            long touched = array.partCount() * (long) array.pageSize();
            long held = array.bytesHeld();
            out.printf("clustered: the same 2^40 array with 4 KiB pages, 100 runs of 10000 elements: parts %,d,"
                    + " pages touched %s, memory held %s (+%.2f%%: mostly one chain of interior nodes per run)%n", array.partCount(), mib(touched), mib(held),
                    100.0 * (held - touched) / touched);
        }
    }

    private static void kernelSemantics(PrintWriter out) {
        out.println("poison: a new part is filled with the byte 0x6c (the kernel's FLEX_ARRAY_FREE), so an element"
                + " never written reads as 0x6c6c... rather than a plausible 0; Fill.ZERO fills with zeros instead");
        try (FlexArray array = FlexArray.builder().elementSize(8).capacity(CAPACITY).build()) {
            out.printf("absent part: get(12345) = %s, getLong(12345) = 0x%x (the poison, nothing allocated: parts %d)%n",
                    array.get(12345), array.getLong(12345), array.partsAllocated());
            array.putLong(512, 42);
            out.printf("put(512) allocates part 1 filled with poison: getLong(513) = 0x%x%n", array.getLong(513));
            array.putLong(1L << 39, 7);
            array.clear(512);
            out.printf("clear(512), then shrink() frees the all-poison part and keeps the other: shrink() = %d,"
                    + " parts left %d%n", array.shrink(), array.partCount());
            long preallocated = array.prealloc(1L << 30, 100_000);
            long allocations = array.partsAllocated();
            for (long i = 1L << 30; i < (1L << 30) + 100_000; i++) {
                array.putLong(i, i);
            }
            out.printf("prealloc(2^30, 100000) installed %d parts; 100000 puts there allocated %d more%n",
                    preallocated, array.partsAllocated() - allocations);
        }
        try (FlexArray small = FlexArray.builder().elementSize(8).capacity(512).build()) {
            out.printf("small array (512 x 8 bytes = one page): lives in the base, parts %d, shrink() = %d%n",
                    small.partCount(), small.shrink());
        }
        FlexArray offHeap = FlexArray.builder().elementSize(24).capacity(CAPACITY).storage(Storage.NATIVE).build();
        offHeap.put(99, new byte[24]);
        out.printf("native: 24-byte elements, %d per 4 KiB part (an element never spans two parts), %d bytes held;"
                + " close() frees them at once%n", offHeap.elementsPerPart(), offHeap.bytesHeld());
        offHeap.close();
        try {
            offHeap.get(99);
        } catch (IllegalStateException e) {
            out.printf("after close: %s%n", e.getMessage());
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
