package org.kernkit.vfat.internal;

import java.util.Arrays;

/** A growable list of primitive ints (cluster numbers), without boxing. Not thread-safe. */
public final class IntList {

    private int[] values = new int[8];
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " out of range for size " + size);
        }
        return values[index];
    }

    public int last() {
        return get(size - 1);
    }

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public void truncate(int newSize) {
        if (newSize < size) {
            size = newSize;
        }
    }

    public IntList copy() {
        IntList c = new IntList();
        c.values = Arrays.copyOf(values, Math.max(8, size));
        c.size = size;
        return c;
    }
}
