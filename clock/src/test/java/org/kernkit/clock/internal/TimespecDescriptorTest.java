package org.kernkit.clock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Trials;

class TimespecDescriptorTest {

    @Test
    void offsetsAreThoseOfTheStructLayout() {
        assertEquals(TimespecDescriptor.TV_SEC_OFFSET, TimespecDescriptor.LAYOUT.byteOffset(PathElement.groupElement("tv_sec")));
        assertEquals(TimespecDescriptor.TV_NSEC_OFFSET, TimespecDescriptor.LAYOUT.byteOffset(PathElement.groupElement("tv_nsec")));
        assertEquals(TimespecDescriptor.LENGTH, TimespecDescriptor.LAYOUT.byteSize());
    }

    /** Seconds drawn over the whole range, one draw in eight at an edge (0, -1, MIN, MAX). */
    private static long seconds(SplittableRandom random) {
        return random.nextInt(8) == 0 ? new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}[random.nextInt(4)]
                : random.nextLong();
    }

    private static long nanos(SplittableRandom random) {
        return random.nextInt(8) == 0 ? (random.nextBoolean() ? 0 : 999_999_999) : random.nextLong(1_000_000_000);
    }

    @Test
    void readsBytesWrittenIndependentlyInNativeOrder() {
        Trials.forEach("timespecReads", 500, random -> readsBytesWrittenIndependently(seconds(random), nanos(random)));
    }

    private static void readsBytesWrittenIndependently(long seconds, long nanos) {
        // The bytes a C compiler would lay out for struct timespec on 64-bit Linux: two native-order 64-bit words.
        ByteBuffer bytes = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        bytes.putLong(0, seconds).putLong(8, nanos);
        MemorySegment timespec = MemorySegment.ofBuffer(bytes);
        assertEquals(seconds, TimespecDescriptor.tvSec(timespec));
        assertEquals(nanos, TimespecDescriptor.tvNsec(timespec));
    }

    @Test
    void convertsToNanoseconds() {
        assertEquals(1_700_000_000_123_456_789L, TimespecDescriptor.toNanos(1_700_000_000L, 123_456_789L));
        assertEquals(4_000_000L, TimespecDescriptor.toNanos(0, 4_000_000L));
    }
}
