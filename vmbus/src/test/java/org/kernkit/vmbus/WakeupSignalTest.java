package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kernkit.vmbus.internal.Futex;
import org.kernkit.vmbus.internal.ParkingSignal;
import org.kernkit.vmbus.internal.SharedWordSignal;

class WakeupSignalTest {

    static final long A_MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** A waiter with a one-minute timeout must come back long before it, so the signal reached it. */
    static void signalWakesAWaiter(WakeupSignal signal) throws Exception {
        int ticket = signal.prepareWait();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                signal.await(ticket, A_MINUTE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(50);
        signal.signal();
        waiter.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(waiter.isAlive(), "waiter still asleep after the signal");
    }

    @Test
    void futexIsAvailableOnLinuxX8664() {
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").contains("Linux") && (arch.equals("amd64") || arch.equals("x86_64")));
        assertTrue(Futex.available(), "FFM syscall(SYS_futex) could not be linked");
    }

    @Test
    void sharedWordSignalWakesAThreadSleepingInFutexWait() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment words = arena.allocate(64, 64);
            signalWakesAWaiter(new SharedWordSignal(words, 0));
        }
    }

    @Test
    void parkingSignalWakesAParkedThread() throws Exception {
        signalWakesAWaiter(new ParkingSignal());
    }

    @Test
    void awaitWithAStaleTicketReturnsAtOnce() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            WakeupSignal signal = new SharedWordSignal(arena.allocate(64, 64), 0);
            int ticket = signal.prepareWait();
            signal.signal();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    signal.await(ticket, A_MINUTE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(waiter.isAlive(), "a signal before the wait was lost");
        }
    }
}
