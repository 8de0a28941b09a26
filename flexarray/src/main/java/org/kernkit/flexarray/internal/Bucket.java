package org.kernkit.flexarray.internal;

import java.util.Arrays;

/**
 * Parts (2 .. the tree's bucket capacity) sharing one interior slot above the bottom level: the sparse case,
 * where a full interior node (2 KiB at 4 KiB pages) for a few parts, each with its own {@link Part} record, would
 * cost more than the parts' bookkeeping should. Two parallel arrays, sorted by part number, and no record per
 * part: 12 bytes a part (an 8-byte number and a 4-byte reference) plus 56 bytes a bucket, against 24 + 4 bytes a
 * part (a Part record and its node slot) plus 2 KiB a node. Immutable (copy-on-write): a part joins by a
 * compare-and-exchange of the slot from this bucket to a bucket one longer; a full bucket is replaced by an
 * interior node holding its parts one level down. Published like {@link Part}, through its final fields (JLS
 * 17.5 covers the arrays' elements, written before the constructor ends).
 */
final class Bucket {

    /** Bytes of a Bucket object (its arrays counted apart): 12-byte header, two 4-byte compressed references. */
    static final long OBJECT_BYTES = 24;

    /** The parts' numbers, ascending. */
    final long[] numbers;
    /** {@code data[i]} is the data of part {@code numbers[i]}. */
    final Object[] data;

    Bucket(long[] numbers, Object[] data) {
        this.numbers = numbers;
        this.data = data;
    }

    /** A bucket of two parts. */
    static Bucket of(long a, Object dataA, long b, Object dataB) {
        return a < b ? new Bucket(new long[] {a, b}, new Object[] {dataA, dataB})
                : new Bucket(new long[] {b, a}, new Object[] {dataB, dataA});
    }

    /** Number of parts in this bucket. */
    int size() {
        return numbers.length;
    }

    /** The data of part {@code number} if it is in this bucket, else null. */
    Object dataOf(long number) {
        int i = Arrays.binarySearch(numbers, number);
        return i >= 0 ? data[i] : null;
    }

    /** A bucket of these parts and part {@code number} (not in this bucket) holding {@code extra}. */
    Bucket with(long number, Object extra) {
        int at = -Arrays.binarySearch(numbers, number) - 1;
        int n = numbers.length;
        long[] grownNumbers = new long[n + 1];
        Object[] grownData = new Object[n + 1];
        System.arraycopy(numbers, 0, grownNumbers, 0, at);
        System.arraycopy(data, 0, grownData, 0, at);
        grownNumbers[at] = number;
        grownData[at] = extra;
        System.arraycopy(numbers, at, grownNumbers, at + 1, n - at);
        System.arraycopy(data, at, grownData, at + 1, n - at);
        return new Bucket(grownNumbers, grownData);
    }

    /** Heap bytes of this bucket: the object and both arrays (HotSpot 64-bit, compressed oops). */
    long bytes() {
        int n = numbers.length;
        return OBJECT_BYTES + HeapLeaves.ARRAY_HEADER_BYTES + 8L * n + HeapLeaves.ARRAY_HEADER_BYTES
                + ((n * (long) ReferenceLeaves.REFERENCE_BYTES + 7) & ~7L);
    }
}
