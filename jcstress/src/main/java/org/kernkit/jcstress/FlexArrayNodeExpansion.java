package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.kernkit.flexarray.Fill;
import org.kernkit.flexarray.FlexArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * flexarray, bucket and node expansion: in a tree deeper than one level (2^18 parts of one long each), part 999 is
 * installed first (its root slot holds it alone), then two writers write the absent neighbouring parts 1000 and
 * 1001 at once, which share that slot: each install grows the slot's lone part or bucket (into a bucket, or an
 * interior node) while the other may be doing the same. No write may be lost, the first one included. Public API
 * only (the tree's internals are another module's to change), so which expansion happens is chosen by the
 * indices, not observed. Two actors: the quick mode runs on two CPUs, and jcstress skips tests with more actors.
 */
@JCStressTest
@Outcome(id = "9, 1, 2", expect = ACCEPTABLE, desc = "all three writes kept")
@Outcome(expect = FORBIDDEN, desc = "a write lost while its slot was expanded")
@State
public class FlexArrayNodeExpansion {
    private final FlexArray array = FlexArray.builder().elementSize(Long.BYTES).capacity(1 << 18).pageSize(8)
            .fill(Fill.ZERO).build();

    public FlexArrayNodeExpansion() {
        array.putLong(999, 9);
    }

    @Actor
    public void first() {
        array.putLong(1_000, 1);
    }

    @Actor
    public void second() {
        array.putLong(1_001, 2);
    }

    @Arbiter
    public void check(JJJ_Result r) {
        r.r1 = array.getLong(999);
        r.r2 = array.getLong(1_000);
        r.r3 = array.getLong(1_001);
    }
}
