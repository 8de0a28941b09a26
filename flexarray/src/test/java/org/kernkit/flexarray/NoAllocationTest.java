package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The typed 8-byte paths promise to allocate nothing once the parts exist (FlexArray's class comment and
 * {@link FlexArray#reduceLongs}): checked with the JVM's count of bytes this thread allocated, over enough calls
 * that one slice object per part (what native {@code reduceLongs} and {@code getLongs} made before) would show as
 * megabytes, while the counter's own noise is a few hundred bytes.
 */
class NoAllocationTest {

    private static final int ELEMENTS = 1 << 14; // 32 parts of 512 elements at 4 KiB pages
    private static final int ROUNDS = 2_000;
    /** Allowance for the counter and the loop's first pass: far below one 16-byte object per part per round. */
    private static final long ALLOWANCE = 64 * 1024;

    @ParameterizedTest
    @EnumSource(Storage.class)
    void typedLongPathsAllocateNothingOnceThePartsExist(Storage storage) {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        try (FlexArray array = FlexArray.builder().elementSize(8).capacity(ELEMENTS).storage(storage).build()) {
            for (int i = 0; i < ELEMENTS; i++) {
                array.putLong(i, i);
            }
            long[] buffer = new long[ELEMENTS];
            long expectedSum = (long) ELEMENTS * (ELEMENTS - 1) / 2;
            assertAllocatesNothing(threads, "reduceLongs", () -> array.reduceLongs(0, ELEMENTS, 0, Long::sum),
                    expectedSum);
            assertAllocatesNothing(threads, "getLongs", () -> {
                array.getLongs(0, buffer, 0, ELEMENTS);
                return buffer[ELEMENTS - 1];
            }, ELEMENTS - 1);
            assertAllocatesNothing(threads, "putLongs", () -> {
                array.putLongs(0, buffer, 0, ELEMENTS);
                return array.getLong(ELEMENTS - 1);
            }, ELEMENTS - 1);
            assertAllocatesNothing(threads, "getLong and putLong", () -> {
                long sum = 0;
                for (int i = 0; i < ELEMENTS; i += 7) {
                    array.putLong(i, array.getLong(i));
                    sum += array.getLong(i);
                }
                return sum;
            }, sumOfEverySeventh());
        }
    }

    private static long sumOfEverySeventh() {
        long sum = 0;
        for (int i = 0; i < ELEMENTS; i += 7) {
            sum += i;
        }
        return sum;
    }

    private static void assertAllocatesNothing(com.sun.management.ThreadMXBean threads, String what,
            LongSupplier operation, long expected) {
        for (int i = 0; i < 200; i++) {
            assertEquals(expected, operation.getAsLong(), what + " (warm-up)");
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ROUNDS; i++) {
            if (operation.getAsLong() != expected) {
                throw new AssertionError(what + " returned a wrong value in round " + i);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < ALLOWANCE, what + " allocated " + allocated + " bytes over " + ROUNDS + " rounds of "
                + ELEMENTS + " elements");
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            Assumptions.abort("this JVM does not count the bytes a thread allocates");
            throw new AssertionError("unreachable");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
