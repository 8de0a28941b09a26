package org.kernkit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.foreign.MemorySegment;
import org.kernkit.vmbus.RingBuffer;
import org.kernkit.vmbus.RingBufferDescriptor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * vmbus, the first Dekker pair: the writer stores {@code write_index} then (full fence) loads
 * {@code interrupt_mask}; the reader, about to sleep, clears {@code interrupt_mask} then (full fence) loads
 * {@code write_index}. The ring starts empty with the mask set (the reader was polling). Either the writer sees the
 * mask clear and signals, or the reader sees the packet and does not sleep; both missing is the lost wake-up the
 * fences rule out. Real {@link RingBuffer}s, one per side, over one segment.
 */
@JCStressTest
@Outcome(id = {"1, 0", "1, 40"}, expect = ACCEPTABLE, desc = "writer signalled")
@Outcome(id = "0, 40", expect = ACCEPTABLE, desc = "reader saw the packet before sleeping")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: no signal and the reader sleeps on an empty ring")
@State
public class VmbusWriteIndexVsInterruptMask {
    private final CountingSignal readerSignal = new CountingSignal();
    private final RingBuffer writerSide;
    private final RingBuffer readerSide;
    private static final byte[] PAYLOAD = new byte[16]; // 16 + 16 + 8 = 40 ring bytes

    public VmbusWriteIndexVsInterruptMask() {
        MemorySegment ring = MemorySegment.ofArray(new long[(RingBufferDescriptor.HEADER_LENGTH + 64) / 8]);
        RingBuffer.format(ring);
        writerSide = RingBuffer.attach(ring, readerSignal, RingBuffer.NO_SIGNAL);
        readerSide = RingBuffer.attach(ring, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        readerSide.maskInterrupts();
    }

    @Actor
    public void writer(II_Result r) {
        writerSide.tryWrite(1, 0, 7, PAYLOAD);
        r.r1 = readerSignal.signals;
    }

    @Actor
    public void reader(II_Result r) {
        r.r2 = readerSide.unmaskInterrupts();
    }
}
