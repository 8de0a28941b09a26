package org.kernkit.vmbus;

/**
 * A way for one side of a ring to wake the other: the analogue of a VMBus channel interrupt.
 *
 * <p>Protocol, free of lost wake-ups: a waiter takes a {@link #prepareWait() ticket}, then re-checks its condition
 * (with the fences the ring prescribes), then {@link #await awaits} with the ticket; {@code await} returns at once
 * if {@link #signal()} was called after the ticket was taken. Spurious returns are allowed; callers re-check.
 *
 * <p>Thread-safety: {@code signal} may be called from any thread; at most one thread waits at a time.
 * Memory effects: actions before {@code signal()} happen-before the return of an {@code await} that it ends.
 */
public interface WakeupSignal {

    /**
     * Takes a ticket, before the waiter re-checks its condition.
     *
     * @return the ticket to pass to {@link #await}
     */
    int prepareWait();

    /**
     * Waits until a {@link #signal()} after the ticket was taken, the timeout passes, or a spurious wake-up.
     *
     * @param ticket from {@link #prepareWait()}
     * @param timeoutNanos longest wait, positive
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void await(int ticket, long timeoutNanos) throws InterruptedException;

    /** Wakes the waiter, if any, and makes the next {@code await} with an older ticket return at once. */
    void signal();
}
