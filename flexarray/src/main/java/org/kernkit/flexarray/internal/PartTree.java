package org.kernkit.flexarray.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.kernkit.flexarray.FlexArrayClosedException;

/**
 * A radix tree of parts (after Linux {@code lib/generic-radix-tree.c}) with lazy expansion (after the adaptive
 * radix tree, Leis et al., ICDE 2013), depth fixed at creation from the number of parts.
 *
 * <pre>
 *  root: Object[rootSlots]        slot = part >>> topShift                 (sized exactly, never grows)
 *    |-- null                     no part below this slot
 *    |-- Solo(part, leaf)         the only part below this slot, kept high ("lazy expansion")
 *    `-- Object[1 << nodeShift]   interior node: slot = (part >>> shift) & nodeMask
 *          |-- ...                the same three cases, one level lower
 *          `-- leaf               at the bottom level (shift 0) a raw leaf: long[]/int[]/short[]/byte[],
 *                                 MemorySegment or Object[] (reference parts), never wrapped
 *
 *  depth = ceil(log2(partCount) / nodeShift) levels (at least 1); topShift = (depth - 1) * nodeShift
 * </pre>
 *
 * <p>A dense array therefore has raw leaves at the bottom and the lookup is {@code depth} dependent loads. A
 * sparse array keeps each part as high as it is alone: a second part arriving below a {@link Solo} pushes the
 * Solo one level down into a new interior node, built completely before it is published.
 *
 * <h2>Memory ordering</h2>
 * Slots are read with {@code getAcquire} and written only with {@code compareAndExchange} (volatile semantics)
 * on the lookup and install paths. Everything written before the exchange (the fill of a new part, the contents
 * of a new interior node, the final fields of a Solo) happens-before any read that observes the new slot value,
 * because the acquire load that sees a value synchronises with the release half of the exchange that wrote it.
 * That is all a reader needs: nodes and Solos are never changed after publication except by further exchanges
 * of their slots, and a leaf, once reachable, stays the same object (pushing a Solo down moves the reference, not
 * the data), so no write to a leaf is lost by a concurrent install. Two installers racing for one slot: exactly
 * one exchange succeeds; the loser releases its part and uses the winner's.
 *
 * <p>{@link #shrink}, {@link #freeParts} and {@link #close} remove parts with plain writes and require that no
 * other thread uses the tree meanwhile (the caller serialises, as in the kernel).
 */
public final class PartTree {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** Bytes of a Solo: 12-byte header, an 8-byte long, a 4-byte compressed reference. */
    static final long SOLO_BYTES = 24;

    private final Leaves leaves;
    private final long partCount;
    private final int nodeShift;
    private final int nodeMask;
    private final int depth;
    private final int topShift;
    private final int rootSlots;
    private final String description;
    private final Object baseLeaf;
    private final Leaves baseLeaves;
    private final AtomicLong presentParts = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();

    /** The root node; null once closed (the hot path loads it anyway, so the closed check is one null test). */
    private Object[] root;

    /**
     * A tree of {@code partCount} parts.
     *
     * @param partCount   number of parts the array spans, at least 1
     * @param nodeShift   log2 of the slots in an interior node, 1..30
     * @param leaves      makes and frees parts
     * @param description names the array in error messages
     */
    public PartTree(long partCount, int nodeShift, Leaves leaves, String description) {
        this(partCount, nodeShift, leaves, description, null, null);
    }

    /**
     * A tree of a single permanent part (the kernel's "elements live in the base"): never absent, never freed.
     *
     * @param baseLeaves  makes the base part
     * @param description names the array in error messages
     * @return the tree
     */
    public static PartTree ofBase(Leaves baseLeaves, String description) {
        return new PartTree(1, 1, baseLeaves, description, baseLeaves.allocate(), baseLeaves);
    }

    private PartTree(long partCount, int nodeShift, Leaves leaves, String description, Object baseLeaf,
                     Leaves baseLeaves) {
        this.leaves = leaves;
        this.partCount = partCount;
        this.nodeShift = nodeShift;
        this.nodeMask = (1 << nodeShift) - 1;
        int bits = 64 - Long.numberOfLeadingZeros(partCount - 1);
        this.depth = Math.max(1, (bits + nodeShift - 1) / nodeShift);
        this.topShift = (depth - 1) * nodeShift;
        this.rootSlots = (int) (((partCount - 1) >>> topShift) + 1);
        this.description = description;
        this.baseLeaf = baseLeaf;
        this.baseLeaves = baseLeaves;
        this.root = new Object[rootSlots];
        if (baseLeaf != null) {
            root[0] = baseLeaf;
            presentParts.set(1);
            allocations.set(1);
        }
    }

    /** Levels of the tree, the root included. */
    public int depth() {
        return depth;
    }

    /** Number of parts the array spans (present or not). */
    public long partCount() {
        return partCount;
    }

    /** Whether the single part lives in the base (never absent, never freed). */
    public boolean isBase() {
        return baseLeaf != null;
    }

    /**
     * The leaf of {@code part}, or null when the part is absent. Hot path: no allocation, {@code depth}
     * acquire loads.
     *
     * @param part {@code 0 <= part < partCount} (not checked)
     * @throws FlexArrayClosedException after {@link #close}
     */
    public Object leafOrNull(long part) {
        Object[] node = root;
        if (node == null) {
            throw closed();
        }
        int shift = topShift;
        // Acquire: pairs with the release half of the exchange that installed the slot, so the node or part
        // read below is seen fully built and filled.
        Object child = SLOTS.getAcquire(node, (int) (part >>> shift));
        while (shift != 0) {
            if (!(child instanceof Object[] inner)) {
                return soloLeaf(child, part);
            }
            shift -= nodeShift;
            child = SLOTS.getAcquire(inner, (int) (part >>> shift) & nodeMask); // acquire: as above
        }
        return child;
    }

    private static Object soloLeaf(Object child, long part) {
        return child instanceof Solo solo && solo.part == part ? solo.leaf : null;
    }

    /**
     * The leaf of {@code part}, installed (filled) first if absent. Lock-free: see the class comment.
     *
     * @param part {@code 0 <= part < partCount} (not checked)
     * @throws FlexArrayClosedException after {@link #close}
     */
    public Object leafForWrite(long part) {
        Object leaf = leafOrNull(part);
        return leaf != null ? leaf : install(part);
    }

    private Object install(long part) {
        Object[] node = root;
        if (node == null) {
            throw closed();
        }
        Object fresh = null;
        int shift = topShift;
        int slot = (int) (part >>> shift);
        for (;;) {
            Object child = SLOTS.getAcquire(node, slot); // acquire: see leafOrNull
            if (child == null) {
                if (fresh == null) {
                    fresh = leaves.allocate();
                    allocations.incrementAndGet();
                }
                Object entry = shift == 0 ? fresh : new Solo(part, fresh);
                // Volatile exchange: its release half publishes the fill of `fresh` (and the Solo's fields) to
                // every thread whose acquire load sees `entry`.
                Object witness = SLOTS.compareAndExchange(node, slot, null, entry);
                if (witness == null) {
                    presentParts.incrementAndGet();
                    return fresh;
                }
                continue; // another thread filled the slot first: examine what it put there
            }
            if (shift == 0) {
                discard(fresh);
                return child;
            }
            if (child instanceof Object[] inner) {
                node = inner;
                shift -= nodeShift;
                slot = (int) (part >>> shift) & nodeMask;
                continue;
            }
            Solo solo = (Solo) child;
            if (solo.part == part) {
                discard(fresh);
                return solo.leaf;
            }
            // Another part sits alone here: push it one level down into a new node, built completely (plain
            // writes) before the exchange publishes it. Win or lose, re-examine the slot.
            int below = shift - nodeShift;
            Object[] inner = new Object[nodeMask + 1];
            inner[(int) (solo.part >>> below) & nodeMask] = below == 0 ? solo.leaf : solo;
            SLOTS.compareAndExchange(node, slot, solo, inner);
        }
    }

    private void discard(Object fresh) {
        if (fresh != null) {
            leaves.release(fresh);
        }
    }

    /** Parts currently present (the base part included). */
    public long presentParts() {
        return presentParts.get();
    }

    /** Parts allocated since creation, including parts dropped by a losing racer and parts freed since. */
    public long allocations() {
        return allocations.get();
    }

    /**
     * Frees every part whose elements all equal the fill. Not thread-safe: the caller serialises.
     *
     * @return the number of parts freed
     * @throws FlexArrayClosedException after {@link #close}
     */
    public long shrink() {
        return remove(false);
    }

    /**
     * Frees every part (the base part excepted). Not thread-safe: the caller serialises.
     *
     * @return the number of parts freed
     * @throws FlexArrayClosedException after {@link #close}
     */
    public long freeParts() {
        return remove(true);
    }

    private long remove(boolean all) {
        Object[] node = root;
        if (node == null) {
            throw closed();
        }
        if (baseLeaf != null) {
            return 0;
        }
        long freed = removeBelow(node, topShift, all);
        presentParts.addAndGet(-freed);
        return freed;
    }

    private long removeBelow(Object[] node, int shift, boolean all) {
        long freed = 0;
        for (int i = 0; i < node.length; i++) {
            Object child = node[i]; // plain: the caller serialises removal with every other use
            if (child == null) {
                continue;
            }
            if (shift == 0 || child instanceof Solo) {
                Object leaf = shift == 0 ? child : ((Solo) child).leaf;
                if (all || leaves.isVacant(leaf)) {
                    node[i] = null;
                    leaves.release(leaf);
                    freed++;
                }
            } else {
                Object[] inner = (Object[]) child;
                freed += removeBelow(inner, shift - nodeShift, all);
                if (isEmpty(inner)) {
                    node[i] = null;
                }
            }
        }
        return freed;
    }

    private static boolean isEmpty(Object[] node) {
        for (Object o : node) {
            if (o != null) {
                return false;
            }
        }
        return true;
    }

    /** Frees every part, the base included; later calls of any method throw. Idempotent. */
    public void close() {
        if (root == null) {
            return;
        }
        if (baseLeaf == null) {
            removeBelow(root, topShift, true);
        } else {
            baseLeaves.release(baseLeaf);
        }
        presentParts.set(0);
        root = null;
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return root == null;
    }

    /**
     * The first present part at or after {@code from}, or -1. Weakly consistent with concurrent installs.
     *
     * @throws FlexArrayClosedException after {@link #close}
     */
    public long nextPresentPart(long from) {
        Object[] node = root;
        if (node == null) {
            throw closed();
        }
        if (from >= partCount) {
            return -1;
        }
        return next(node, topShift, 0, Math.max(0, from));
    }

    private long next(Object[] node, int shift, long first, long from) {
        int start = from <= first ? 0 : (int) ((from - first) >>> shift);
        for (int i = start; i < node.length; i++) {
            Object child = SLOTS.getAcquire(node, i); // acquire: see leafOrNull
            if (child == null) {
                continue;
            }
            long childFirst = first + ((long) i << shift);
            if (shift == 0) {
                return childFirst;
            }
            if (child instanceof Solo solo) {
                if (solo.part >= from) {
                    return solo.part;
                }
            } else {
                long found = next((Object[]) child, shift - nodeShift, childFirst, from);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return -1;
    }

    /**
     * The last present part at or before {@code from}, or -1. Weakly consistent with concurrent installs.
     *
     * @throws FlexArrayClosedException after {@link #close}
     */
    public long previousPresentPart(long from) {
        Object[] node = root;
        if (node == null) {
            throw closed();
        }
        if (from < 0) {
            return -1;
        }
        return previous(node, topShift, 0, Math.min(from, partCount - 1));
    }

    private long previous(Object[] node, int shift, long first, long from) {
        long offset = (from - first) >>> shift;
        int start = (int) Math.min(node.length - 1, offset);
        for (int i = start; i >= 0; i--) {
            Object child = SLOTS.getAcquire(node, i); // acquire: see leafOrNull
            if (child == null) {
                continue;
            }
            long childFirst = first + ((long) i << shift);
            if (shift == 0) {
                return childFirst;
            }
            if (child instanceof Solo solo) {
                if (solo.part <= from) {
                    return solo.part;
                }
            } else {
                long found = previous((Object[]) child, shift - nodeShift, childFirst, from);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return -1;
    }

    /**
     * Bytes held by the tree: every part (its array header included, or its native bytes), every interior node,
     * every Solo and the root, with HotSpot's 64-bit layout (16-byte array headers, 4-byte compressed
     * references). Walks the tree: O(nodes). Zero after close.
     */
    public long bytesHeld() {
        Object[] node = root;
        if (node == null) {
            return 0;
        }
        if (baseLeaf != null) {
            return nodeBytes(node) + baseLeaves.footprint(baseLeaf);
        }
        return bytesBelow(node, topShift);
    }

    private long bytesBelow(Object[] node, int shift) {
        long bytes = nodeBytes(node);
        for (int i = 0; i < node.length; i++) {
            Object child = SLOTS.getAcquire(node, i); // acquire: see leafOrNull
            if (child == null) {
                continue;
            }
            if (shift == 0) {
                bytes += leaves.footprint(child);
            } else if (child instanceof Solo solo) {
                bytes += SOLO_BYTES + leaves.footprint(solo.leaf);
            } else {
                bytes += bytesBelow((Object[]) child, shift - nodeShift);
            }
        }
        return bytes;
    }

    private static long nodeBytes(Object[] node) {
        return HeapLeaves.ARRAY_HEADER_BYTES + ((node.length * ReferenceLeaves.REFERENCE_BYTES + 7) & ~7L);
    }

    /** The exception for a use after close. */
    public FlexArrayClosedException closed() {
        return new FlexArrayClosedException(description);
    }
}
