package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value stored by {@code putLong} is seen by a thread that happens-after the store, while other threads install
 * the same parts and move them (push-down, buckets, spreads), in deep trees and in flat ones (where the typed
 * accessors read the root directly). A write into the wrong data (a racer's dropped part, a stale copy) or a
 * reader answering "absent" for a part the writer used would fail here.
 */
class HandOffVisibilityTest {

    private static final int WRITERS = 3;
    private static final int PARTS = 3_000;
    private static final long STOP = -1;

    @ParameterizedTest
    @CsvSource({"HEAP, 64", "NATIVE, 64", "HEAP, 4096", "NATIVE, 4096"})
    void storeHandedOffThroughAQueueIsReadByTheReceiver(Storage storage, int pageSize) throws Exception {
        long perPart = pageSize / 8;
        for (int round = 0; round < 5; round++) {
            long[] bases = new long[PARTS];
            SplittableRandom random = new SplittableRandom(1000 + round);
            for (int i = 0; i < bases.length; i++) {
                // Clustered so that parts share slots at every level and get moved while in use.
                bases[i] = (random.nextLong(1L << 20) << 12) * (perPart / 8) + random.nextLong(1L << 9) * perPart;
            }
            handOff(storage, pageSize, 1L << 40, bases);
        }
    }

    @ParameterizedTest
    @CsvSource({"HEAP", "NATIVE"})
    void storeHandedOffThroughAQueueIsReadByTheReceiverInAFlatTree(Storage storage) throws Exception {
        // 2^22 elements of 4 KiB pages: 8192 parts, a tree of depth 1 (the typed accessors' flat-root path).
        for (int round = 0; round < 5; round++) {
            long[] bases = new long[PARTS];
            SplittableRandom random = new SplittableRandom(2000 + round);
            for (int i = 0; i < bases.length; i++) {
                bases[i] = random.nextLong(8192) * 512 + random.nextLong(500);
            }
            handOff(storage, 4096, 1L << 22, bases);
        }
    }

    private static void handOff(Storage storage, int pageSize, long capacity, long[] bases) throws Exception {
        try (FlexArray array = FlexArray.builder().elementSize(8).capacity(capacity).pageSize(pageSize)
                .storage(storage).build()) {
            // The queue is the happens-before edge from each writer's store to the receiver's read.
            BlockingQueue<Long> handOff = new ArrayBlockingQueue<>(1024);
            CyclicBarrier start = new CyclicBarrier(WRITERS + 1);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread receiver = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    int stopped = 0;
                    while (stopped < WRITERS) {
                        long index = handOff.take();
                        if (index == STOP) {
                            stopped++;
                            continue;
                        }
                        long seen = array.getLong(index);
                        if (seen != expected(index)) {
                            mismatches.add("element " + index + ": " + seen + " != " + expected(index));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                int self = t;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        // Every writer visits the same parts in its own order, so most of its stores go into
                        // parts another writer installed, found by the plain walk.
                        for (int i = 0; i < bases.length; i++) {
                            int k = switch (self) {
                                case 0 -> i;
                                case 1 -> bases.length - 1 - i;
                                default -> (int) ((i * 7919L) % bases.length);
                            };
                            long index = bases[k] + self;
                            array.putLong(index, expected(index));
                            handOff.put(index);
                        }
                        handOff.put(STOP);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
            receiver.join();
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
            assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " lost writes, first: " + mismatches.getFirst());
            for (long base : bases) {
                for (int t = 0; t < WRITERS; t++) {
                    assertEquals(expected(base + t), array.getLong(base + t), "element " + (base + t));
                }
            }
        }
    }

    private static long expected(long index) {
        return index * 0x9E3779B97F4A7C15L + 1;
    }
}
