package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Arrays built without a capacity grow their tree on demand, as genradix, under concurrent use too. */
class GrowthTest {

    private static FlexArray growable(Storage storage, int pageSize) {
        return FlexArray.builder().elementSize(8).pageSize(pageSize).storage(storage).build();
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aGrowableArrayDeepensOnlyAsLargerIndexesAreWritten(Storage storage) {
        try (FlexArray a = growable(storage, 4096)) { // 512 longs per part, 512-slot nodes
            assertTrue(a.isGrowable());
            assertEquals(FlexArray.MAX_CAPACITY, a.capacity());
            assertEquals(1, a.treeDepth());
            a.putLong(3, 30);
            a.putLong(511L * 512, 31); // part 511: the last the first root reaches
            assertEquals(1, a.treeDepth());
            a.putLong(512L * 512, 32); // part 512: one level more
            assertEquals(2, a.treeDepth());
            a.putLong(1L << 40, 33);
            assertEquals(4, a.treeDepth()); // part 2^31: 31 bits, ceil(32 / 9) levels
            a.putLong(FlexArray.MAX_CAPACITY - 1, 34);
            assertEquals(6, a.treeDepth()); // part 2^53 - 1: 53 bits
            assertEquals(30, a.getLong(3));
            assertEquals(31, a.getLong(511L * 512));
            assertEquals(32, a.getLong(512L * 512));
            assertEquals(33, a.getLong(1L << 40));
            assertEquals(34, a.getLong(FlexArray.MAX_CAPACITY - 1));
            assertEquals(5, a.partCount());
            assertEquals(java.util.List.of(0L, 511L, 512L, 1L << 31, (1L << 53) - 1), presentParts(a));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void readingFarBeyondTheRootAllocatesNothingAndGrowsNothing(Storage storage) {
        try (FlexArray a = growable(storage, 4096)) {
            a.putLong(7, 1);
            long held = a.bytesHeld();
            assertEquals(Fill.POISON.asLong(), a.getLong(1L << 50));
            assertEquals(null, a.get(1L << 50));
            assertEquals(-1, a.nextPresentPart(1));
            assertEquals(0, a.previousPresentPart(1L << 45));
            assertEquals(1, a.treeDepth());
            assertEquals(1, a.partsAllocated());
            assertEquals(held, a.bytesHeld());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void growthKeepsEveryPartReachableAfterShrinkAndFreeParts(Storage storage) {
        try (FlexArray a = growable(storage, 4096)) {
            a.putLong(1, 1);
            a.putLong(1L << 45, 2);
            a.clear(1);
            assertEquals(1, a.shrink());
            assertEquals(2, a.getLong(1L << 45));
            assertEquals(1, a.freeParts());
            a.putLong(5, 5);
            assertEquals(5, a.getLong(5));
            assertEquals(1, a.partCount());
        }
    }

    /**
     * Writers store at indexes spread over ranges that double, so the tree grows while they and the readers run;
     * readers keep reading values stored before they started (they must never see them absent or changed) and
     * the writers' indexes (fill or the right value, nothing else). Afterwards every store is there. 64-byte
     * pages make nodes of 8 slots: the tree grows often (depth up to 20).
     */
    @ParameterizedTest
    @CsvSource({"HEAP, 64", "NATIVE, 64", "HEAP, 4096", "NATIVE, 4096"})
    void growthUnderConcurrentReadersAndWritersLosesNothing(Storage storage, int pageSize)
            throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            try (FlexArray a = growable(storage, pageSize)) {
                long[] early = {0, 1, 9, 100, 1000};
                for (long index : early) {
                    a.putLong(index, value(index));
                }
                int writers = 2;
                int perWriter = 2_000;
                long[][] indexes = new long[writers][perWriter];
                SplittableRandom random = new SplittableRandom(round);
                for (int w = 0; w < writers; w++) {
                    for (int i = 0; i < perWriter; i++) {
                        // Range doubles every 40 stores: 2^10 .. 2^60.
                        long range = 1L << Math.min(60, 10 + i / 40);
                        indexes[w][i] = random.nextLong(range);
                    }
                }
                AtomicBoolean writing = new AtomicBoolean(true);
                Racers readers = Racers.start(2, self -> {
                    SplittableRandom pick = new SplittableRandom(self);
                    while (writing.get()) {
                        for (long index : early) {
                            assertEquals(value(index), a.getLong(index), "early store at " + index);
                        }
                        long index = indexes[pick.nextInt(writers)][pick.nextInt(perWriter)];
                        long seen = a.getLong(index);
                        assertTrue(seen == Fill.POISON.asLong() || seen == value(index),
                                () -> "index " + index + " reads " + Long.toHexString(seen));
                    }
                });
                Racers.run(writers, self -> {
                    for (long index : indexes[self]) {
                        a.putLong(index, value(index));
                    }
                });
                writing.set(false);
                readers.joinAndRethrow();
                for (long[] written : indexes) {
                    for (long index : written) {
                        assertEquals(value(index), a.getLong(index), "index " + index + ", round " + round);
                    }
                }
                for (long index : early) {
                    assertEquals(value(index), a.getLong(index));
                }
            }
        }
    }

    /**
     * Threads released together each store one element far beyond the first root, so they grow the tree at the
     * same moment: a grower that loses the root swap must use the winner's root, or its store is lost.
     */
    @ParameterizedTest
    @EnumSource(Storage.class)
    void writersGrowingAtOnceAllKeepTheirStores(Storage storage) throws InterruptedException {
        int threads = 4;
        for (int round = 0; round < 300; round++) {
            try (FlexArray a = growable(storage, 64)) {
                long[] indexes = new long[threads];
                for (int t = 0; t < threads; t++) {
                    indexes[t] = (1L << (40 + t)) + round; // each a different depth, all beyond the first root
                }
                Racers.run(threads, self -> a.putLong(indexes[self], value(indexes[self])));
                for (long index : indexes) {
                    assertEquals(value(index), a.getLong(index), "index " + index + ", round " + round);
                }
                assertEquals(threads, a.partCount());
            }
        }
    }

    private static long value(long index) {
        return index * 0x9E3779B97F4A7C15L + 1;
    }

    private static java.util.List<Long> presentParts(FlexArray a) {
        java.util.List<Long> parts = new java.util.ArrayList<>();
        for (long p = a.nextPresentPart(0); p >= 0; p = a.nextPresentPart(p + 1)) {
            parts.add(p);
        }
        return parts;
    }
}
