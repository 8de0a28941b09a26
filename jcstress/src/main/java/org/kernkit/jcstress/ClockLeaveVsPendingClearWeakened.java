package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

/**
 * {@link ClockLeaveVsPendingClear} with the ticker's way out as it was before issue 13: a last publish with U set
 * (here of the unchanged value) and ENDED, without moving to CLOSED first. A reader that loaded the word and saw
 * RUNNING clears U after the last publish, and the word stays marked read after ENDED: the frozen outcome must
 * show. (An ordering weakening rather than an access-mode one: the step that makes the race harmless is left out.)
 */
@JCStressTest
@Outcome(id = "1, 4", expect = ACCEPTABLE, desc = "word marked unread, ticker ended")
@Outcome(id = "0, 4", expect = ACCEPTABLE_INTERESTING, desc = "frozen, as expected without CLOSED first")
@State
public class ClockLeaveVsPendingClearWeakened {
    private final ClockWords clock = new ClockWords();

    @Actor
    public void ticker() {
        // no CAS to CLOSED first
        clock.markUnreadWithoutSampling(true);
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
