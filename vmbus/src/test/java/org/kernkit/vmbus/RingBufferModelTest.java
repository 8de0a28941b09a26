package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The ring against a queue of byte arrays: random sizes, wrap-around, full ring. */
class RingBufferModelTest {

    /** Positive: write a packet of that payload size; negative: read up to -n packets. */
    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 200), Arbitraries.integers().between(-4, -1))
                .list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 300)
    void ringBehavesLikeABoundedQueue(@ForAll("operations") List<Integer> operations,
                                      @ForAll @IntRange(min = 32, max = 96) int dataLength8) {
        int dataLength = dataLength8 * 8;
        MemorySegment seg = MemorySegment.ofArray(new long[(4096 + dataLength) / 8]);
        RingBuffer.format(seg);
        RingBuffer ring = RingBuffer.attach(seg, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        ArrayDeque<byte[]> model = new ArrayDeque<>();
        int used = 0;
        long transId = 0;
        for (int op : operations) {
            if (op >= 0) {
                int length = op;
                if (length > ring.maxPayloadLength()) {
                    continue;
                }
                byte[] payload = new byte[length];
                Arrays.fill(payload, (byte) transId);
                int total = RingBufferDescriptor.ringBytesOf(length);
                boolean expected = dataLength - used > total;
                assertEquals(expected, ring.tryWrite(6, 0, transId, payload), "write of " + length + " with " + used + " used");
                if (expected) {
                    model.add(payload);
                    used += total;
                    transId++;
                }
            } else {
                int limit = -op;
                int[] count = {0};
                ring.read(p -> {
                    byte[] want = model.poll();
                    byte[] got = p.payloadBytes();
                    assertEquals(RingBufferDescriptor.ringBytesOf(want.length) - 24, got.length);
                    assertArrayEquals(want, Arrays.copyOf(got, want.length));
                    for (int i = want.length; i < got.length; i++) {
                        assertEquals(0, got[i], "padding byte");
                    }
                    count[0]++;
                }, limit);
                assertEquals(Math.min(limit, count[0] + model.size()), count[0]);
                used = 0;
                for (byte[] b : model) {
                    used += RingBufferDescriptor.ringBytesOf(b.length);
                }
            }
            assertEquals(used, ring.bytesToRead());
            assertEquals(dataLength - used, ring.bytesToWrite());
        }
    }
}
