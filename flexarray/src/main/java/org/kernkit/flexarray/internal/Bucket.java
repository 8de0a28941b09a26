package org.kernkit.flexarray.internal;

/**
 * A few parts (2 .. {@link #CAPACITY}) sharing one interior slot above the bottom level: the sparse case, where a
 * full interior node (2 KiB at 4 KiB pages) for two or three parts would cost more than the parts' own
 * bookkeeping. Immutable (copy-on-write): a part joins by a compare-and-exchange of the slot from this bucket to
 * a bucket one longer; a full bucket is replaced by an interior node holding its parts one level down.
 * Published like {@link Part}, through its final field.
 */
final class Bucket {
    /** Most parts in a bucket; a lookup scans them linearly. */
    static final int CAPACITY = 8;

    final Part[] parts;

    Bucket(Part[] parts) {
        this.parts = parts;
    }

    /** The data of part {@code number} if it is in this bucket, else null. */
    Object dataOf(long number) {
        for (Part p : parts) {
            if (p.number == number) {
                return p.data;
            }
        }
        return null;
    }

    /** A bucket of these parts and {@code extra}. */
    Bucket with(Part extra) {
        Part[] grown = java.util.Arrays.copyOf(parts, parts.length + 1);
        grown[parts.length] = extra;
        return new Bucket(grown);
    }
}
