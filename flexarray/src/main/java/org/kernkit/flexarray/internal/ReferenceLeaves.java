package org.kernkit.flexarray.internal;

import java.lang.foreign.MemorySegment;

/** Heap parts of references ({@code Object[]}), empty slots null. */
public final class ReferenceLeaves implements Leaves {

    /** Bytes of a reference with compressed oops (HotSpot, heaps below 32 GiB). */
    public static final long REFERENCE_BYTES = 4;

    private final int elements;

    /** @param elements references per part */
    public ReferenceLeaves(int elements) {
        this.elements = elements;
    }

    @Override
    public Object allocate() {
        return new Object[elements];
    }

    @Override
    public boolean isVacant(Object leaf) {
        for (Object o : (Object[]) leaf) {
            if (o != null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void release(Object leaf) {
        // Reclaimed by the garbage collector.
    }

    @Override
    public long footprint(Object leaf) {
        return HeapLeaves.ARRAY_HEADER_BYTES + ((((Object[]) leaf).length * REFERENCE_BYTES + 7) & ~7L);
    }

    @Override
    public long payloadBytes(Object leaf) {
        return (long) ((Object[]) leaf).length * REFERENCE_BYTES;
    }

    @Override
    public MemorySegment bytes(Object leaf) {
        return null;
    }
}
