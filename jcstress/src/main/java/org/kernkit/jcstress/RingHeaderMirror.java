package org.kernkit.jcstress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.kernkit.vmbus.RingBufferDescriptor;

/**
 * The four header fields of a VMBus ring, accessed in the modes {@code RingBuffer} uses (release/acquire/opaque
 * stores and loads through a little-endian int VarHandle over the segment). The weakened tests use it because
 * {@code RingBuffer} itself cannot be weakened from outside: they repeat its accesses with the full fence left out.
 */
final class RingHeaderMirror {
    static final VarHandle HEADER_INT =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    final MemorySegment header = MemorySegment.ofArray(new long[RingBufferDescriptor.HEADER_LENGTH / 8]);

    void setRelease(int offset, int value) {
        HEADER_INT.setRelease(header, (long) offset, value);
    }

    void setOpaque(int offset, int value) {
        HEADER_INT.setOpaque(header, (long) offset, value);
    }

    int getAcquire(int offset) {
        return (int) HEADER_INT.getAcquire(header, (long) offset);
    }

    int getOpaque(int offset) {
        return (int) HEADER_INT.getOpaque(header, (long) offset);
    }
}
