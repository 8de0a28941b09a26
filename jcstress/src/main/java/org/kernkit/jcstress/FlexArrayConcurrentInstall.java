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
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * flexarray, "no write is lost by a concurrent part install": two writers write different elements of the same
 * absent part at once, so both try to install it and one loses the exchange; after both (the arbiter runs after
 * the actors) both values are there. Public API only.
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both writes kept")
@Outcome(expect = FORBIDDEN, desc = "a write lost to the other writer's install")
@State
public class FlexArrayConcurrentInstall {
    private final FlexArray array = FlexArray.builder().elementSize(Long.BYTES).capacity(1 << 12).pageSize(64)
            .fill(Fill.ZERO).build();

    @Actor
    public void first() {
        array.putLong(64, 1); // elements 64 and 65 share part 8 (8 longs per 64-byte part)
    }

    @Actor
    public void second() {
        array.putLong(65, 2);
    }

    @Arbiter
    public void check(JJ_Result r) {
        r.r1 = array.getLong(64);
        r.r2 = array.getLong(65);
    }
}
