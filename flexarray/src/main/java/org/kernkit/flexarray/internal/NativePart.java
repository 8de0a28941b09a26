package org.kernkit.flexarray.internal;

/**
 * One native part as the tree holds it: the address of its first byte in a slab of {@link NativeSlabs}, nothing
 * else (24 B of heap, where a {@code MemorySegment} slice per part was 40 B). Accesses go through the array's one
 * arena-wide segment ({@link NativeLeaves#allMemory()}) at this address plus an offset below the part's size,
 * so they keep the arena's liveness check: after close every access throws {@link IllegalStateException}.
 * Immutable; the final field publishes the address to whoever sees the object (the part's native fill is
 * published by the install's release, see PartTree).
 */
public final class NativePart {

    /** Heap bytes of a NativePart: 12-byte header and an 8-byte long, padded to 24. */
    public static final long OBJECT_BYTES = 24;

    final long address;

    NativePart(long address) {
        this.address = address;
    }

    /** The address of the part's first byte. */
    public long address() {
        return address;
    }

    @Override
    public String toString() {
        return "NativePart[0x" + Long.toHexString(address) + "]";
    }
}
