package org.kernkit.flexarray;

/** Where the parts of a {@link FlexArray} live. */
public enum Storage {
    /**
     * Java heap arrays: {@code long[]} parts for 8-byte elements, {@code int[]} for 4, {@code short[]} for 2 and
     * {@code byte[]} otherwise. A freed part is reclaimed by the garbage collector.
     */
    HEAP,
    /**
     * Off-heap memory: each part is allocated from its own shared {@link java.lang.foreign.Arena}, so freeing a
     * part ({@code shrink}, {@code freeParts}, {@code close}) gives its memory back at once, and a thread that
     * still holds a view of a freed part gets an {@link IllegalStateException} instead of reading freed memory.
     */
    NATIVE
}
