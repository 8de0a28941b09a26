package org.kernkit.flexarray.internal;

/**
 * A part standing alone in an interior slot above the bottom level (lazy expansion, as in the adaptive radix
 * tree): it carries its part number because the slot covers many parts. Immutable, so safely published by the
 * compare-and-exchange that installs it.
 */
final class Solo {
    final long part;
    final Object leaf;

    Solo(long part, Object leaf) {
        this.part = part;
        this.leaf = leaf;
    }
}
