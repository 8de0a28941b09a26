package org.kernkit.checkpoint.internal;

import java.util.Objects;

/**
 * A bounded FIFO of bytes in a ring; the buffer behind FIFOs and terminal queues.
 *
 * <pre>
 * ring: [ ..free.. | head -&gt; size bytes (wrapping) | ..free.. ]   capacity = ring.length
 * </pre>
 *
 * The ring is allocated lazily and grows by doubling up to the capacity, so an idle queue with a large capacity
 * costs nothing. Not thread-safe: confined to the container's thread.
 */
public final class ByteQueue {

    private static final byte[] EMPTY = new byte[0];

    private final int capacity;
    private byte[] ring = EMPTY;
    private int head;
    private int size;

    /**
     * @param capacity most bytes held at once, at least 1
     * @throws IllegalArgumentException if capacity is below 1
     */
    public ByteQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
        }
        this.capacity = capacity;
    }

    /** {@return most bytes held at once} */
    public int capacity() {
        return capacity;
    }

    /** {@return bytes held} */
    public int size() {
        return size;
    }

    /** {@return bytes that can still be offered} */
    public int free() {
        return capacity - size;
    }

    /**
     * Appends as many bytes as fit.
     *
     * @return bytes taken, 0 to {@code length}
     * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
     */
    public int offer(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int taken = Math.min(length, capacity - size);
        if (taken == 0) {
            return 0;
        }
        grow(size + taken);
        byte[] r = ring;
        int tail = (head + size) % r.length;
        int first = Math.min(taken, r.length - tail);
        System.arraycopy(bytes, offset, r, tail, first);
        System.arraycopy(bytes, offset + first, r, 0, taken - first);
        size += taken;
        return taken;
    }

    /**
     * Appends one byte if it fits.
     *
     * @return true if taken
     */
    public boolean offer(int b) {
        if (size == capacity) {
            return false;
        }
        grow(size + 1);
        ring[(head + size) % ring.length] = (byte) b;
        size++;
        return true;
    }

    /**
     * Removes up to {@code length} bytes from the front.
     *
     * @return bytes removed, 0 if empty
     * @throws IndexOutOfBoundsException if the range is outside {@code target}
     */
    public int poll(byte[] target, int offset, int length) {
        int n = peek(target, offset, length, 0);
        discard(n);
        return n;
    }

    /**
     * Copies up to {@code length} bytes starting {@code skip} bytes from the front, removing nothing.
     *
     * @return bytes copied
     */
    public int peek(byte[] target, int offset, int length, int skip) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (skip < 0 || skip > size) {
            throw new IndexOutOfBoundsException("skip " + skip + " out of range 0.." + size);
        }
        int n = Math.min(length, size - skip);
        if (n == 0) {
            return 0;
        }
        byte[] r = ring;
        int start = (head + skip) % r.length;
        int first = Math.min(n, r.length - start);
        System.arraycopy(r, start, target, offset, first);
        System.arraycopy(r, 0, target, offset + first, n - first);
        return n;
    }

    /**
     * @param index 0 for the front byte
     * @return the byte, unsigned
     * @throws IndexOutOfBoundsException if index is not below {@link #size()}
     */
    public int get(int index) {
        Objects.checkIndex(index, size);
        return ring[(head + index) % ring.length] & 0xFF;
    }

    /**
     * Drops bytes from the front.
     *
     * @param n how many, at most {@link #size()}
     */
    public void discard(int n) {
        if (n < 0 || n > size) {
            throw new IndexOutOfBoundsException("discard " + n + " out of range 0.." + size);
        }
        size -= n;
        head = size == 0 ? 0 : (head + n) % ring.length;
    }

    /** Removes the last byte, if any; returns it or -1. */
    public int removeLast() {
        if (size == 0) {
            return -1;
        }
        int b = ring[(head + size - 1) % ring.length] & 0xFF;
        size--;
        return b;
    }

    /** {@return a copy of every byte held, front first} */
    public byte[] toArray() {
        byte[] copy = new byte[size];
        peek(copy, 0, size, 0);
        return copy;
    }

    /** Removes everything. */
    public void clear() {
        head = 0;
        size = 0;
    }

    private void grow(int needed) {
        if (needed <= ring.length) {
            return;
        }
        int length = (int) Math.min(capacity, Math.max(needed, Math.max(64L, ring.length * 2L)));
        byte[] bigger = new byte[length];
        peek(bigger, 0, size, 0);
        ring = bigger;
        head = 0;
    }
}
