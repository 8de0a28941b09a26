package org.kernkit.jcstress;

import org.kernkit.vmbus.WakeupSignal;

/**
 * A {@link WakeupSignal} that only counts {@link #signal()} calls, for tests whose signalling side reads the count
 * itself (plain field: one thread signals and reads).
 */
final class CountingSignal implements WakeupSignal {
    int signals;

    @Override
    public int prepareWait() {
        return 0;
    }

    @Override
    public void await(int ticket, long timeoutNanos) {
        // never waits: the tests look at whether a signal was sent, not at a wake-up
    }

    @Override
    public void signal() {
        signals++;
    }
}
