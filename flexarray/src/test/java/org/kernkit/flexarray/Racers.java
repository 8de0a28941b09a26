package org.kernkit.flexarray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Platform threads that start together and whose failures fail the test: whatever a worker throws is collected,
 * and {@link #joinAndRethrow()} throws an {@link AssertionError} carrying every one of them. Without this an
 * exception in a worker thread ends only that thread, and the test passes on what the others did.
 */
final class Racers {

    /** The work of one thread, told its number. */
    @FunctionalInterface
    interface Work {
        void run(int self) throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    private Racers() {
    }

    /** Starts {@code count} threads running {@code work}, released together by a barrier. */
    static Racers start(int count, Work work) {
        Racers racers = new Racers();
        CyclicBarrier barrier = new CyclicBarrier(count);
        for (int t = 0; t < count; t++) {
            int self = t;
            racers.threads.add(Thread.ofPlatform().name("racer-" + t).start(() -> {
                try {
                    barrier.await();
                    work.run(self);
                } catch (Throwable e) {
                    synchronized (racers.failures) {
                        racers.failures.add(e);
                    }
                }
            }));
        }
        return racers;
    }

    /** Starts the threads, waits for them, and fails with what they threw. */
    static void run(int count, Work work) throws InterruptedException {
        start(count, work).joinAndRethrow();
    }

    /**
     * Waits for every thread (so their actions happen-before the caller's next ones), then throws an
     * {@link AssertionError} with every failure attached if any thread threw.
     */
    void joinAndRethrow() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError(failures.size() + " worker thread(s) failed; first: "
                        + failures.getFirst(), failures.getFirst());
                failures.stream().skip(1).forEach(error::addSuppressed);
                throw error;
            }
        }
    }
}
