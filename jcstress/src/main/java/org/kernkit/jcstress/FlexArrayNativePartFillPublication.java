package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.kernkit.flexarray.Fill;
import org.kernkit.flexarray.FlexArray;
import org.kernkit.flexarray.Storage;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/**
 * flexarray, native: "the fill of a part happens-before every read of that part by any thread", on the path
 * that reads a flat native array's part through its address ({@code PartTree#flatAddresses}: written with
 * {@code setRelease} after the install, read with {@code getAcquire}). One actor writes an element of an absent
 * part (installs it: a fresh slab part, zeros, then the POISON fill), the other reads it with {@code getLong}.
 * Zero is the part's memory before its fill, so it is forbidden. The arbiter closes the array, so that the
 * millions of states give their mappings back. Public API only.
 */
@JCStressTest
@Outcome(id = "42", expect = ACCEPTABLE, desc = "the written value")
@Outcome(id = "7812738666512280684", expect = ACCEPTABLE, desc = "the fill pattern: part absent, or value not yet seen")
@Outcome(expect = FORBIDDEN, desc = "the part seen before its fill, or a torn element")
@State
public class FlexArrayNativePartFillPublication {
    private final FlexArray array = FlexArray.builder().elementSize(Long.BYTES).capacity(1 << 12).pageSize(64)
            .storage(Storage.NATIVE).fill(Fill.POISON).build();

    @Actor
    public void writer() {
        array.putLong(100, 42);
    }

    @Actor
    public void reader(J_Result r) {
        r.r1 = array.getLong(100);
    }

    @Arbiter
    public void close(J_Result r) {
        array.close();
    }
}
