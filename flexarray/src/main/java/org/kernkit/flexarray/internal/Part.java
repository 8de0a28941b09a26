package org.kernkit.flexarray.internal;

/**
 * One present part: its number and its data ({@code long[]}, {@code int[]}, {@code short[]}, {@code byte[]},
 * {@code Object[]} or a native {@code MemorySegment}). Immutable.
 *
 * <p>The final fields are the publication mechanism of the lookup path: a thread that reads a reference to a Part,
 * even through a data race, sees {@code number}, {@code data} and the contents of {@code data} as they were when
 * the constructor finished (JLS 17.5), that is, the data filled. This is what lets lookups read slots with plain
 * loads. The number makes lazy expansion possible: a Part may sit in any slot on its path, and a lookup checks
 * that the Part it found is the one it wants. Above the bottom level only: a bottom slot's position is its
 * number, so there the data sits bare (no record, 24 B a part less) and is read with acquire loads instead.
 */
public final class Part {
    final long number;
    final Object data;

    Part(long number, Object data) {
        this.number = number;
        this.data = data;
    }

    /** The part's data (final: seen filled by whoever sees this Part). */
    public Object data() {
        return data;
    }
}
