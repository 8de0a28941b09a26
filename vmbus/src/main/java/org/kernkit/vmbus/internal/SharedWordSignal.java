package org.kernkit.vmbus.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.kernkit.vmbus.WakeupSignal;

/**
 * A {@link WakeupSignal} on two 32-bit words in shared memory, usable between processes.
 *
 * <pre>
 *   word +0  u32 sequence   bumped by every signal(); the futex word
 *   word +4  u32 waiters    threads (in any process) between "announce" and "return" of await()
 * </pre>
 *
 * <p>Lost-wake-up argument: the waiter takes the sequence as its ticket, re-checks its condition, increments
 * {@code waiters} (a volatile RMW: full fence) and sleeps in FUTEX_WAIT only while the sequence still equals the
 * ticket (the kernel checks atomically). The signaller increments the sequence (volatile RMW: full fence) and
 * then reads {@code waiters}. If it reads 0, its increment precedes the waiter's in the total order of RMWs, so
 * the waiter's FUTEX_WAIT sees a changed sequence and returns. So the wake syscall is skipped safely whenever no
 * one waits, which is the common case.
 *
 * <p>Without futex (not Linux x86_64, or no native access) {@code await} parks for at most 1 ms at a time and
 * callers re-check: bounded polling with backoff, never a busy loop.
 */
public final class SharedWordSignal implements WakeupSignal {

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long MAX_POLL_NANOS = 1_000_000;

    private final MemorySegment segment;
    private final long sequenceOffset;
    private final long waitersOffset;
    private final MemorySegment futexWord;

    /**
     * Uses the two words at {@code offset} of {@code segment}, which may be shared with other processes; the
     * caller keeps the segment alive while the signal is in use.
     *
     * @param segment native memory holding the words
     * @param offset 8-byte-aligned offset of the sequence word; the waiter count follows it
     * @throws IllegalArgumentException if the segment is not native or the words are not 8-byte aligned
     */
    public SharedWordSignal(MemorySegment segment, long offset) {
        if (!segment.isNative() || (segment.address() + offset) % 8 != 0) {
            throw new IllegalArgumentException("signal words need native memory at an 8-byte-aligned offset, got "
                    + segment + " offset " + offset);
        }
        this.segment = segment;
        this.sequenceOffset = offset;
        this.waitersOffset = offset + 4;
        this.futexWord = segment.asSlice(offset, 4);
    }

    @Override
    public int prepareWait() {
        // Acquire: what the signaller did before bumping the sequence is visible after a later re-check.
        return (int) INT.getAcquire(segment, sequenceOffset);
    }

    @Override
    public void await(int ticket, long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!Futex.available()) {
            if ((int) INT.getAcquire(segment, sequenceOffset) == ticket) {
                LockSupport.parkNanos(Math.min(timeoutNanos, MAX_POLL_NANOS));
            }
            return;
        }
        // Volatile RMW (full fence): announces us before the kernel's check of the sequence; see class comment.
        INT.getAndAdd(segment, waitersOffset, 1);
        try {
            Futex.await(futexWord, ticket, timeoutNanos);
        } finally {
            INT.getAndAdd(segment, waitersOffset, -1);
        }
    }

    @Override
    public void signal() {
        // Volatile RMW (full fence): the sequence change is ordered before our read of the waiter count.
        INT.getAndAdd(segment, sequenceOffset, 1);
        if (Futex.available() && (int) INT.getVolatile(segment, waitersOffset) != 0) {
            Futex.wake(futexWord, Integer.MAX_VALUE);
        }
    }
}
