package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kernkit.vmbus.internal.Futex;
import org.kernkit.vmbus.internal.ParkingSignal;
import org.kernkit.vmbus.internal.SharedWordSignal;

/**
 * A waiter with a current ticket sleeps until it is signalled, also after earlier signals (the ticket is the
 * signal's sequence, not 0), and a shared-word waiter counts itself in and out of the waiter word. A waiter that
 * should sleep for a minute and is still there after 200 ms did sleep; nothing here measures how long.
 */
class SignalWaitTest {

    static final long A_MINUTE = TimeUnit.MINUTES.toNanos(1);

    static Thread waiter(WakeupSignal signal, int ticket) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                signal.await(ticket, A_MINUTE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void aParkingSignalWaiterWithACurrentTicketSleepsAfterEarlierSignals() throws Exception {
        ParkingSignal signal = new ParkingSignal();
        signal.signal();
        signal.signal();
        Thread waiter = waiter(signal, signal.prepareWait());
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.isAlive()) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, waiter.getState(), "parked, not returned");
        signal.signal();
        waiter.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(waiter.isAlive(), "woken by the signal");
    }

    @Test
    void aSharedWordWaiterWithACurrentTicketSleepsAfterAnEarlierSignal() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            SharedWordSignal signal = new SharedWordSignal(arena.allocate(64, 64), 0);
            signal.signal();
            Thread waiter = waiter(signal, signal.prepareWait());
            waiter.join(200);
            assertTrue(waiter.isAlive(), "a waiter with a current ticket returned without a signal");
            signal.signal();
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(waiter.isAlive(), "woken by the signal");
        }
    }

    @Test
    void aSharedWordWaiterIsCountedInTheWaiterWordWhileItSleepsOnly() throws Exception {
        assumeTrue(Futex.available(), "the waiter word is used with futex only");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment words = arena.allocate(64, 64);
            SharedWordSignal signal = new SharedWordSignal(words, 0);
            Thread waiter = waiter(signal, signal.prepareWait());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (words.get(ValueLayout.JAVA_INT, 4) != 1) {
                assertTrue(System.nanoTime() - deadline < 0, "the waiter never counted itself in");
                Thread.sleep(1);
            }
            signal.signal();
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(waiter.isAlive(), "woken by the signal");
            assertEquals(0, words.get(ValueLayout.JAVA_INT, 4), "the waiter counted itself out");
        }
    }

    @Test
    void aFutexWaitOfLessThanASecondSleeps() throws Exception {
        assumeTrue(Futex.available(), "futex needs Linux x86_64 with native access");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment word = arena.allocate(4, 4);
            Thread waiter = Thread.ofPlatform().daemon().start(() -> Futex.await(word, 0, 900_000_000L));
            waiter.join(200);
            assertTrue(waiter.isAlive(), "a wait of 0.9 s returned at once");
            word.set(ValueLayout.JAVA_INT, 0, 1); // a waiter not yet asleep then returns at once
            Futex.wake(word, 1);
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(waiter.isAlive());
        }
    }

    @Test
    void wakingAFutexWordNobodyWaitsOnIsNoError() {
        assumeTrue(Futex.available(), "futex needs Linux x86_64 with native access");
        try (Arena arena = Arena.ofConfined()) {
            assertDoesNotThrow(() -> Futex.wake(arena.allocate(4, 4), Integer.MAX_VALUE));
        }
    }
}
