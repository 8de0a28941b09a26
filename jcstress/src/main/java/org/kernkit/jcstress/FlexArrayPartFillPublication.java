package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.kernkit.flexarray.Fill;
import org.kernkit.flexarray.FlexArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * flexarray, "the fill of a part happens-before every read of that part by any thread": one actor writes an element
 * of an absent part (which installs the part, filled with the POISON byte), the other reads the element with
 * {@code getLong}'s plain-load lookup. Without a happens-before edge on the element value the reader may see the
 * part absent or the old value (the fill pattern) or the new value; it must never see the part's memory before its
 * fill (zeros, what a fresh Java array holds) or anything else. Public API only.
 */
@JCStressTest
@Outcome(id = "42", expect = ACCEPTABLE, desc = "the written value")
@Outcome(id = "7812738666512280684", expect = ACCEPTABLE, desc = "the fill pattern: part absent, or value not yet seen")
@Outcome(expect = FORBIDDEN, desc = "the part seen before its fill, or a torn element")
@State
public class FlexArrayPartFillPublication {
    private final FlexArray array = FlexArray.builder().elementSize(Long.BYTES).capacity(1 << 12).pageSize(64)
            .fill(Fill.POISON).build();

    @Actor
    public void writer() {
        array.putLong(100, 42);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = array.getLong(100);
    }
}
