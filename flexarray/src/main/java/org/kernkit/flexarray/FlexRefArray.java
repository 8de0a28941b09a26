package org.kernkit.flexarray;

import org.kernkit.flexarray.internal.PartTree;
import org.kernkit.flexarray.internal.ReferenceLeaves;

/**
 * A huge, sparse array of references built from page-sized parts: the Java form of the kernel's
 * {@code flex_array_get_ptr}/{@code flex_array_put_ptr}, on the same part tree as {@link FlexArray}. Heap only.
 *
 * <pre>
 *  FlexRefArray (capacity references)
 *    `-- PartTree --> parts: Object[pageSize / 8]   (a page of 8-byte pointers, as in the kernel)
 *  index --> part = index >>> log2(pageSize / 8), slot = index &amp; (pageSize / 8 - 1)
 *  small array (capacity &lt;= pageSize / 8): one part in the base, never absent, never freed
 * </pre>
 *
 * <p>An empty slot, and every slot of an absent part, reads as {@code null}; {@link #shrink()} frees parts whose
 * slots are all {@code null}.
 *
 * <p>Thread safety: as {@link FlexArray}: puts to different indexes from different threads are safe (parts are
 * installed lock-free with a compare-and-exchange; writers find them with acquire loads, readers with plain
 * loads confirmed by acquire loads when absent); the reference values themselves
 * are plain stores, so publishing them to another thread needs the usual happens-before edge. {@link #shrink()},
 * {@link #freeParts()} and {@link #close()} need exclusive access.
 *
 * @param <T> the element type
 */
public final class FlexRefArray<T> implements AutoCloseable {

    private final long capacity;
    private final int partShift;
    private final long slotMask;
    private final PartTree tree;

    private FlexRefArray(long capacity, int pageSize) {
        this.capacity = capacity;
        int elementsPerPart = pageSize / Long.BYTES;
        this.partShift = Integer.numberOfTrailingZeros(elementsPerPart);
        this.slotMask = elementsPerPart - 1L;
        String description = "FlexRefArray[capacity=" + capacity + ", pageSize=" + pageSize + "]";
        if (capacity <= elementsPerPart) {
            this.tree = PartTree.ofBase(new ReferenceLeaves((int) capacity), description);
        } else {
            long parts = ((capacity - 1) >>> partShift) + 1;
            int nodeShift = Math.clamp(Integer.numberOfTrailingZeros(pageSize) - 3, 1, 9);
            this.tree = new PartTree(parts, nodeShift, new ReferenceLeaves(elementsPerPart), description);
        }
    }

    /**
     * An array of {@code capacity} references with 4096-byte pages (512 references per part).
     *
     * @param capacity the number of slots
     * @param <T> the element type
     * @return a new open array, owned by the caller, who closes it
     * @throws IllegalArgumentException if {@code capacity} is outside {@code [1, 2^62]}
     */
    public static <T> FlexRefArray<T> create(long capacity) {
        return create(capacity, FlexArray.DEFAULT_PAGE_SIZE);
    }

    /**
     * An array of {@code capacity} references with parts of {@code pageSize / 8} references.
     *
     * @param capacity the number of slots
     * @param pageSize bytes per part, 8 per reference
     * @param <T> the element type
     * @return a new open array, owned by the caller, who closes it
     * @throws IllegalArgumentException if {@code capacity} is outside {@code [1, 2^62]} or {@code pageSize} is not
     *                                  a power of two in {@code [16, 2^30]}
     */
    public static <T> FlexRefArray<T> create(long capacity, int pageSize) {
        if (capacity < 1 || capacity > FlexArray.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " must be in [1, 2^62]");
        }
        if (pageSize < 16 || pageSize > FlexArray.MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " must be a power of two in [16, "
                    + FlexArray.MAX_PAGE_SIZE + "]");
        }
        return new FlexRefArray<>(capacity, pageSize);
    }

    /**
     * Number of slots.
     *
     * @return the number of valid indexes, fixed at creation
     */
    public long capacity() {
        return capacity;
    }

    /**
     * References per part.
     *
     * @return {@code pageSize / 8}
     */
    public long elementsPerPart() {
        return slotMask + 1;
    }

    /**
     * The reference at {@code index} ({@code flex_array_get_ptr}); {@code null} if never set, cleared, or its part
     * is absent. Never allocates.
     *
     * @param index the slot, in {@code [0, capacity)}
     * @return the stored reference, or {@code null}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    @SuppressWarnings("unchecked")
    public T get(long index) {
        checkIndex(index);
        Object leaf = tree.dataOrNull(index >>> partShift);
        return leaf == null ? null : (T) ((Object[]) leaf)[(int) (index & slotMask)];
    }

    /**
     * Stores {@code value} at {@code index} ({@code flex_array_put_ptr}), allocating its part if absent.
     *
     * @param index the slot, in {@code [0, capacity)}
     * @param value the reference to store; {@code null} empties the slot
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void put(long index, T value) {
        checkIndex(index);
        ((Object[]) tree.dataForWrite(index >>> partShift))[(int) (index & slotMask)] = value;
    }

    /**
     * Sets {@code index} to {@code null}; frees nothing.
     *
     * @param index the slot, in {@code [0, capacity)}
     * @return {@code true} if cleared, {@code false} if its part is absent (nothing allocated)
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public boolean clear(long index) {
        checkIndex(index);
        // A writer: found with acquire loads (see PartTree, "Why writers acquire").
        Object leaf = tree.dataOrNullAcquire(index >>> partShift);
        if (leaf == null) {
            return false;
        }
        ((Object[]) leaf)[(int) (index & slotMask)] = null;
        return true;
    }

    /**
     * Allocates every part covering {@code [start, start + count)}, so later puts there never allocate.
     *
     * @param start the first slot of the range
     * @param count the number of slots in the range, at least 0 (0 allocates nothing)
     * @return how much {@code partCount()} grew during the call: the parts this call installed, when no other
     *         thread installs parts meanwhile
     * @throws IndexOutOfBoundsException if the range is not inside {@code [0, capacity)}
     * @throws IllegalArgumentException  if {@code count < 0}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public long prealloc(long start, long count) {
        ensureOpen();
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " must not be negative");
        }
        if (start < 0 || start > capacity - count) {
            throw new IndexOutOfBoundsException("range [" + start + ", " + start + " + " + count
                    + ") out of range for capacity " + capacity);
        }
        long first = start >>> partShift;
        return tree.prealloc(first, count == 0 ? first - 1 : (start + count - 1) >>> partShift);
    }

    /**
     * Frees every part whose slots are all null (a small array's base is kept). Requires exclusive access: the
     * caller serialises with every other use.
     *
     * @return the number of parts freed
     * @throws FlexArrayClosedException after {@link #close()}
     */
    public long shrink() {
        return tree.shrink();
    }

    /**
     * Frees every part, whatever it holds (a small array's base is kept, with its references); the array stays
     * usable, and every slot of a freed part reads as {@code null}. Requires exclusive access.
     *
     * @return the number of parts freed
     * @throws FlexArrayClosedException after {@link #close()}
     */
    public long freeParts() {
        return tree.freeParts();
    }

    /** Frees everything; later calls throw {@link FlexArrayClosedException}. Idempotent; exclusive access. */
    @Override
    public void close() {
        tree.close();
    }

    /**
     * The first present part at or after {@code part}, or -1.
     *
     * @param part where the search starts; any value (a negative one starts at 0)
     * @return the part number, or -1 if no part at or after {@code part} is present
     */
    public long nextPresentPart(long part) {
        return tree.nextPresentPart(part);
    }

    /**
     * The last present part at or before {@code part}, or -1.
     *
     * @param part where the search starts, going down; any value
     * @return the part number, or -1 if no part at or before {@code part} is present
     */
    public long previousPresentPart(long part) {
        return tree.previousPresentPart(part);
    }

    /**
     * Parts present now.
     *
     * @return the number of present parts; exact when no other thread installs parts meanwhile
     */
    public long partCount() {
        return tree.presentParts();
    }

    /**
     * Parts allocated since creation (see {@link FlexArray#partsAllocated()}).
     *
     * @return the number of part allocations so far; it never decreases
     */
    public long partsAllocated() {
        return tree.allocations();
    }

    /**
     * Bytes held by parts and tree (see {@link FlexArray#bytesHeld()}); the referents are not counted.
     *
     * @return the estimated bytes held, 0 after close
     */
    public long bytesHeld() {
        return tree.bytesHeld();
    }

    private void checkIndex(long index) {
        if (Long.compareUnsigned(index, capacity) >= 0) {
            ensureOpen();
            throw new IndexOutOfBoundsException("index " + index + " out of range for capacity " + capacity);
        }
    }

    /** After close, the closed exception wins over any argument error (as in {@link FlexArray}). */
    private void ensureOpen() {
        if (tree.isClosed()) {
            throw tree.closed();
        }
    }
}
