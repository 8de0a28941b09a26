package org.kernkit.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernkit.clock.CachedClockTest.awaitParked;
import static org.kernkit.clock.CachedClockTickerFaultsTest.onTicker;
import static org.kernkit.clock.CachedClockTickerFaultsTest.wallNanos;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Steps of the ticker protocol (the class comment of {@link CachedClock}, points 2, 3 and 5) forced in a chosen
 * order: a sampler holds the ticker, or a waking reader, inside its sampling call while the test acts, so each
 * interleaving is reached on every run instead of by chance. The model check explores every interleaving of the
 * protocol; these tests check that the real class takes the branch the model says for the ones that matter most.
 */
class CachedClockProtocolStepsTest {
    private static final Duration PATIENCE = CachedClockTest.PATIENCE;

    /** Holds the thread that samples through it, once, until the test releases it. */
    private static final class SamplingGate {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Called by the sampling thread: signals its arrival and waits for the release. */
        void hold() {
            arrived.countDown();
            try {
                released.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitArrival(String who) throws InterruptedException {
            if (!arrived.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("gave up after " + PATIENCE + " waiting for " + who + " to sample");
            }
        }

        void release() {
            released.countDown();
        }
    }

    @Test
    void readMarkStoredAsTheTickerGoesIdleKeepsItTicking() throws InterruptedException {
        // Point 2: a reader stores its mark (b) and finds RUNNING (c) after the ticker took the marks of its tick
        // but before it tries to park (d, e). The ticker must see the mark at (e) and tick on, not park (a stale
        // value with U clear would then be served for as long as it sleeps) and not end.
        SamplingGate firstTick = new SamplingGate();
        SamplingGate secondTick = new SamplingGate();
        AtomicInteger tickerSamples = new AtomicInteger();
        LongSupplier monotonic = () -> {
            if (onTicker()) {
                int sample = tickerSamples.incrementAndGet();
                if (sample == 1) {
                    firstTick.hold();
                } else if (sample == 2) {
                    secondTick.hold();
                }
            }
            return System.nanoTime();
        };
        // Idle timeout = tick: the first tick (1 ms after the start, no read before it) is idle and tries to park.
        try (CachedClock clock = CachedClock.builder().tick(Duration.ofMillis(1)).idleTimeout(Duration.ofMillis(1))
                .samplers(monotonic, null).start()) {
            try {
                firstTick.awaitArrival("the first tick"); // it has taken the read mark (none) and is publishing
                clock.monotonicNanos(); // (b) mark, (c) RUNNING: clears U of the constructor's value
                firstTick.release(); // the tick publishes, finds itself idle, and tries to park
                secondTick.awaitArrival("the second tick (the first one parked or ended)");
                assertEquals(0, clock.parks(), "the ticker parked although it saw the mark");
                assertTrue(clock.isTicking());
            } finally {
                firstTick.release();
                secondTick.release();
            }
        }
    }

    @Test
    void readerThatFindsTheTickerWakingWaitsAndReturnsTheWakersValue() throws InterruptedException {
        // Point 3: while one reader wakes the ticker (WAKING, sampling), the others wait, then return the waker's
        // fresh value or a later one, never the stale parked value nor anything else.
        SamplingGate wakerSampling = new SamplingGate();
        AtomicInteger armed = new AtomicInteger();
        LongSupplier monotonic = () -> {
            if (!onTicker() && armed.compareAndSet(1, 0)) {
                wakerSampling.hold();
            }
            return System.nanoTime();
        };
        try (CachedClock clock = CachedClock.builder().tick(Duration.ofMillis(1)).idleTimeout(Duration.ofMillis(5))
                .samplers(monotonic, null).start()) {
            try {
                clock.monotonicNanos();
                awaitParked(clock);
                armed.set(1);
                AtomicLong wakerRead = new AtomicLong();
                Thread waker = Thread.ofPlatform().start(() -> wakerRead.set(clock.monotonicNanos()));
                wakerSampling.awaitArrival("the waking reader");
                AtomicLong otherRead = new AtomicLong();
                Thread other = Thread.ofPlatform().start(() -> otherRead.set(clock.monotonicNanos()));
                other.join(50); // time to find WAKING and wait; it cannot return before the waker publishes
                assertTrue(other.isAlive(), "a reader returned " + otherRead.get() + " while another held WAKING");
                wakerSampling.release();
                waker.join(PATIENCE.toMillis());
                other.join(PATIENCE.toMillis());
                assertFalse(other.isAlive(), "the waiting reader never returned");
                assertTrue(wakerRead.get() > 0);
                assertTrue(otherRead.get() >= wakerRead.get(),
                        "the waiting reader returned " + otherRead.get() + ", older than the waker's " + wakerRead.get());
            } finally {
                wakerSampling.release();
            }
        }
    }

    @Test
    void readerBetweenTheDyingTicksPublishAndItsDeathFreezesNeitherWord() throws InterruptedException {
        // Point 5: the ticker publishes its monotonic word, then its realtime sampling throws. A reader in between
        // clears U of both words (the new monotonic value, the old realtime one). The dying ticker must mark both
        // unread again, or the fast path would return those two values forever.
        SamplingGate dyingTick = new SamplingGate();
        LongSupplier realtime = () -> {
            if (onTicker()) {
                dyingTick.hold();
                throw new IllegalStateException("realtime sampling failed (injected by the test)");
            }
            return wallNanos();
        };
        try (CachedClock clock = CachedClock.builder().tick(Duration.ofMillis(1)).idleTimeout(Duration.ofSeconds(60))
                .samplers(null, realtime).start()) {
            try {
                dyingTick.awaitArrival("the ticker");
                clock.monotonicNanos(); // clears U of the monotonic value the dying tick published
                clock.realtimeNanos(); // clears U of the constructor's realtime value
                assertFalse(clock.publishedValuesUnread());
            } finally {
                dyingTick.release();
            }
            clock.tickerThread().join(PATIENCE.toMillis());
            assertFalse(clock.tickerThread().isAlive(), "the ticker should have died of the injected failure");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the values read above are now 5 ms old
            long before = System.nanoTime();
            long monotonicRead = clock.monotonicNanos();
            assertTrue(monotonicRead >= (before & ~1L), "monotonic froze at " + monotonicRead + " (before " + before + ")");
            long wallBefore = wallNanos();
            long realtimeRead = clock.realtimeNanos();
            assertTrue(realtimeRead >= wallBefore, "realtime froze at " + realtimeRead + " (before " + wallBefore + ")");
        }
    }
}
