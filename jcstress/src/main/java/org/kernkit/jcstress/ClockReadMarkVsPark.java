package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * clock, point 2 of {@code CachedClock}'s argument ("no stale value while parked"): a reader on the slow path stores
 * the read mark (b, volatile) then loads the ticker state (c, volatile); the ticker parks by CAS RUNNING to PARKED
 * (d, volatile) then loads the mark (e, volatile). If the reader saw RUNNING (and so will clear U and return the
 * value fast from then on), the ticker must see the mark and go on ticking; a reader that saw RUNNING while the
 * ticker parked without seeing the mark leaves a parked ticker behind a value marked read, which is stale forever.
 * Mirror of the class's accesses ({@link ClockWords}).
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "reader saw PARKED, or ticker saw the mark")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "reader saw RUNNING and the ticker parked without the mark")
@State
public class ClockReadMarkVsPark {
    private final ClockWords clock = new ClockWords();

    @Actor
    public void reader(II_Result r) {
        clock.markVolatile(); // (b)
        r.r1 = clock.stateVolatile() == ClockWords.RUNNING ? 0 : 1; // (c)
    }

    @Actor
    public void ticker(II_Result r) {
        clock.casState(ClockWords.RUNNING, ClockWords.PARKED); // (d)
        r.r2 = clock.markVolatileLoad(); // (e)
    }
}
