package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link ClockReadMarkVsPark} with the reader's mark a release store and its state load an acquire load, instead of
 * volatile: release/acquire do not order a store before a later load (no StoreLoad), so the forbidden outcome of the
 * strong test must show, even on x86 (store buffer).
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "reader saw PARKED, or ticker saw the mark")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "the stale-forever outcome, as expected when weakened")
@State
public class ClockReadMarkVsParkWeakened {
    private final ClockWords clock = new ClockWords();

    @Actor
    public void reader(II_Result r) {
        clock.markRelease(); // (b) weakened from setVolatile
        r.r1 = clock.stateAcquire() == ClockWords.RUNNING ? 0 : 1; // (c) weakened from getVolatile
    }

    @Actor
    public void ticker(II_Result r) {
        clock.casState(ClockWords.RUNNING, ClockWords.PARKED); // (d)
        r.r2 = clock.markVolatileLoad(); // (e)
    }
}
