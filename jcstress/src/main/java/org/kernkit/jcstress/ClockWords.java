package org.kernkit.jcstress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shared words of {@code CachedClock}'s ticker protocol (one published word, the read mark, the ticker state)
 * with the same VarHandle access modes as the class, named in each method. A mirror, because the protocol's steps
 * are private to {@code CachedClock} and run on its own ticker thread, which jcstress cannot drive; each test says
 * which steps of the class comment it mirrors.
 */
final class ClockWords {
    static final long UNREAD = 1L;
    static final int RUNNING = 0, PARKED = 1, WAKING = 2, CLOSED = 3, ENDED = 4;

    private static final VarHandle WORD;
    private static final VarHandle MARK;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WORD = lookup.findVarHandle(ClockWords.class, "word", long.class);
            MARK = lookup.findVarHandle(ClockWords.class, "mark", int.class);
            STATE = lookup.findVarHandle(ClockWords.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long word = 100 | UNREAD; // a publish nobody has read yet
    int mark;
    int state = RUNNING;

    long wordAcquire() {
        return (long) WORD.getAcquire(this);
    }

    long wordVolatile() {
        return (long) WORD.getVolatile(this);
    }

    boolean casWord(long expected, long value) {
        return WORD.compareAndSet(this, expected, value);
    }

    void markVolatile() {
        MARK.setVolatile(this, 1);
    }

    void markRelease() {
        MARK.setRelease(this, 1);
    }

    int markVolatileLoad() {
        return (int) MARK.getVolatile(this);
    }

    int stateVolatile() {
        return (int) STATE.getVolatile(this);
    }

    int stateAcquire() {
        return (int) STATE.getAcquire(this);
    }

    boolean casState(int expected, int value) {
        return STATE.compareAndSet(this, expected, value);
    }

    void stateVolatileStore(int value) {
        STATE.setVolatile(this, value);
    }

    /**
     * A reader on the slow path, once: acquire load of the word; if U is set, volatile mark, volatile state load and,
     * if RUNNING, the CAS that clears U of the value it loaded ({@code CachedClock.readSlow}).
     */
    void readSlowOnce() {
        long seen = wordAcquire();
        if ((seen & UNREAD) != 0) {
            markVolatile();
            if (stateVolatile() == RUNNING) {
                casWord(seen, seen & ~UNREAD);
            }
        }
    }

    /** The leaving ticker's last publish: CAS to {@code (time + 2) | U}, or with {@code keepValue} to {@code time | U}. */
    void markUnreadWithoutSampling(boolean keepValue) {
        while (true) {
            long seen = wordVolatile();
            long next = keepValue ? seen | UNREAD : ((seen & ~UNREAD) + 2) | UNREAD;
            if (casWord(seen, next)) {
                return;
            }
        }
    }
}
