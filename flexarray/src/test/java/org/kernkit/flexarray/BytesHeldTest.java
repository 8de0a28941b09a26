package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bytesHeld} against the heap measured after full GCs. Tolerance: the heap the array adds must lie within
 * 5 % + 512 KiB of the heap share of {@code bytesHeld} (for native arrays, {@code bytesHeld} minus the pages' native
 * bytes, which are known exactly). The 5 % covers object layouts that {@code bytesHeld} estimates (JDK objects
 * behind a segment or an arena); the 512 KiB covers what else the JVM allocates between the two measurements.
 */
class BytesHeldTest {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private static long heapUsedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void assertClose(long expected, long measured, String what) {
        long tolerance = expected / 20 + (512 << 10);
        assertTrue(Math.abs(measured - expected) <= tolerance,
                what + ": bytesHeld says " + expected + " B on the heap, measured " + measured + " B (tolerance "
                        + tolerance + " B)");
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void bytesHeldMatchesTheHeapMeasuredAfterGcForRandomParts(Storage storage) {
        int parts = 20_000;
        long before = heapUsedAfterGc();
        try (FlexArray a = FlexArray.builder().elementSize(8).capacity(1L << 40).storage(storage).build()) {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < parts; i++) {
                a.putLong(random.nextLong(1L << 40), i);
            }
            long measured = heapUsedAfterGc() - before;
            long nativeBytes = storage == Storage.NATIVE ? a.partCount() * a.pageSize() : 0;
            assertClose(a.bytesHeld() - nativeBytes, measured, storage + ", " + a.partCount() + " parts");
        }
    }

    /**
     * The overhead alone (bytesHeld less the parts' payload, about 3.3 MB here) against the heap measured after GC
     * less the heap payload: within 10 % + 256 KiB, tight enough that leaving out the buckets (1.6 MB) or the
     * parts' headers (1.6 MB) fails. Needs full GCs that compact everything ({@code -XX:MarkSweepDeadRatio=0}, set
     * in the module's test argLine): by default they may leave the buckets' copy-on-write garbage in place.
     */
    @ParameterizedTest
    @EnumSource(Storage.class)
    void theOverheadBytesHeldCountsIsTheOverheadMeasuredOnTheHeap(Storage storage) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:MarkSweepDeadRatio=0"),
                "skipped: needs -XX:MarkSweepDeadRatio=0 (the module's surefire argLine has it)");
        long before = heapUsedAfterGc();
        try (FlexArray a = FlexArray.builder().elementSize(8).capacity(1L << 40).storage(storage).build()) {
            SplittableRandom random = new SplittableRandom(1009);
            for (int i = 0; i < 100_000; i++) {
                a.putLong(random.nextLong(1L << 40), i);
            }
            long measured = heapUsedAfterGc() - before;
            long payload = a.bytesHeldByKind().get("part payload");
            long overhead = a.bytesHeld() - payload;
            long measuredOverhead = measured - (storage == Storage.HEAP ? payload : 0);
            long tolerance = overhead / 10 + (256 << 10);
            assertTrue(Math.abs(measuredOverhead - overhead) <= tolerance, storage + ": bytesHeld counts "
                    + overhead + " B over the payload, the heap shows " + measuredOverhead + " B (tolerance "
                    + tolerance + " B)");
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void theTermsOfBytesHeldSumToItAndPutEachByteWhereItBelongs(Storage storage) {
        try (FlexArray a = FlexArray.builder().elementSize(8).capacity(1L << 40).storage(storage).build()) {
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 6_000; i++) { // 375 a root slot: spread into second-level nodes
                a.putLong(random.nextLong(1L << 40), i);
            }
            java.util.Map<String, Long> kinds = a.bytesHeldByKind();
            assertEquals(List.of("part payload", "part headers", "Part records", "buckets", "nodes",
                    "flat addresses", "leaves overhead", "array objects"), List.copyOf(kinds.keySet()));
            assertEquals(a.bytesHeld(), kinds.values().stream().mapToLong(Long::longValue).sum());
            assertEquals(a.partCount() * 4096, kinds.get("part payload"));
            // A 16-byte array header per heap part; a 24-byte NativePart per native one.
            assertEquals(a.partCount() * (storage == Storage.HEAP ? 16 : 24), kinds.get("part headers"));
            assertTrue(kinds.get("buckets") > 0, "6,000 random parts share second-level slots");
            assertTrue(kinds.get("Part records") % 24 == 0 && kinds.get("Part records") > 0);
            assertEquals(0, kinds.get("flat addresses"));
        }
        FlexArray closed = FlexArray.builder().elementSize(8).capacity(1 << 20).storage(storage).build();
        closed.putLong(5, 5);
        // 2^20 elements: 2,048 parts, a flat tree; native ones keep an address per slot.
        assertEquals(storage == Storage.HEAP ? 0 : 16 + 8L * 2048, closed.bytesHeldByKind().get("flat addresses"));
        closed.close();
        assertTrue(closed.bytesHeldByKind().isEmpty());
    }

    @Test
    void anEmptyArrayOfHugePagesHoldsNoPagePattern() {
        // The old heap leaves allocated one page of fill pattern per array at build(), uncounted.
        List<FlexArray> arrays = new ArrayList<>();
        long before = heapUsedAfterGc();
        long held = 0;
        for (int i = 0; i < 16; i++) {
            FlexArray a = FlexArray.builder().elementSize(8).capacity(1L << 40).pageSize(1 << 20).build();
            arrays.add(a);
            held += a.bytesHeld();
        }
        long measured = heapUsedAfterGc() - before;
        assertClose(held, measured, arrays.size() + " empty arrays of 1 MiB pages");
    }
}
