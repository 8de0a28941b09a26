package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

/**
 * clock, points 4 and 5 of {@code CachedClock}'s argument (close, and a ticker that dies): the leaving ticker moves
 * the state to CLOSED (CAS), marks the word unread with a new value (CAS, time bits + 2) and stores ENDED
 * (volatile); a reader on the slow path loads the word (acquire), stores its mark, loads the state and, if RUNNING,
 * clears U by CAS on the value it loaded. Whatever the interleaving, the word must end with U set: a word left with
 * U clear after ENDED is returned by the fast path forever (the frozen clock of issue 13). The arbiter reports the
 * final word's U bit and the final state. Mirror of the class's accesses ({@link ClockWords}).
 */
@JCStressTest
@Outcome(id = "1, 4", expect = ACCEPTABLE, desc = "word marked unread, ticker ended: readers sample themselves")
@Outcome(id = "0, 4", expect = FORBIDDEN, desc = "word left marked read after the ticker ended: frozen")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class ClockLeaveVsPendingClear {
    private final ClockWords clock = new ClockWords();

    @Actor
    public void ticker() {
        clock.casState(ClockWords.RUNNING, ClockWords.CLOSED);
        clock.markUnreadWithoutSampling(false);
        clock.stateVolatileStore(ClockWords.ENDED);
    }

    @Actor
    public void reader() {
        clock.readSlowOnce();
    }

    @Arbiter
    public void check(JI_Result r) {
        r.r1 = clock.wordVolatile() & ClockWords.UNREAD;
        r.r2 = clock.stateVolatile();
    }
}
