package org.kernkit.flexarray;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import org.kernkit.flexarray.internal.HeapLeaves;
import org.kernkit.flexarray.internal.Leaves;
import org.kernkit.flexarray.internal.NativeLeaves;
import org.kernkit.flexarray.internal.PartLocator;
import org.kernkit.flexarray.internal.PartTree;

/**
 * A huge, sparse array of fixed-size elements built from page-sized parts: the Java form of Linux's
 * {@code flex_array} (2009) on the structure of its successor, the generic radix tree (2018).
 *
 * <pre>
 *  FlexArray (capacity elements of elementSize bytes)
 *    `-- PartTree: root sized exactly (the only level up to 2^16 parts), interior nodes of up to 512
 *        |         slots, depth fixed at creation (or grown on demand: growable arrays, built without a
 *        |         capacity); a slot holds a node, a lone part, or a bucket of 2..8 parts
 *          `-- parts, one page each: elementsPerPart = pageSize / elementSize elements,
 *              the remainder of the page unused, so an element never spans two parts
 *
 *  index --> part = index / elementsPerPart     (a shift, or a reciprocal multiply: never a division)
 *            slot = index - part * elementsPerPart,  byte offset in the part = slot * elementSize
 *
 *  small array (capacity * elementSize &lt;= pageSize): one part in the base, never absent, never freed
 * </pre>
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>range</th></tr>
 *   <tr><td>page size</td><td>a power of two, 8 .. 2^30 bytes (default 4096)</td></tr>
 *   <tr><td>element size</td><td>1 .. page size bytes</td></tr>
 *   <tr><td>capacity</td><td>1 .. 2^62 elements (no maximum from the structure)</td></tr>
 *   <tr><td>tree depth</td><td>1 up to 2^16 parts, else ceil(log2(parts) / log2(slots per node)), up to 62</td></tr>
 *   <tr><td>memory</td><td>only the parts touched, plus interior nodes (see {@link #bytesHeld()})</td></tr>
 * </table>
 *
 * <h2>Absent parts</h2>
 * A part is allocated, and filled with the {@link Fill} byte, the first time an element in it is written (or by
 * {@link #prealloc}). Reading an element of an absent part never allocates: {@link #get(long)} and
 * {@link #getCopy(long)} return {@code null}, {@link #get(long, byte[], int)} returns {@code false}, and the
 * typed getters ({@link #getLong} ...) return the fill pattern, exactly what the element would read as once its
 * part exists.
 *
 * <h2>Byte order</h2>
 * Typed accessors use the platform's native byte order, on the heap and off it, so {@code putLong} then
 * {@code getCopy} gives the same bytes for both {@link Storage}s.
 *
 * <h2>Thread safety and memory ordering</h2>
 * Element reads and writes are plain, as on a Java array: threads writing <em>different</em> elements need no
 * locking, including when their writes install parts at the same time, and no write is lost by a concurrent part
 * install. Installing a part is lock-free: the new part is filled, wrapped in an immutable record with final
 * fields, and published by a compare-and-exchange (volatile) on its slot; a losing racer drops its part and uses
 * the winner's. Happens-before edges:
 * <ul>
 *   <li>the fill of a part happens-before every read of that part by any thread (writers find their part with
 *   acquire loads that pair with the exchange; the typed getters read slots with plain loads and get the filled
 *   data through the record's final fields, JLS 17.5; native reads add an acquire fence);</li>
 *   <li>the install of a part happens-before every write into it ({@code put*}, {@link #prealloc}, {@link #clear},
 *   views from {@link #get(long)}), so a thread that happens-after such a write finds the part and the value;</li>
 *   <li>element <em>values</em> need the usual edge between writer and reader (a lock, a volatile, a
 *   {@code Thread.join}...), as for an array; without one a reader may see the old value or the part as
 *   absent.</li>
 * </ul>
 * {@link #shrink()} and {@link #freeParts()} need exclusive access: the caller serialises them with every other
 * use, as the kernel requires. {@link #close()} should have it too; if writers race it anyway, no put that starts
 * after close has returned succeeds (it throws {@link FlexArrayClosedException}), and no part is allocated or
 * leaked after it returns. A view returned by {@link #get(long)} of a native part throws
 * {@link IllegalStateException} once the array is closed; before that, a view of a part freed by
 * {@code shrink}/{@code freeParts} reads mapped memory (zeros, or the part that reuses it), never unmapped memory.
 * A heap view stays readable but detached.
 *
 * <h2>Errors</h2>
 * An index outside {@code [0, capacity)} throws {@link IndexOutOfBoundsException}; a source of the wrong length
 * or a typed accessor of the wrong width throws {@link IllegalArgumentException}; any use after {@link #close()}
 * throws {@link FlexArrayClosedException}. Every message names the values. A failed call changes nothing.
 */
public final class FlexArray implements AutoCloseable {

    /** The kernel's default page size. */
    public static final int DEFAULT_PAGE_SIZE = 4096;
    /** Smallest page size. */
    public static final int MIN_PAGE_SIZE = 8;
    /** Largest page size. */
    public static final int MAX_PAGE_SIZE = 1 << 30;
    /** Largest capacity. */
    public static final long MAX_CAPACITY = 1L << 62;

    private final int elementSize;
    private final long capacity;
    private final int pageSize;
    private final Storage storage;
    private final Fill fill;
    private final long fillLong;
    private final PartLocator locator;
    private final int partShift;
    private final long slotMask;
    private final Leaves leaves;
    private final PartTree tree;
    /** {@code capacity} for 8-byte elements, else 0: one unsigned compare checks width and index of the long views. */
    private final long longLimit;
    /** Acquire loads of {@link #flatLongs} slots, by writers. */
    private static final VarHandle FLAT_LONGS = MethodHandles.arrayElementVarHandle(long[][].class);
    /** Acquire loads of {@link #flatAddresses} slots, by writers. */
    private static final VarHandle FLAT_ADDRESSES = MethodHandles.arrayElementVarHandle(long[].class);
    /** No parts: the flat root of an array that has none of this kind, so the hot path needs no null test. */
    private static final long[][] NO_LONG_PARTS = new long[0][];
    private static final long[] NO_ADDRESSES = new long[0];
    /**
     * The tree's root itself when it has depth 1 and heap 8-byte parts (up to 2^16 parts: slot i holds null or
     * part i's {@code long[]}, bare), else empty: the typed long accessors read it directly, a slot load and an
     * element load, as fastutil's {@code long[][]}. Readers load slots plainly, dependency-ordered, writers with
     * {@code getAcquire} (PartTree, "The typed long reads" and "Why writers acquire"). After close it holds only
     * nulls (PartTree#close), so every access takes the slow path, which throws.
     */
    private final long[][] flatLongs;
    /**
     * As {@link #flatLongs}, for native 8-byte parts: slot i holds 0 or part i's address (PartTree#flatAddresses),
     * read through {@link #allMemory}, so a lookup loads no segment object. Else empty.
     */
    private final long[] flatAddresses;
    /**
     * All of memory, live while the array's native parts are (NativeLeaves#allMemory); every single-element
     * native access goes through it at a part's address; null on the heap.
     */
    private final MemorySegment allMemory;

    private FlexArray(Builder b) {
        this.elementSize = b.elementSize;
        this.capacity = b.capacitySet ? b.capacity : MAX_CAPACITY;
        this.pageSize = b.pageSize;
        this.storage = b.storage;
        this.fill = b.fill;
        this.fillLong = fill.asLong();
        int elementsPerPart = pageSize / elementSize;
        this.locator = new PartLocator(elementsPerPart);
        this.partShift = locator.shift();
        this.slotMask = elementsPerPart - 1L;
        this.longLimit = elementSize == Long.BYTES ? capacity : 0;
        String description = "FlexArray[elementSize=" + elementSize + ", capacity=" + capacity + ", pageSize="
                + pageSize + ", " + storage + ", " + fill + "]";
        boolean growable = !b.capacitySet;
        boolean base = !growable && capacity <= elementsPerPart;
        int elementsPerLeaf = base ? (int) capacity : elementsPerPart;
        this.leaves = storage == Storage.HEAP
                ? new HeapLeaves(elementSize, elementsPerLeaf, fill.value())
                : new NativeLeaves((long) elementsPerLeaf * elementSize, fill.value());
        long parts = (capacity + elementsPerPart - 1) / elementsPerPart;
        // One interior node holds about one page of 8-byte pointers (512 slots for 4 KiB), as in genradix.
        int nodeShift = Math.clamp(Integer.numberOfTrailingZeros(pageSize) - 3, 1, 9);
        if (base) {
            this.tree = PartTree.ofBase(leaves, description);
        } else if (growable) {
            this.tree = PartTree.growable(parts, nodeShift, leaves, description);
        } else {
            this.tree = new PartTree(parts, nodeShift, leaves, description);
        }
        // A growable tree's root changes, so only a fixed one is looked into directly.
        Object[] flat = !growable && tree.depth() == 1 && elementSize == Long.BYTES ? tree.flatRoot() : null;
        this.flatLongs = flat instanceof long[][] longs ? longs : NO_LONG_PARTS;
        long[] addresses = flat == null ? null : tree.flatAddresses();
        this.flatAddresses = addresses != null ? addresses : NO_ADDRESSES;
        this.allMemory = leaves instanceof NativeLeaves nativeLeaves ? nativeLeaves.allMemory() : null;
    }

    /**
     * A builder; {@link Builder#elementSize} must be set. Without {@link Builder#capacity} the array is growable
     * ({@link #isGrowable()}).
     *
     * @return a new builder, owned by the caller: page size 4096, heap storage and the poison fill
     *         until set otherwise
     */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shape

    /**
     * Bytes per element.
     *
     * @return the element size given to the builder, fixed for the array's life
     */
    public int elementSize() {
        return elementSize;
    }

    /**
     * Number of elements ({@code total} in the kernel); {@link #MAX_CAPACITY} for a growable array.
     *
     * @return the number of valid indexes, fixed at build; {@link #MAX_CAPACITY} when growable
     */
    public long capacity() {
        return capacity;
    }

    /**
     * Bytes per part.
     *
     * @return the part size in bytes, a power of two fixed at build
     */
    public int pageSize() {
        return pageSize;
    }

    /**
     * Heap or native parts.
     *
     * @return where the parts live, fixed at build
     */
    public Storage storage() {
        return storage;
    }

    /**
     * The byte new parts are filled with and {@link #clear} writes.
     *
     * @return the fill given to the builder, fixed at build
     */
    public Fill fill() {
        return fill;
    }

    /**
     * Elements per part: {@code pageSize / elementSize}.
     *
     * @return {@code pageSize / elementSize}, at least 1
     */
    public long elementsPerPart() {
        return locator.elementsPerPart();
    }

    /**
     * Number of parts the array spans, present or not (1 for a small array living in the base).
     *
     * @return {@code ceil(capacity / elementsPerPart)}, at least 1
     */
    public long partSpan() {
        return tree.partCount();
    }

    /**
     * Whether the elements live in the base: one permanent part, never absent, never freed.
     *
     * @return {@code true} if the capacity fits in one part, so no put ever allocates a part
     */
    public boolean isSmall() {
        return tree.isBase();
    }

    /**
     * Levels of the part tree now, the root included (a growable array's grows as larger indexes are written).
     *
     * @return the current number of levels: at least 1 while the array is open, 0 after close
     */
    public int treeDepth() {
        return tree.depth();
    }

    /**
     * Whether the array was built without a capacity: any index in {@code [0, 2^62)} is valid, and the tree
     * starts with one node and gains a level whenever a part beyond its reach is installed (as genradix), by a
     * lock-free swap of the root that readers never wait for. {@link #capacity()} is then {@link #MAX_CAPACITY}.
     *
     * @return {@code true} if the builder was given no capacity
     */
    public boolean isGrowable() {
        return tree.isGrowable();
    }

    /**
     * The part holding {@code index}.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return {@code index / elementsPerPart()}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}, whatever {@code index}
     */
    public long partOf(long index) {
        ensureOpen();
        checkIndex(index);
        return locator.partOf(index);
    }

    /**
     * The index of the first element of {@code part}.
     *
     * @param part the part, in {@code [0, partSpan())}
     * @return {@code part * elementsPerPart()}
     * @throws IndexOutOfBoundsException if {@code part} is outside {@code [0, partSpan())}
     * @throws FlexArrayClosedException  after {@link #close()}, whatever {@code part}
     */
    public long firstIndexOfPart(long part) {
        ensureOpen();
        checkPart(part);
        return locator.firstIndexOf(part);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Kernel API: put, get, clear

    /**
     * Copies {@code src} into element {@code index}, allocating its part if absent ({@code flex_array_put}).
     *
     * @param index the element, in {@code [0, capacity)}
     * @param src exactly {@code elementSize} bytes; copied, not retained
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws IllegalArgumentException  if {@code src.length != elementSize}
     * @throws FlexArrayClosedException  after {@link #close()}
     * @throws OutOfMemoryError          if the part cannot be allocated (nothing is changed)
     */
    public void put(long index, byte[] src) {
        ensureOpen(); // before src is looked at: use after close is reported whatever the arguments
        checkSourceLength(src.length);
        MemorySegment.copy(src, 0, writableView(index), ValueLayout.JAVA_BYTE, 0, elementSize);
    }

    /**
     * Copies the {@code elementSize} remaining bytes of {@code src} into element {@code index}, allocating its
     * part if absent; advances {@code src}'s position by {@code elementSize}.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param src a buffer with exactly {@code elementSize} bytes remaining; copied, not retained
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws IllegalArgumentException  if {@code src.remaining() != elementSize}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void put(long index, ByteBuffer src) {
        ensureOpen(); // before src is looked at: use after close is reported whatever the arguments
        checkSourceLength(src.remaining());
        MemorySegment target = writableView(index);
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, target, 0, elementSize);
        src.position(src.position() + elementSize);
    }

    /**
     * Copies {@code src} into element {@code index}, allocating its part if absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param src a segment of exactly {@code elementSize} bytes; copied, not retained
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws IllegalArgumentException  if {@code src.byteSize() != elementSize}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void put(long index, MemorySegment src) {
        ensureOpen(); // before src is looked at: use after close is reported whatever the arguments
        checkSourceLength(src.byteSize());
        MemorySegment.copy(src, 0, writableView(index), 0, elementSize);
    }

    /**
     * A view of element {@code index} ({@code flex_array_get}), or {@code null} when its part is absent; never
     * allocates a part. The view writes through. An element never written in a present part reads as the fill.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return a segment of {@code elementSize} bytes, or {@code null} when the part is absent
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public MemorySegment get(long index) {
        checkIndex(index);
        long part = locator.partOf(index);
        // The view writes through, so it is found as a writer finds its part: with acquire loads.
        Object leaf = tree.dataOrNullAcquire(part);
        if (leaf == null) {
            return null;
        }
        return leaves.bytes(leaf).asSlice(byteOffset(index, part), elementSize);
    }

    /**
     * A copy of element {@code index}, or {@code null} when its part is absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return a new array of {@code elementSize} bytes, owned by the caller, or {@code null} when the part is absent
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public byte[] getCopy(long index) {
        MemorySegment view = get(index);
        return view == null ? null : view.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Copies element {@code index} into {@code dst} at {@code offset} if its part is present.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param dst the array that receives {@code elementSize} bytes
     * @param offset the position in {@code dst} of the first byte written
     * @return {@code true} if copied, {@code false} if the part is absent ({@code dst} untouched)
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}, or {@code dst} has no
     *                                   room for {@code elementSize} bytes at {@code offset}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public boolean get(long index, byte[] dst, int offset) {
        ensureOpen();
        Objects.checkFromIndexSize(offset, elementSize, dst.length);
        MemorySegment view = get(index);
        if (view == null) {
            return false;
        }
        MemorySegment.copy(view, ValueLayout.JAVA_BYTE, 0, dst, offset, elementSize);
        return true;
    }

    /**
     * Fills element {@code index} with the fill byte ({@code flex_array_clear}); frees nothing.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return {@code true} if cleared, {@code false} if its part is absent (the kernel's {@code -EINVAL}:
     *         the element already reads as absent, and nothing is allocated)
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public boolean clear(long index) {
        MemorySegment view = get(index);
        if (view == null) {
            return false;
        }
        view.fill(fill.value());
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Typed views: no copying, no allocation once the part exists

    /**
     * The 8-byte element {@code index}, native byte order; the fill pattern if its part is absent (nothing is
     * allocated).
     *
     * @param index the element, in {@code [0, capacity)}
     * @return the element's value, or {@link Fill#asLong()} of the fill if its part is absent
     * @throws IllegalArgumentException  if {@code elementSize != 8}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public long getLong(long index) {
        if (Long.compareUnsigned(index, longLimit) >= 0) {
            throw typedAccessError(index, Long.BYTES);
        }
        // Inline only a part of a flat root, in as few loads as possible (docs/flexarray.md, "Hot path shape").
        // The part number fits an int wherever a flat root is not empty (at most 2^16 parts); elsewhere both
        // roots have no slot, so a truncated number only fails the unsigned compares.
        int p = (int) (index >>> partShift);
        // Plain, dependency-ordered slot loads (PartTree, "The typed long reads"): an acquire here would stop C2
        // from hoisting this method's field loads out of the caller's loop, which doubled a random read.
        long[][] longs = flatLongs;
        if (Integer.compareUnsigned(p, longs.length) < 0) {
            long[] part = longs[p];
            if (part != null) {
                return part[(int) (index & slotMask)];
            }
        }
        long[] addresses = flatAddresses;
        if (Integer.compareUnsigned(p, addresses.length) < 0) {
            long address = addresses[p];
            if (address != 0) {
                // Memory-safe and unaligned: as in putLong.
                return allMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, address + ((index & slotMask) << 3));
            }
        }
        // Absent, or not yet seen by these plain loads, or in a deeper tree, or closed: the tree decides.
        return getLongSlow(index);
    }

    /** Any part but a present one of a flat root: absent, in a deeper tree, or closed (throws). */
    private long getLongSlow(long index) {
        Object leaf = tree.dataOrNull(index >>> partShift);
        if (leaf instanceof long[] part) {
            return part[(int) (index & slotMask)];
        }
        // Memory-safe: an address stays mapped while allMemory is live (NativeSlabs#allMemory).
        return leaf == null ? fillLong : allMemory.get(ValueLayout.JAVA_LONG, nativeAddress(leaf) + ((index & slotMask) << 3));
    }

    /**
     * Stores the 8-byte element {@code index}, allocating its part if absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param value the value, stored in native byte order
     * @throws IllegalArgumentException  if {@code elementSize != 8}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void putLong(long index, long value) {
        if (Long.compareUnsigned(index, longLimit) >= 0) {
            throw typedAccessError(index, Long.BYTES);
        }
        // As in getLong, a part of a flat root is handled inline, but found with an acquire load (PartTree, "Why
        // writers acquire"). The slow path's call stays in the caller's loop (it installs parts), so nothing is
        // hoisted either way and the acquire costs nothing measurable here.
        int p = (int) (index >>> partShift); // as in getLong
        long[][] longs = flatLongs;
        if (Integer.compareUnsigned(p, longs.length) < 0) {
            long[] part = (long[]) FLAT_LONGS.getAcquire(longs, p);
            if (part != null) {
                part[(int) (index & slotMask)] = value;
                return;
            }
        }
        long[] addresses = flatAddresses;
        if (Integer.compareUnsigned(p, addresses.length) < 0) {
            long address = (long) FLAT_ADDRESSES.getAcquire(addresses, p); // acquire: as for longs
            if (address != 0) {
                // Memory-safe: as in getLongSlow. Unaligned layout: parts are 8-byte aligned by construction,
                // so the alignment check would be wasted.
                allMemory.set(ValueLayout.JAVA_LONG_UNALIGNED, address + ((index & slotMask) << 3), value);
                return;
            }
        }
        putLongSlow(index, value);
    }

    /** Any part but a present one of a flat root: absent (installs it), in a deeper tree, or closed (throws). */
    private void putLongSlow(long index, long value) {
        Object leaf = tree.dataForWrite(index >>> partShift);
        int slot = (int) (index & slotMask);
        if (leaf instanceof long[] part) {
            part[slot] = value;
        } else {
            allMemory.set(ValueLayout.JAVA_LONG, nativeAddress(leaf) + ((long) slot << 3), value);
        }
    }

    /**
     * The 4-byte element {@code index}, native byte order; the fill pattern if its part is absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return the element's value, or the fill byte repeated four times if its part is absent
     * @throws IllegalArgumentException  if {@code elementSize != 4}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public int getInt(long index) {
        Object leaf = typedLeafOrNull(index, Integer.BYTES);
        if (leaf instanceof int[] part) {
            return part[(int) (index & slotMask)];
        }
        return leaf == null ? (int) fillLong
                : allMemory.get(ValueLayout.JAVA_INT, nativeAddress(leaf) + ((index & slotMask) << 2));
    }

    /**
     * Stores the 4-byte element {@code index}, allocating its part if absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param value the value, stored in native byte order
     * @throws IllegalArgumentException  if {@code elementSize != 4}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void putInt(long index, int value) {
        Object leaf = typedDataForWrite(index, Integer.BYTES);
        int slot = (int) (index & slotMask);
        if (leaf instanceof int[] part) {
            part[slot] = value;
        } else {
            allMemory.set(ValueLayout.JAVA_INT, nativeAddress(leaf) + ((long) slot << 2), value);
        }
    }

    /**
     * The 2-byte element {@code index}, native byte order; the fill pattern if its part is absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return the element's value, or the fill byte repeated twice if its part is absent
     * @throws IllegalArgumentException  if {@code elementSize != 2}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public short getShort(long index) {
        Object leaf = typedLeafOrNull(index, Short.BYTES);
        if (leaf instanceof short[] part) {
            return part[(int) (index & slotMask)];
        }
        return leaf == null ? (short) fillLong
                : allMemory.get(ValueLayout.JAVA_SHORT, nativeAddress(leaf) + ((index & slotMask) << 1));
    }

    /**
     * Stores the 2-byte element {@code index}, allocating its part if absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param value the value, stored in native byte order
     * @throws IllegalArgumentException  if {@code elementSize != 2}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void putShort(long index, short value) {
        Object leaf = typedDataForWrite(index, Short.BYTES);
        int slot = (int) (index & slotMask);
        if (leaf instanceof short[] part) {
            part[slot] = value;
        } else {
            allMemory.set(ValueLayout.JAVA_SHORT, nativeAddress(leaf) + ((long) slot << 1), value);
        }
    }

    /**
     * The 1-byte element {@code index}; the fill byte if its part is absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return the element's value, or the fill byte if its part is absent
     * @throws IllegalArgumentException  if {@code elementSize != 1}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public byte getByte(long index) {
        Object leaf = typedLeafOrNull(index, Byte.BYTES);
        if (leaf instanceof byte[] part) {
            return part[(int) (index & slotMask)];
        }
        return leaf == null ? (byte) fillLong : allMemory.get(ValueLayout.JAVA_BYTE, nativeAddress(leaf) + (index & slotMask));
    }

    /**
     * Stores the 1-byte element {@code index}, allocating its part if absent.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param value the value to store
     * @throws IllegalArgumentException  if {@code elementSize != 1}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void putByte(long index, byte value) {
        Object leaf = typedDataForWrite(index, Byte.BYTES);
        int slot = (int) (index & slotMask);
        if (leaf instanceof byte[] part) {
            part[slot] = value;
        } else {
            allMemory.set(ValueLayout.JAVA_BYTE, nativeAddress(leaf) + slot, value);
        }
    }

    /**
     * Copies {@code length} consecutive 8-byte elements starting at {@code index} into {@code dst}: one
     * {@code System.arraycopy} (or segment copy) per part, so a sequential scan costs a tree walk per part, not
     * per element. Elements of absent parts read as the fill pattern; nothing is allocated.
     *
     * @param index the first element read
     * @param dst the array that receives the values
     * @param offset the position in {@code dst} of the first value written
     * @param length the number of elements to copy, at least 0
     * @throws IllegalArgumentException  if {@code elementSize != 8}
     * @throws IndexOutOfBoundsException if {@code [index, index + length)} is not inside {@code [0, capacity)},
     *                                   or {@code [offset, offset + length)} not inside {@code dst}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void getLongs(long index, long[] dst, int offset, int length) {
        ensureOpen();
        checkWidth(Long.BYTES);
        checkRange(index, length);
        Objects.checkFromIndexSize(offset, length, dst.length);
        int done = 0;
        while (done < length) {
            long at = index + done;
            int slot = (int) (at & slotMask);
            int n = (int) Math.min(length - done, slotMask + 1 - slot);
            Object leaf = tree.dataOrNull(at >>> partShift);
            if (leaf instanceof long[] part) {
                System.arraycopy(part, slot, dst, offset + done, n);
            } else if (leaf == null) {
                java.util.Arrays.fill(dst, offset + done, offset + done + n, fillLong);
            } else {
                // Through allMemory at the part's address: no slice allocated (nativeAddress).
                long address = nativeAddress(leaf) + ((long) slot << 3);
                MemorySegment.copy(allMemory, ValueLayout.JAVA_LONG_UNALIGNED, address, dst, offset + done, n);
            }
            done += n;
        }
    }

    /**
     * Stores {@code length} consecutive 8-byte elements from {@code src} starting at {@code index}, allocating
     * absent parts: one {@code System.arraycopy} (or segment copy) per part. On an {@link OutOfMemoryError} the
     * elements before the part that could not be allocated are stored, the rest are not.
     *
     * @param index the first element written
     * @param src the values, copied in native byte order; not retained
     * @param offset the position in {@code src} of the first value read
     * @param length the number of elements to store, at least 0
     * @throws IllegalArgumentException  if {@code elementSize != 8}
     * @throws IndexOutOfBoundsException if {@code [index, index + length)} is not inside {@code [0, capacity)},
     *                                   or {@code [offset, offset + length)} not inside {@code src} (nothing stored)
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public void putLongs(long index, long[] src, int offset, int length) {
        ensureOpen();
        checkWidth(Long.BYTES);
        checkRange(index, length);
        Objects.checkFromIndexSize(offset, length, src.length);
        int done = 0;
        while (done < length) {
            long at = index + done;
            int slot = (int) (at & slotMask);
            int n = (int) Math.min(length - done, slotMask + 1 - slot);
            Object leaf = tree.dataForWrite(at >>> partShift);
            if (leaf instanceof long[] part) {
                System.arraycopy(src, offset + done, part, slot, n);
            } else {
                MemorySegment.copy(src, offset + done, allMemory, ValueLayout.JAVA_LONG_UNALIGNED,
                        nativeAddress(leaf) + ((long) slot << 3), n); // no slice allocated, as in getLongs
            }
            done += n;
        }
    }

    /**
     * Folds the 8-byte elements {@code [from, to)} in index order: {@code op(...op(op(identity, e[from]),
     * e[from + 1])..., e[to - 1])}; elements of absent parts count as the fill pattern, and nothing is allocated.
     * A tree walk per part and a plain loop over each part inside, which C2 compiles to the loop it makes for a
     * {@code long[]} when the call site sees a single operator (for a sum: {@code Long::sum}). Weakly consistent
     * with concurrent writes, as {@link #getLong}.
     *
     * @param from the first element folded, inclusive
     * @param to the end of the range, exclusive
     * @param identity the fold's start value, returned as is when {@code from == to}
     * @param op the operator, called once per element in index order on the calling thread
     * @return the fold of every element of the range
     * @throws IllegalArgumentException  if {@code elementSize != 8}
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not inside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public long reduceLongs(long from, long to, long identity, java.util.function.LongBinaryOperator op) {
        ensureOpen();
        checkWidth(Long.BYTES);
        checkRange(from, to - from);
        long acc = identity;
        long at = from;
        while (at < to) {
            int slot = (int) (at & slotMask);
            int n = (int) Math.min(to - at, slotMask + 1 - slot);
            Object leaf = tree.dataOrNull(at >>> partShift);
            if (leaf instanceof long[] part) {
                for (int i = slot, end = slot + n; i < end; i++) {
                    acc = op.applyAsLong(acc, part[i]);
                }
            } else if (leaf == null) {
                for (int i = 0; i < n; i++) {
                    acc = op.applyAsLong(acc, fillLong);
                }
            } else {
                // Through allMemory at the part's address (nativeAddress): a slice per part was 20 B a part.
                long address = nativeAddress(leaf) + ((long) slot << 3);
                for (int i = 0; i < n; i++) {
                    long offset = address + ((long) i << 3);
                    acc = op.applyAsLong(acc, allMemory.get(ValueLayout.JAVA_LONG_UNALIGNED, offset));
                }
            }
            at += n;
        }
        return acc;
    }

    /**
     * The 8-byte element {@code index} as a {@code double} (its bits, as {@link Double#longBitsToDouble}); the
     * fill pattern's bits if the part is absent. Same contract as {@link #getLong}.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return the element's bits as a {@code double}
     */
    public double getDouble(long index) {
        return Double.longBitsToDouble(getLong(index));
    }

    /**
     * Stores {@code value}'s bits ({@link Double#doubleToRawLongBits}) as element {@code index}; see {@link #putLong}.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param value the value, whose raw bits are stored
     */
    public void putDouble(long index, double value) {
        putLong(index, Double.doubleToRawLongBits(value));
    }

    /**
     * The 4-byte element {@code index} as a {@code float} (its bits, as {@link Float#intBitsToFloat}); the fill
     * pattern's bits if the part is absent. Same contract as {@link #getInt}.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return the element's bits as a {@code float}
     */
    public float getFloat(long index) {
        return Float.intBitsToFloat(getInt(index));
    }

    /**
     * Stores {@code value}'s bits ({@link Float#floatToRawIntBits}) as element {@code index}; see {@link #putInt}.
     *
     * @param index the element, in {@code [0, capacity)}
     * @param value the value, whose raw bits are stored
     */
    public void putFloat(long index, float value) {
        putInt(index, Float.floatToRawIntBits(value));
    }

    /**
     * A write-through view of element {@code index}, allocating its part if absent (genradix's
     * {@code genradix_ptr_alloc}): {@link #get(long)} for callers that want to fill an element in place.
     *
     * @param index the element, in {@code [0, capacity)}
     * @return a write-through segment of {@code elementSize} bytes over the element; never {@code null}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()}
     * @throws OutOfMemoryError          if the part cannot be allocated (nothing is changed)
     */
    public MemorySegment getAllocating(long index) {
        ensureOpen();
        return writableView(index);
    }

    /**
     * A view of every element of {@code part} ({@code elementsPerPart() * elementSize} bytes; fewer for a small
     * array's base), or {@code null} if the part is absent; never allocates. Writes go through. For scans: a
     * loop over one segment per part runs at the speed of a flat segment (see docs/bench/flexarray.md).
     *
     * @param part the part, in {@code [0, partSpan())}
     * @return a write-through segment over the part's elements, or {@code null} if the part is absent
     * @throws IndexOutOfBoundsException if {@code part} is outside {@code [0, partSpan())}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public MemorySegment partView(long part) {
        checkPart(part);
        // The view writes through, so it is found as a writer finds its part: with acquire loads.
        Object leaf = tree.dataOrNullAcquire(part);
        return leaf == null ? null : leaves.bytes(leaf);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parts: prealloc, shrink, freeParts, close

    /**
     * Allocates every part covering elements {@code [start, start + count)} ({@code flex_array_prealloc}), so a
     * later put in that range never allocates. Safe to call concurrently with puts.
     *
     * @param start the first element of the range
     * @param count the number of elements in the range, at least 0 (0 allocates nothing)
     * @return how much {@code partCount()} grew during the call: the parts this call installed, when no other
     *         thread installs parts meanwhile
     * @throws IndexOutOfBoundsException if the range is not inside {@code [0, capacity)} (nothing allocated)
     * @throws IllegalArgumentException  if {@code count < 0}
     * @throws FlexArrayClosedException  after {@link #close()}
     */
    public long prealloc(long start, long count) {
        ensureOpen();
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " must not be negative");
        }
        checkRange(start, count);
        long first = locator.partOf(start);
        return tree.prealloc(first, count == 0 ? first - 1 : locator.partOf(start + count - 1));
    }

    /**
     * Frees every part all of whose bytes equal the fill byte ({@code flex_array_shrink}). The base of a small
     * array is never freed. Requires exclusive access: the caller serialises with every other use.
     *
     * @return the number of parts freed
     * @throws FlexArrayClosedException after {@link #close()}
     */
    public long shrink() {
        return tree.shrink();
    }

    /**
     * Frees every part, whatever it holds ({@code flex_array_free_parts}); the array stays usable and reads as
     * absent everywhere (a small array's base is kept). Requires exclusive access.
     *
     * @return the number of parts freed
     * @throws FlexArrayClosedException after {@link #close()}
     */
    public long freeParts() {
        return tree.freeParts();
    }

    /**
     * Frees every part and the base ({@code flex_array_free}); native memory is given back to the system at once
     * (one arena close, then {@code munmap} of each slab). Later calls throw {@link FlexArrayClosedException},
     * before any argument is checked; calling close again does nothing. Meant to be called with exclusive access;
     * writers that race it anyway cannot make it leak: a put that starts after close has returned throws, and one
     * that overlaps it either throws ({@link FlexArrayClosedException}, or {@link IllegalStateException} from a
     * native part's closed arena) or stores into a part that close frees. Readers racing it likewise get an
     * exception or a value, never freed memory. Close does not wait for readers or writers of present parts.
     */
    @Override
    public void close() {
        tree.close();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once {@link #close()} has been called
     */
    public boolean isClosed() {
        return tree.isClosed();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Iteration over present parts and elements

    /**
     * The first present part at or after {@code part}, or -1 if none.
     *
     * @param part where the search starts; any value (a negative one starts at 0)
     * @return the part number, or -1 if no part at or after {@code part} is present
     * @throws FlexArrayClosedException after {@link #close()}
     */
    public long nextPresentPart(long part) {
        return tree.nextPresentPart(part);
    }

    /**
     * The last present part at or before {@code part}, or -1 if none.
     *
     * @param part where the search starts, going down; any value
     * @return the part number, or -1 if no part at or before {@code part} is present
     * @throws FlexArrayClosedException after {@link #close()}
     */
    public long previousPresentPart(long part) {
        return tree.previousPresentPart(part);
    }

    /**
     * The indexes of every element in a present part, ascending, starting at {@code from}
     * ({@code genradix_for_each_from}). Weakly consistent: parts installed during the iteration may or may not
     * be seen.
     *
     * @param from the first index the iteration may return
     * @return a new iterator, owned by the caller and not thread-safe
     * @throws IndexOutOfBoundsException if {@code from} is outside {@code [0, capacity]}
     * @throws FlexArrayClosedException  after {@link #close()} (also from {@code next()})
     */
    public PrimitiveIterator.OfLong presentIndexes(long from) {
        ensureOpen();
        if (from < 0 || from > capacity) {
            throw new IndexOutOfBoundsException("from " + from + " out of range for capacity " + capacity);
        }
        return new PrimitiveIterator.OfLong() {
            private long nextIndex = seek(from);

            private long seek(long at) {
                if (at >= capacity) {
                    return -1;
                }
                long part = locator.partOf(at);
                long present = tree.nextPresentPart(part);
                if (present < 0) {
                    return -1;
                }
                return present == part ? at : locator.firstIndexOf(present);
            }

            @Override
            public boolean hasNext() {
                return nextIndex >= 0;
            }

            @Override
            public long nextLong() {
                if (nextIndex < 0) {
                    throw new NoSuchElementException();
                }
                long result = nextIndex;
                long following = result + 1;
                boolean samePart = following < capacity && locator.partOf(following) == locator.partOf(result);
                nextIndex = samePart ? following : seek(following);
                return result;
            }
        };
    }

    /**
     * The indexes of every element in a present part, descending, starting at {@code from}
     * ({@code genradix_for_each_reverse}). Weakly consistent, as {@link #presentIndexes}.
     *
     * @param from the first index the iteration may return (-1 gives an empty iteration)
     * @return a new iterator, owned by the caller and not thread-safe
     * @throws IndexOutOfBoundsException if {@code from} is outside {@code [-1, capacity)}
     * @throws FlexArrayClosedException  after {@link #close()} (also from {@code next()})
     */
    public PrimitiveIterator.OfLong presentIndexesDescending(long from) {
        ensureOpen();
        if (from < -1 || from >= capacity) {
            throw new IndexOutOfBoundsException("from " + from + " out of range for capacity " + capacity);
        }
        return new PrimitiveIterator.OfLong() {
            private long nextIndex = seek(from);

            private long seek(long at) {
                if (at < 0) {
                    return -1;
                }
                long part = locator.partOf(at);
                long present = tree.previousPresentPart(part);
                if (present < 0) {
                    return -1;
                }
                return present == part ? at
                        : Math.min(capacity, locator.firstIndexOf(present + 1)) - 1;
            }

            @Override
            public boolean hasNext() {
                return nextIndex >= 0;
            }

            @Override
            public long nextLong() {
                if (nextIndex < 0) {
                    throw new NoSuchElementException();
                }
                long result = nextIndex;
                long preceding = result - 1;
                boolean samePart = preceding >= 0 && locator.partOf(preceding) == locator.partOf(result);
                nextIndex = samePart ? preceding : seek(preceding);
                return result;
            }
        };
    }

    /**
     * A cursor over the elements of present parts, ascending from {@code from}, that can look at the next index
     * without moving ({@code genradix_iter_peek}) and read or write the element it stands on. Weakly consistent,
     * as {@link #presentIndexes}. Not thread-safe itself: one cursor per thread.
     *
     * @param from the first index the cursor may move to
     * @return a new cursor, before its first element
     * @throws IndexOutOfBoundsException if {@code from} is outside {@code [0, capacity]}
     * @throws FlexArrayClosedException  after {@link #close()} (also from the cursor's methods)
     */
    public Cursor cursor(long from) {
        return new Cursor(presentIndexes(from));
    }

    /**
     * A position among the elements of present parts ({@link #cursor(long)}): {@link #next()} moves to the next
     * element, {@link #peek()} tells which it would be, {@link #index()}, {@link #value()} and
     * {@link #longValue()} describe the current one. Not thread-safe.
     */
    public final class Cursor {
        private final PrimitiveIterator.OfLong indexes;
        private long current = -1;

        private Cursor(PrimitiveIterator.OfLong indexes) {
            this.indexes = indexes;
        }

        /**
         * Whether {@link #next()} has an element to move to.
         *
         * @return {@code true} if {@link #next()} would succeed
         */
        public boolean hasNext() {
            return peeked >= 0 || indexes.hasNext();
        }

        private long peeked = -1;

        /**
         * The index {@link #next()} would move to, without moving.
         *
         * @return the index of the next element of a present part
         * @throws NoSuchElementException if there is none
         */
        public long peek() {
            if (peeked < 0) {
                peeked = indexes.nextLong();
            }
            return peeked;
        }

        /**
         * Moves to the next element of a present part.
         *
         * @return its index
         * @throws NoSuchElementException if there is none
         */
        public long next() {
            current = peek();
            peeked = -1;
            return current;
        }

        /**
         * The index of the current element.
         *
         * @return the index the last {@link #next()} moved to
         * @throws IllegalStateException before the first {@link #next()}
         */
        public long index() {
            if (current < 0) {
                throw new IllegalStateException("cursor not moved yet: call next() first");
            }
            return current;
        }

        /**
         * A write-through view of the current element (as {@link FlexArray#get(long)}), or {@code null} if its
         * part was freed since the cursor moved there.
         *
         * @return a segment of {@code elementSize} bytes, or {@code null} if the part is absent
         */
        public MemorySegment value() {
            return get(index());
        }

        /**
         * The current 8-byte element (as {@link FlexArray#getLong(long)}).
         *
         * @return the current element's value, or the fill pattern if its part was freed
         * @throws IllegalArgumentException if {@code elementSize != 8}
         */
        public long longValue() {
            return getLong(index());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accounting

    /**
     * Parts present now (a small array's base counts as one).
     *
     * @return the number of present parts; exact when no other thread installs parts meanwhile
     */
    public long partCount() {
        return tree.presentParts();
    }

    /**
     * Parts allocated since creation, including those freed since and those dropped after losing an install race;
     * constant while puts hit present parts (the prealloc guarantee can be checked with it).
     *
     * @return the number of part allocations so far; it never decreases
     */
    public long partsAllocated() {
        return tree.allocations();
    }

    /**
     * Bytes held: the parts (payload and array headers, or native bytes and a 24-byte address object each) plus
     * the tree (interior nodes, buckets, lone-part records, root), the native slabs' bookkeeping and released
     * parts kept for reuse, and the array's own objects, counted with HotSpot's 64-bit layout (16-byte array
     * headers, compressed references; JDK objects estimated). The shared fill patterns (8 KiB per JVM) are
     * counted by no array. Walks the tree; 0 after {@link #close()}. The terms: {@link #bytesHeldByKind()}.
     *
     * @return the estimated bytes held, 0 after close
     */
    public long bytesHeld() {
        return tree.bytesHeld();
    }

    /**
     * {@link #bytesHeld()} term by term, in a fixed order, summing to it: {@code "part payload"} (the elements'
     * bytes), {@code "part headers"} (heap array headers and padding, or native parts' address objects),
     * {@code "Part records"} (24 B per part held alone above the tree's bottom level), {@code "buckets"} (parts
     * sharing a slot), {@code "nodes"} (interior nodes and the root), {@code "flat addresses"} (a flat native
     * array's address table), {@code "leaves overhead"} (native slabs' bookkeeping and released parts kept for
     * reuse) and {@code "array objects"} (the array's own fixed objects, estimated). Walks the tree.
     *
     * @return a new map from each term's name to its bytes; empty after {@link #close()}
     */
    public java.util.Map<String, Long> bytesHeldByKind() {
        return tree.bytesHeldByKind();
    }

    /** Parts allocated and not given back yet (PartTree#unreleasedParts): 0 after close, for the leak tests. */
    long unreleasedParts() {
        return tree.unreleasedParts();
    }

    @Override
    public String toString() {
        return "FlexArray[elementSize=" + elementSize + ", capacity=" + capacity + ", pageSize=" + pageSize + ", "
                + storage + ", " + fill + ", parts=" + (tree.isClosed() ? "closed" : tree.presentParts()) + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Internals

    /** Why a typed access of {@code width} bytes at {@code index} failed: the width first, then the index. */
    private RuntimeException typedAccessError(long index, int width) {
        ensureOpen();
        return elementSize != width ? wrongWidth(width) : outOfRange(index);
    }

    private Object typedLeafOrNull(long index, int width) {
        if (elementSize != width) {
            ensureOpen();
            throw wrongWidth(width);
        }
        checkIndex(index); // the closed check first (checkIndex)
        return tree.dataOrNull(index >>> partShift);
    }

    private Object typedDataForWrite(long index, int width) {
        if (elementSize != width) {
            ensureOpen();
            throw wrongWidth(width);
        }
        checkIndex(index); // the closed check first (checkIndex)
        return tree.dataForWrite(index >>> partShift);
    }

    /**
     * The address of a native part found by a plain lookup (a reader's or a writer's), to access through
     * {@link #allMemory}: no slice is allocated, and the offsets callers add stay below the part's size, so only
     * the part is reached. Its fill was written to native memory, which the final-field guarantee of the Part
     * record does not formally cover (it speaks of Java objects); the acquire fence (LoadLoad + LoadStore) orders
     * the load of the Part before the loads and stores of its memory, pairing with the release half of the
     * exchange that installed it, so a read sees the fill and a put's store lands after it.
     */
    private static long nativeAddress(Object leaf) {
        VarHandle.acquireFence();
        return NativeLeaves.address(leaf);
    }

    private MemorySegment writableView(long index) {
        checkIndex(index);
        long part = locator.partOf(index);
        Object leaf = tree.dataForWrite(part);
        return leaves.bytes(leaf).asSlice(byteOffset(index, part), elementSize);
    }

    private long byteOffset(long index, long part) {
        return (long) locator.slotOf(index, part) * elementSize;
    }

    private void checkIndex(long index) {
        if (Long.compareUnsigned(index, capacity) >= 0) {
            ensureOpen();
            throw outOfRange(index);
        }
    }

    private void checkPart(long part) {
        if (Long.compareUnsigned(part, tree.partCount()) >= 0) {
            ensureOpen();
            throw new IndexOutOfBoundsException("part " + part + " out of range for " + tree.partCount() + " parts");
        }
    }

    private void checkRange(long start, long count) {
        if (start < 0 || count < 0 || start > capacity - count) {
            ensureOpen();
            throw new IndexOutOfBoundsException("range [" + start + ", " + start + " + " + count
                    + ") out of range for capacity " + capacity);
        }
    }

    private void checkWidth(int width) {
        if (elementSize != width) {
            ensureOpen();
            throw wrongWidth(width);
        }
    }

    private void checkSourceLength(long length) {
        if (length != elementSize) {
            ensureOpen();
            throw new IllegalArgumentException("source length " + length + " != element size " + elementSize);
        }
    }

    /**
     * Throws {@link FlexArrayClosedException} after close. Called before an argument error is reported, so that
     * use after close always gets the closed exception, whatever the arguments; the valid-argument paths reach
     * the tree, which throws by itself.
     */
    private void ensureOpen() {
        if (tree.isClosed()) {
            throw tree.closed();
        }
    }

    private IndexOutOfBoundsException outOfRange(long index) {
        return new IndexOutOfBoundsException("index " + index + " out of range for capacity " + capacity);
    }

    private IllegalArgumentException wrongWidth(int width) {
        return new IllegalArgumentException(
                "typed access of " + width + "-byte values on an array of " + elementSize + "-byte elements");
    }

    /** Configures a {@link FlexArray}. Not thread-safe. */
    public static final class Builder {
        private int elementSize;
        private long capacity;
        /** Set by the setters: "not set" is never the answer to a bad value, whatever the value. */
        private boolean elementSizeSet;
        private boolean capacitySet;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private Storage storage = Storage.HEAP;
        private Fill fill = Fill.POISON;

        private Builder() {
        }

        /**
         * Bytes per element, 1 .. page size (required).
         *
         * @param elementSize bytes per element
         * @return this builder
         */
        public Builder elementSize(int elementSize) {
            this.elementSize = elementSize;
            this.elementSizeSet = true;
            return this;
        }

        /**
         * Number of elements, 1 .. 2^62; the tree's depth is then fixed. Optional: without it the array is
         * growable (any index below 2^62, depth grown on demand).
         *
         * @param capacity the number of elements
         * @return this builder
         */
        public Builder capacity(long capacity) {
            this.capacity = capacity;
            this.capacitySet = true;
            return this;
        }

        /**
         * Bytes per part: a power of two, 8 .. 2^30; default 4096.
         *
         * @param pageSize bytes per part
         * @return this builder
         */
        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        /**
         * Heap (default) or native parts.
         *
         * @param storage heap or native, not {@code null}
         * @return this builder
         */
        public Builder storage(Storage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * Fill of new parts: {@link Fill#POISON} (default) or {@link Fill#ZERO}.
         *
         * @param fill the fill byte's choice, not {@code null}
         * @return this builder
         */
        public Builder fill(Fill fill) {
            this.fill = Objects.requireNonNull(fill, "fill");
            return this;
        }

        /**
         * Creates the array: allocates the root (and the base part of a small array), nothing else.
         *
         * @return a new open array, owned by the caller, who closes it to release its parts
         * @throws IllegalArgumentException naming the value, if element size, capacity or page size is out of
         *                                  range, or if the element size is not set
         */
        public FlexArray build() {
            if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
                throw new IllegalArgumentException("page size " + pageSize + " must be a power of two in ["
                        + MIN_PAGE_SIZE + ", " + MAX_PAGE_SIZE + "]");
            }
            if (!elementSizeSet) {
                throw new IllegalArgumentException("element size not set");
            }
            if (elementSize < 1) {
                throw new IllegalArgumentException("element size " + elementSize + " must be at least 1");
            }
            if (elementSize > pageSize) {
                throw new IllegalArgumentException("element size " + elementSize + " exceeds page size " + pageSize);
            }
            if (capacitySet && (capacity < 1 || capacity > MAX_CAPACITY)) {
                throw new IllegalArgumentException("capacity " + capacity + " must be in [1, 2^62]");
            }
            return new FlexArray(this);
        }
    }
}
