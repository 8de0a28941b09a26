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

    /**
     * 0..200: write (append + publish) a packet of that payload size; 1000..1200: append one of size n - 1000
     * without publishing; negative: read up to -n packets.
     */
    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 200), Arbitraries.integers().between(1000, 1200),
                        Arbitraries.integers().between(-4, -1))
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
        ArrayDeque<byte[]> unpublished = new ArrayDeque<>();
        int used = 0;
        int unpublishedBytes = 0;
        long transId = 0;
        for (int op : operations) {
            if (op >= 0) {
                boolean append = op >= 1000;
                int length = append ? op - 1000 : op;
                if (length > ring.maxPayloadLength()) {
                    continue;
                }
                byte[] payload = new byte[length];
                Arrays.fill(payload, (byte) transId);
                int total = RingBufferDescriptor.ringBytesOf(length);
                boolean expected = dataLength - used - unpublishedBytes > total;
                boolean actual = append
                        ? ring.tryAppend(6, 0, transId, MemorySegment.ofArray(payload), 0, length)
                        : ring.tryWrite(6, 0, transId, payload);
                assertEquals(expected, actual, "write of " + length + " with " + used + " used, " + unpublishedBytes + " unpublished");
                if (expected) {
                    unpublished.add(payload);
                    unpublishedBytes += total;
                    transId++;
                }
                if (!append) { // tryWrite publishes everything appended before, even when it fails
                    model.addAll(unpublished);
                    used += unpublishedBytes;
                    unpublished.clear();
                    unpublishedBytes = 0;
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
            assertEquals(dataLength - used - unpublishedBytes, ring.bytesToWrite());
        }
    }
}
