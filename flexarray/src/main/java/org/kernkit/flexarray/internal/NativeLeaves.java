package org.kernkit.flexarray.internal;

import java.lang.foreign.MemorySegment;

/**
 * Off-heap parts: pieces of {@link NativeSlabs} (anonymous mappings, all tied to the array's shared arena), held
 * in the tree as {@link NativePart}s (an address, 24 B of heap) and accessed through the arena's one segment over
 * all of memory ({@link #allMemory()}), at the part's address plus an offset below its size. Releasing a part
 * returns it to its slab for reuse and gives a slab's pages back once all its parts are released;
 * {@link #close()} unmaps every slab at once, so closing an array costs one arena close, not one per part. An
 * access after close throws {@link IllegalStateException}, never touches unmapped memory.
 */
public final class NativeLeaves implements Leaves {

    /** Heap bytes of one part's {@link NativePart}, counted by {@link #footprint}. */
    public static final long PART_OBJECT_BYTES = NativePart.OBJECT_BYTES;

    /** Heap bytes of one slab's bookkeeping (arena, session, segment, free list, map entry), an estimate. */
    public static final long SLAB_HEAP_BYTES = NativeSlabs.SLAB_HEAP_BYTES;

    private final long bytesPerPart;
    private final byte fill;
    private final NativeSlabs slabs;
    /** {@link NativeSlabs#allMemory()}: every part is read and written through it. */
    private final MemorySegment memory;

    /**
     * @param bytesPerPart bytes in one part
     * @param fill         the fill byte
     */
    public NativeLeaves(long bytesPerPart, byte fill) {
        this.bytesPerPart = bytesPerPart;
        this.fill = fill;
        this.slabs = new NativeSlabs(bytesPerPart);
        this.memory = slabs.allMemory();
    }

    @Override
    public Object allocate() {
        boolean[] zeroed = new boolean[1];
        NativePart part = slabs.allocate(zeroed);
        // A fresh mapping reads as zeros; a reused part, or the poison fill, needs a pass.
        if (fill != 0 || !zeroed[0]) {
            bytes(part).fill(fill);
        }
        return part;
    }

    @Override
    public Object[] newBottomNode(int slots) {
        return new NativePart[slots];
    }

    /** A segment over all of memory, live as long as the parts are (NativeSlabs#allMemory). */
    public MemorySegment allMemory() {
        return memory;
    }

    /** The address of a part ({@link NativePart}), for reading it through {@link #allMemory()}. */
    public static long address(Object leaf) {
        return ((NativePart) leaf).address;
    }

    @Override
    public boolean isVacant(Object leaf) {
        return FillPattern.matches(bytes(leaf), fill);
    }

    @Override
    public void release(Object leaf) {
        slabs.release((NativePart) leaf);
    }

    /** The part's native bytes and its {@link NativePart} on the heap. */
    @Override
    public long footprint(Object leaf) {
        return bytesPerPart + PART_OBJECT_BYTES;
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
    public long payloadBytes(Object leaf) {
        return bytesPerPart;
    }

    /** A new slice of {@link #allMemory()} over exactly the part's bytes (so bounded, and live as the arena). */
    @Override
    public MemorySegment bytes(Object leaf) {
        return memory.asSlice(address(leaf), bytesPerPart);
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
