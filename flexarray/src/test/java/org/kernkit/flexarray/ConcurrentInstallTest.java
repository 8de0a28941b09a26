package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Threads racing to install the same parts and push the same lone parts down lose no write. What a worker throws
 * fails the test ({@link Racers}).
 */
class ConcurrentInstallTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 20;

    @ParameterizedTest
    @CsvSource({"HEAP, 64", "NATIVE, 64", "HEAP, 4096", "NATIVE, 4096"})
    void concurrentPutsToDifferentElementsOfSharedPartsLoseNoWrite(Storage storage, int pageSize) throws Exception {
        long perPart = pageSize / 8;
        for (int round = 0; round < ROUNDS; round++) {
            // 64-byte pages (8 longs per part, 8-slot nodes): deep tree, lone parts pushed down under races.
            // 4 KiB pages (512-slot nodes): parts join buckets and full buckets spread into nodes under races.
            try (FlexArray array = FlexArray.builder().elementSize(8).capacity(1L << 40).pageSize(pageSize)
                    .storage(storage).build()) {
                long[] bases = new long[2_000];
                SplittableRandom random = new SplittableRandom(round);
                for (int i = 0; i < bases.length; i++) {
                    // Clustered bases so that parts share interior slots at every level.
                    bases[i] = (random.nextLong(1L << 20) << 12) * (perPart / 8) + random.nextLong(1L << 9) * perPart;
                }
                // Every thread walks the same parts, in its own order, writing its own element in each.
                Racers.run(THREADS, self -> {
                    for (int i = 0; i < bases.length; i++) {
                        int k = (self % 2 == 0) ? i : bases.length - 1 - i;
                        array.putLong(bases[k] + self, bases[k] * 31 + self);
                    }
                }); // joined: every thread's writes happen-before the checks below
                long distinctParts = java.util.Arrays.stream(bases).map(b -> b / perPart).distinct().count();
                assertEquals(distinctParts, array.partCount());
                assertTrue(array.partsAllocated() >= distinctParts);
                for (long base : bases) {
                    for (int t = 0; t < THREADS; t++) {
                        assertEquals(base * 31 + t, array.getLong(base + t), "element " + (base + t));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void concurrentPreallocOfOneRangeInstallsEachPartOnce(Storage storage) throws Exception {
        try (FlexArray array = FlexArray.builder().elementSize(8).capacity(1L << 40).pageSize(256)
                .storage(storage).build()) {
            long[] installed = new long[THREADS];
            Racers.run(THREADS, self -> installed[self] = array.prealloc(1L << 35, 32 * 5_000));
            assertEquals(5_000, array.partCount());
            // Each call reports what it saw installed meanwhile: at least one call saw everything happen.
            assertTrue(java.util.Arrays.stream(installed).max().orElseThrow() > 0);
        }
    }
}
