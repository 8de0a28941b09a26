package org.kernkit.flexarray.internal;

import java.lang.foreign.MemorySegment;

/** How the parts (the tree's leaves) of one array are made, inspected and given back. */
public interface Leaves {

    /** A new part, every element set to the fill (the fill bytes, or null references). */
    Object allocate();

    /**
     * A node of the tree's bottom level, whose slots hold parts' data bare: typed as an array of the data's type
     * ({@code long[][]} for heap longs...) so that a reader of a flat root needs no type check. {@code Object[]}
     * by default.
     */
    default Object[] newBottomNode(int slots) {
        return new Object[slots];
    }

    /** Whether every element of {@code leaf} equals the fill, so {@code shrink} may free it. */
    boolean isVacant(Object leaf);

    /** Gives back a part that is no longer reachable from the tree (native memory is freed at once). */
    void release(Object leaf);

    /** The bytes {@code leaf} occupies, its header included. */
    long footprint(Object leaf);

    /** The bytes of {@code leaf}'s elements (its {@link #footprint} less headers, padding, per-part objects). */
    long payloadBytes(Object leaf);

    /** A byte view of a part, or {@code null} for reference parts. */
    MemorySegment bytes(Object leaf);

    /** Bytes the leaves hold beyond the live parts' {@link #footprint}s (shared per array); 0 by default. */
    default long overheadBytes() {
        return 0;
    }

    /**
     * Gives back whatever the leaves still hold once the tree has released every part (native slabs); called once,
     * by the tree's close. Nothing by default.
     */
    default void close() {
    }
}
