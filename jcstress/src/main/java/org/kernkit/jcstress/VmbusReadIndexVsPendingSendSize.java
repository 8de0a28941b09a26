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
 * vmbus, the second Dekker pair: the reader stores {@code read_index} (consuming the one packet of a ring too full
 * for the writer) then (full fence) loads {@code pending_send_sz}; the writer stores {@code pending_send_sz} (it needs
 * more than the free space it saw) then (full fence) re-reads {@code read_index}. Either the reader sees the request
 * and signals, or the writer sees the freed space and does not sleep; both missing is the lost wake-up the fences
 * rule out. Real {@link RingBuffer}s, one per side, over one segment.
 */
@JCStressTest
@Outcome(id = {"1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "reader signalled the waiting writer")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "writer saw the freed space and does not sleep")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: no signal and the writer sleeps with space free")
@State
public class VmbusReadIndexVsPendingSendSize {
    private static final byte[] PAYLOAD = new byte[16];
    private final CountingSignal writerSignal = new CountingSignal();
    private final RingBuffer writerSide;
    private final RingBuffer readerSide;
    private final int needed;

    public VmbusReadIndexVsPendingSendSize() {
        MemorySegment ring = MemorySegment.ofArray(new long[(RingBufferDescriptor.HEADER_LENGTH + 64) / 8]);
        RingBuffer.format(ring);
        writerSide = RingBuffer.attach(ring, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        readerSide = RingBuffer.attach(ring, RingBuffer.NO_SIGNAL, writerSignal);
        if (!writerSide.tryWrite(1, 0, 7, PAYLOAD)) {
            throw new IllegalStateException("the setup packet does not fit the test ring");
        }
        needed = writerSide.bytesToWrite(); // the writer wants more than what is free now
    }

    @Actor
    public void reader(II_Result r) {
        readerSide.read(packet -> { }, 1);
        r.r1 = writerSignal.signals;
    }

    @Actor
    public void writer(II_Result r) {
        r.r2 = writerSide.requestSpace(needed) > needed ? 1 : 0;
    }
}
