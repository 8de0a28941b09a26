package org.kernkit.flexarray.internal;

import java.lang.foreign.MemorySegment;

/**
 * Off-heap parts: slices of {@link NativeSlabs} (anonymous mappings, each tied to a shared arena). Releasing a
 * part returns it to its slab for reuse and unmaps a slab once all its parts are released; {@link #close()}
 * unmaps every slab at once, so closing an array costs one arena close per slab, not per part. An access through
 * a part of an unmapped slab throws {@link IllegalStateException}, never touches unmapped memory.
 */
public final class NativeLeaves implements Leaves {

    /**
     * Heap bytes of one part's segment object (a {@code NativeMemorySegmentImpl}: 12-byte header, two longs, a
     * boolean, a compressed reference, padded to 8), counted by {@link #footprint}.
     */
    public static final long SEGMENT_OBJECT_BYTES = 40;

    /** Heap bytes of one slab's bookkeeping (arena, session, segment, free list, map entry), an estimate. */
    public static final long SLAB_HEAP_BYTES = NativeSlabs.SLAB_HEAP_BYTES;

    private final long bytesPerPart;
    private final byte fill;
    private final NativeSlabs slabs;

    /**
     * @param bytesPerPart bytes in one part
     * @param fill         the fill byte
     */
    public NativeLeaves(long bytesPerPart, byte fill) {
        this.bytesPerPart = bytesPerPart;
        this.fill = fill;
        this.slabs = new NativeSlabs(bytesPerPart);
    }

    @Override
    public Object allocate() {
        boolean[] zeroed = new boolean[1];
        MemorySegment part = slabs.allocate(zeroed);
        // A fresh mapping reads as zeros; a reused part, or the poison fill, needs a pass.
        if (fill != 0 || !zeroed[0]) {
            part.fill(fill);
        }
        return part;
    }

    @Override
    public Object[] newBottomNode(int slots) {
        return new MemorySegment[slots];
    }

    /** A segment over all of memory, live as long as the parts are (NativeSlabs#allMemory). */
    public MemorySegment allMemory() {
        return slabs.allMemory();
    }

    /** The address of a part, for reading it through {@link #allMemory()}. */
    static long address(Object leaf) {
        return ((MemorySegment) leaf).address();
    }

    @Override
    public boolean isVacant(Object leaf) {
        return FillPattern.matches((MemorySegment) leaf, fill);
    }

    @Override
    public void release(Object leaf) {
        slabs.release((MemorySegment) leaf);
    }

    /** The part's native bytes and its segment object on the heap. */
    @Override
    public long footprint(Object leaf) {
        return ((MemorySegment) leaf).byteSize() + SEGMENT_OBJECT_BYTES;
    }

    /**
     * What the slabs hold beyond the live parts' {@link #footprint}s: the native bytes of released parts kept
     * for reuse, and the slabs' heap bookkeeping.
     */
    @Override
    public long overheadBytes() {
        return slabs.bytesTouched() - slabs.liveParts() * bytesPerPart + slabs.bookkeepingBytes();
    }

    @Override
    public MemorySegment bytes(Object leaf) {
        return (MemorySegment) leaf;
    }

    @Override
    public void close() {
        slabs.close();
    }

    /** Parts currently allocated and not yet released. */
    public long liveParts() {
        return slabs.liveParts();
    }
}
