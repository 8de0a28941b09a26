package org.kernkit.jcstress;

import static org.kernkit.vmbus.RingBufferDescriptor.PENDING_SEND_SIZE_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.READ_INDEX_OFFSET;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link VmbusReadIndexVsPendingSendSize} with both full fences removed: {@code read()}'s release store of
 * read_index then opaque load of pending_send_sz, and {@code requestSpace()}'s opaque store of pending_send_sz then
 * acquire load of read_index (in {@code bytesToWrite()}), nothing between store and load. The lost wake-up must show.
 */
@JCStressTest
@Outcome(id = {"1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "reader signalled the waiting writer")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "writer saw the freed space and does not sleep")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "lost wake-up, as expected without the fences")
@State
public class VmbusReadIndexVsPendingSendSizeWeakened {
    private final RingHeaderMirror ring = new RingHeaderMirror();

    @Actor
    public void reader(II_Result r) {
        ring.setRelease(READ_INDEX_OFFSET, 40); // the one packet consumed
        // VarHandle.fullFence() removed
        r.r1 = ring.getOpaque(PENDING_SEND_SIZE_OFFSET) != 0 ? 1 : 0;
    }

    @Actor
    public void writer(II_Result r) {
        ring.setOpaque(PENDING_SEND_SIZE_OFFSET, 24);
        // VarHandle.fullFence() removed
        r.r2 = ring.getAcquire(READ_INDEX_OFFSET) != 0 ? 1 : 0; // freed space seen
    }
}
