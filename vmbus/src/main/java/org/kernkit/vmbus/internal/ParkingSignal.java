package org.kernkit.vmbus.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.kernkit.vmbus.WakeupSignal;

/**
 * A {@link WakeupSignal} between threads of one process: a sequence number and park/unpark.
 *
 * <p>The waiter publishes itself in {@code waiter} (volatile store) and then re-reads the sequence; the
 * signaller bumps the sequence (volatile RMW) and then reads {@code waiter}. Sequential consistency of volatile
 * accesses means either the waiter sees the new sequence and does not park, or the signaller sees the waiter and
 * unparks it (an unpark before the park makes the park return at once).
 */
public final class ParkingSignal implements WakeupSignal {

    private final AtomicInteger sequence = new AtomicInteger();
    private volatile Thread waiter;

    /** Creates a signal with no waiter and sequence 0. */
    public ParkingSignal() {
    }

    @Override
    public int prepareWait() {
        return sequence.get();
    }

    @Override
    public void await(int ticket, long timeoutNanos) throws InterruptedException {
        waiter = Thread.currentThread();
        try {
            if (sequence.get() == ticket) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            waiter = null;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @Override
    public void signal() {
        sequence.incrementAndGet();
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
