package org.kernkit.vmbus;

import java.util.concurrent.atomic.AtomicInteger;

/** A WakeupSignal that only counts signals. */
final class CountingSignal implements WakeupSignal {
    final AtomicInteger signals = new AtomicInteger();

    @Override
    public int prepareWait() {
        return signals.get();
    }

    @Override
    public void await(int ticket, long timeoutNanos) {
    }

    @Override
    public void signal() {
        signals.incrementAndGet();
    }

    int count() {
        return signals.get();
    }
}
