package org.kernkit.jcstress;

import static org.kernkit.vmbus.RingBufferDescriptor.INTERRUPT_MASK_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.READ_INDEX_OFFSET;
import static org.kernkit.vmbus.RingBufferDescriptor.WRITE_INDEX_OFFSET;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link VmbusWriteIndexVsInterruptMask} with both full fences removed: {@code publish()}'s accesses (release store
 * of write_index, acquire load of interrupt_mask, opaque load of read_index) and {@code unmaskInterrupts()}'s (opaque
 * store of the mask, acquire load of write_index), nothing between store and load. Release/acquire do not order a
 * store before a later load (no StoreLoad), so the lost wake-up must show, even on x86 (store buffer).
 */
@JCStressTest
@Outcome(id = {"1, 0", "1, 40"}, expect = ACCEPTABLE, desc = "writer signalled")
@Outcome(id = "0, 40", expect = ACCEPTABLE, desc = "reader saw the packet before sleeping")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "lost wake-up, as expected without the fences")
@State
public class VmbusWriteIndexVsInterruptMaskWeakened {
    private final RingHeaderMirror ring = new RingHeaderMirror();

    public VmbusWriteIndexVsInterruptMaskWeakened() {
        ring.setOpaque(INTERRUPT_MASK_OFFSET, 1); // the reader was polling
    }

    @Actor
    public void writer(II_Result r) {
        ring.setRelease(WRITE_INDEX_OFFSET, 40);
        // VarHandle.fullFence() removed
        boolean signal = ring.getAcquire(INTERRUPT_MASK_OFFSET) == 0 && ring.getOpaque(READ_INDEX_OFFSET) == 0;
        r.r1 = signal ? 1 : 0;
    }

    @Actor
    public void reader(II_Result r) {
        ring.setOpaque(INTERRUPT_MASK_OFFSET, 0);
        // VarHandle.fullFence() removed
        r.r2 = ring.getAcquire(WRITE_INDEX_OFFSET); // bytes to read: write_index - read_index (0)
    }
}
