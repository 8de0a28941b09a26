package org.kernkit.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting in a test for something another thread or process makes true: polls {@code condition} about once a
 * millisecond and fails the test, naming what was awaited, once {@code patience} has passed. The patience is a
 * bound on a hang, not a speed assertion: choose it far above the expected time, so that a loaded machine does not
 * fail a correct test.
 *
 * <p>Stateless and thread-safe.
 */
public final class Await {

    private Await() {
    }

    /**
     * Returns once {@code condition} is true.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError if {@code condition} is still false after {@code patience}
     */
    public static void until(String what, Duration patience, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + patience + " waiting for: " + what);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
