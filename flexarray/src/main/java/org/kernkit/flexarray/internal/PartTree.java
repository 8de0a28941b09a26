package org.kernkit.flexarray.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.kernkit.flexarray.FlexArrayClosedException;

/**
 * A radix tree of parts (after Linux {@code lib/generic-radix-tree.c}) with lazy expansion (after the adaptive
 * radix tree, Leis et al., ICDE 2013), depth fixed at creation from the number of parts, or grown on demand
 * (growable trees, "Growth" below).
 *
 * <pre>
 *  root: Object[rootSlots]        slot = part >>> topShift   (fixed tree: sized exactly, up to 2^16 slots at depth 1;
 *                                                             growable tree: one full node, replaced to grow)
 *    |-- null                     no part below this slot
 *    |-- Part(number, data)       the only part below this slot, kept as high as it is alone
 *    |-- Bucket(numbers, data)    2..nodeSlots/2 parts below this slot: sorted long[] of numbers and the
 *                                 data beside them, no Part each (only with nodes of 64+ slots)
 *    `-- Object[1 << nodeShift]   interior node: slot = (part >>> shift) &amp; nodeMask
 *          |-- ...                the same three cases, one level lower
 *          `-- data               at the bottom level (shift 0) every slot is null or a part's data, bare
 *                                 (no Part: the slot's position is its number); the node is typed by the
 *                                 leaves (long[][] for heap longs), so a depth-1 root is fastutil's long[][]
 *
 *  bits = log2(partCount) rounded up; depth = 1 if bits <= 16, else ceil(bits / nodeShift)
 *  topShift = (depth - 1) * nodeShift; rootSlots = ((partCount - 1) >>> topShift) + 1
 * </pre>
 *
 * <p>A dense array has its parts at the bottom, bare: a lookup is {@code depth} slot loads and an element load
 * (no Part record, 24 B a part saved). A sparse array keeps each part as high as it is alone, in a Part. A
 * second part arriving below a lone Part joins it in a {@link Bucket} (copy-on-write, two parallel arrays sorted
 * by number, up to half a node's slots: 12 B a part, no Part record); a full bucket spreads into a new interior
 * node one level down, whose slots get the parts as lone Parts or smaller buckets. With nodes of fewer than 64
 * slots (pages under 512 bytes) there are no buckets: the lone Part is pushed one level down at once. New
 * buckets and nodes are built completely before the exchange that publishes them. A part's data never changes
 * identity and is never copied, so moving it (into a bucket, a new Part of a spread node, or bare to the bottom
 * level) moves a reference, not data, and loses no write.
 *
 * <h2>Memory ordering</h2>
 * <ul>
 *   <li><b>Install</b> ({@link #install}): slots are read with {@code getAcquire} and written with
 *   {@code compareAndExchange} (volatile: release + acquire). The exchange that installs a Part or a pushed-down
 *   node therefore happens-before every acquire load that sees it. Two installers racing for one slot: exactly
 *   one exchange succeeds; the loser releases its data and uses the winner's.</li>
 *   <li><b>Lookup</b> ({@link #dataOrNull}): interior slots (above the bottom level) are read with plain loads.
 *   A non-null value so read is safe to use even when racy: slot values only ever go null -&gt; Part -&gt;
 *   bucket -&gt; node by exchanges (removal is serialised by the caller), a stale Part or bucket is still the
 *   right data (a spread moves the same data), a node is never replaced, and the data a Part or a bucket carries
 *   is published by their final fields (see {@link Part}; a bucket's arrays are written before its constructor
 *   ends, so JLS 17.5 covers their elements). A Part made by a spread wraps data filled by another thread: the
 *   fill happens-before the spreading thread's acquire load of the bucket it comes from, so before the freeze of
 *   the new Part's final field, and JLS 17.5.1 lets that happens-before chain cross threads. A null, or a Part of another number, may be stale, so a lookup that finds
 *   no part confirms it with an acquire walk before answering "absent". A bottom slot holds the data bare, with
 *   no final field to publish its fill, so it is read with {@code getAcquire}: the load that sees the data
 *   synchronizes-with the release half of the exchange that installed it, so the fill (done before that
 *   exchange) happens-before every read of the part's elements.</li>
 *   <li><b>The typed long reads</b> ({@code FlexArray.getLong} on a depth-1 root, {@link #flatRoot} and
 *   {@link #flatAddresses}) load the slot with a plain load and rely on <em>dependency ordering</em>, as the
 *   kernel's genradix does with {@code READ_ONCE} (RCU's {@code rcu_dereference}): every element load's address
 *   is computed from the slot's value, so it cannot be performed before the slot load, and the slot value comes
 *   from the exchange whose release half follows the fill. x86 never reorders loads with loads; AArch64, POWER
 *   and RISC-V order a load after any load its address depends on; the JIT cannot load through a reference or
 *   address it has not loaded. HotSpot publishes final fields by the same argument (a barrier on the writer
 *   side, none on the reader's). The Java memory model itself promises this only to final fields and acquire
 *   loads: the plain load is a deliberate trade, because the acquire stops C2 from hoisting the accessor's field
 *   loads out of the caller's loop, and measured, it doubled the time of a random read (docs/flexarray.md,
 *   "Memory ordering", item 4). jcstress's {@code FlexArrayPartFillPublication} and
 *   {@code FlexArrayNativePartFillPublication} check that a racing reader never sees a part before its fill. A
 *   null (or 0) so read may be stale, and then the slow path's {@link #dataOrNull} decides, with its acquire
 *   walk.</li>
 *   <li><b>Why writers acquire</b> ({@link #dataForWrite}; the typed puts load a depth-1 root slot of
 *   {@link #flatRoot} with {@code getAcquire}): a thread P that writes an element reached the Part through
 *   acquire loads, so the installation of that Part happens-before P's write. Any thread R that happens-after
 *   P's write (a lock, a join...) therefore cannot see the slot as it was before the install: R finds the Part and
 *   the value P wrote. Had P used plain loads, the JLS would not rule out R seeing the stale null and answering
 *   "absent" (it does not promise read-read coherence to plain loads). Measured on the typed put: plain and
 *   acquire loads of the slot cost the same (2.30 vs 2.32 ns per random {@code putLong} at 2^16 elements), since
 *   what the hot path loses is hoisting, which the slow-path call in the caller's loop forbids anyway
 *   (docs/bench/flexarray.md); so writers keep the edge.</li>
 * </ul>
 *
 * <p>{@link #shrink} and {@link #freeParts} remove parts with plain writes and require that no other thread uses
 * the tree meanwhile (the caller serialises, as in the kernel); the caller's serialisation is the happens-before
 * edge that makes the removal visible.
 *
 * <h2>Growth (growable trees, as genradix)</h2>
 * A growable tree starts as one node of {@code 2^nodeShift} slots, the bottom level (depth 1). Its root, depth
 * and shift live together in an immutable {@link Level} (final fields). Installing a part beyond the root's
 * reach first grows the tree: a new root node whose slot 0 is the old root, published by a compare-and-exchange
 * of the Level (volatile: release); a racing grower that loses uses the winner's Level and grows again if still
 * short. Slots resolve the same part-number bits before and after a growth (the old root keeps its shift, one
 * level lower), so nothing moves, and a writer still holding the old Level installs into the old root, which is
 * the same array the new root reaches. Readers never block: a plain read of the Level is safe (final fields),
 * and a part beyond the reach of a stale Level reads as absent until confirmed with an acquire load of the
 * Level, which pairs with the growth's exchange; since a part is installed only after the Level reaching it,
 * a reader that happens-after the install sees a Level that reaches it. Growth happens inside the registered
 * part of {@link #install}, so close never runs during it. Fixed trees never replace their Level.
 *
 * <h2>Close against racing installers</h2>
 * {@link #close} may race with writers (a mistake of the caller, but one that must not leak memory or let writes
 * succeed afterwards). One atomic word, {@code installState}, holds a CLOSED bit and the number of installers
 * inside {@link #install}. An installer registers by a compare-and-set that adds one only while CLOSED is clear,
 * and leaves by a decrement; close sets CLOSED (an atomic or) and then waits until the count reads 0 before it
 * walks the tree. All of these are volatile operations on one variable, so they are totally ordered: an
 * installer either registered before CLOSED was set (close waits for it, and its exchange and allocation
 * happen-before close's walk through the decrement, so the walk finds and frees its part), or it sees CLOSED
 * and throws before allocating. Once CLOSED is set no installer can register, so close waits only for those
 * already inside: it cannot be starved by writers that keep trying. So after close returns no part is allocated,
 * none is leaked, and every install throws. The cost is two atomic operations per install, next to a page
 * allocation and fill; lookups and writes into present parts pay nothing.
 */
public final class PartTree {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /** Most bits of a part number resolved by the root: a root has at most 2^16 slots. */
    static final int ROOT_BITS = 16;

    /**
     * Bytes of the objects every array has whatever it holds, estimated for HotSpot 64-bit with compressed oops:
     * the FlexArray, this tree, its locator, leaves, three AtomicLongs, and the description string.
     */
    public static final long ARRAY_OBJECT_BYTES = 96 + 80 + 32 + 32 + 3 * 16 + 200;

    /** Bytes of a Part: 12-byte header, an 8-byte long, a 4-byte compressed reference. */
    static final long PART_BYTES = 24;

    private final Leaves leaves;
    private final long partCount;
    private final int nodeShift;
    private final int nodeMask;
    /** Whether the depth grows on demand (genradix); else it is fixed at creation. */
    private final boolean growable;
    private final String description;
    private final boolean base;
    /** Whether slots may hold buckets: only with nodes wide enough that a full bucket is far from a full node. */
    private final boolean bucketed;
    /**
     * Most parts in a bucket: half a node's slots (256 at 4 KiB pages). At 12 B a part a full bucket weighs about
     * what the node it spreads into does (2 KiB), so a sparse slot never costs more than a node would, while a
     * random sparse array (10^6 parts in 2^31) keeps each second-level slot's ~120 parts in one bucket, at
     * 12.5 B a part instead of a 24 B Part record each plus a 2 KiB node per slot. A lookup binary-searches it.
     */
    private final int bucketCapacity;
    /** Nodes narrower than this (pages under 512 bytes) use no buckets: a lone Part is pushed down at once. */
    static final int MIN_BUCKETED_NODE_SLOTS = 64;
    /**
     * A flat (depth 1, fixed) native tree's part addresses: slot i holds 0 or the address of part i, written
     * with {@code setRelease} after the exchange that installed the part, so that FlexArray's typed accessors
     * read a part through one load of a long and the array-wide segment of
     * {@link NativeLeaves#allMemory()}, without loading the part's segment object. Null for other trees.
     * A writer's acquire load that sees an address synchronizes-with its setRelease, which comes after the part's
     * fill, so the fill happens-before the writer's access; a reader's plain load is dependency-ordered (class
     * comment, "The typed long reads"). Cleared slot by slot by removal (serialised) and at once by close, before
     * the arena closes.
     */
    private final long[] flatAddresses;
    private static final VarHandle ADDRESSES = MethodHandles.arrayElementVarHandle(long[].class);
    private final AtomicLong presentParts = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();
    /**
     * {@link #CLOSED} bit and the number of installers inside {@link #install} (class comment, "Close against
     * racing installers").
     */
    private final AtomicLong installState = new AtomicLong();
    /** The bit of {@link #installState} set by {@link #close}. */
    private static final long CLOSED = Long.MIN_VALUE;
    /** Parts given back to the leaves (freed, or dropped by a losing installer): allocations minus this is live. */
    private final AtomicLong releases = new AtomicLong();

    /**
     * The root, its depth and shift, as one immutable record; null once closed (the hot path loads it anyway, so
     * the closed check is one null test). A fixed tree never replaces it. A growable tree replaces it by a
     * compare-and-set when a part beyond its reach is installed (class comment, "Growth").
     */
    private Level level;
    private static final VarHandle LEVEL;

    static {
        try {
            LEVEL = MethodHandles.lookup().findVarHandle(PartTree.class, "level", Level.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A root and where it sits. Final fields: a thread that reads a Level, even racily, sees its root array and
     * numbers as constructed (JLS 17.5), and the root array's slots as the usual slot rules say.
     */
    static final class Level {
        final Object[] root;
        final int depth;
        final int topShift;

        Level(Object[] root, int depth, int topShift) {
            this.root = root;
            this.depth = depth;
            this.topShift = topShift;
        }

        /** Whether {@code part} is beyond what this root reaches (never, for a fixed tree's valid parts). */
        boolean beyond(long part) {
            return (part >>> topShift) >= root.length;
        }
    }

    /**
     * A tree of {@code partCount} parts.
     *
     * @param partCount   number of parts the array spans, at least 1
     * @param nodeShift   log2 of the slots in an interior node, 1..30
     * @param leaves      makes and frees parts
     * @param description names the array in error messages
     */
    public PartTree(long partCount, int nodeShift, Leaves leaves, String description) {
        this(partCount, nodeShift, leaves, description, false);
    }

    /**
     * A tree of a single permanent part (the kernel's "elements live in the base"): never absent, never freed.
     *
     * @param baseLeaves  makes the base part
     * @param description names the array in error messages
     * @return the tree
     */
    public static PartTree ofBase(Leaves baseLeaves, String description) {
        return new PartTree(1, 1, baseLeaves, description, true);
    }

    /**
     * A tree whose depth grows with the largest part installed (genradix): it starts as one root node of
     * {@code 2^nodeShift} slots (depth 1) and gains a level, by a compare-and-set of the root, whenever a part
     * beyond its reach is installed.
     *
     * @param maxParts    parts the array may ever span (argument checks use it)
     * @param nodeShift   log2 of the slots in a node, 1..30
     * @param leaves      makes and frees parts
     * @param description names the array in error messages
     * @return the tree
     */
    public static PartTree growable(long maxParts, int nodeShift, Leaves leaves, String description) {
        return new PartTree(maxParts, nodeShift, leaves, description, false, true);
    }

    private PartTree(long partCount, int nodeShift, Leaves leaves, String description, boolean base) {
        this(partCount, nodeShift, leaves, description, base, false);
    }

    private PartTree(long partCount, int nodeShift, Leaves leaves, String description, boolean base,
            boolean growable) {
        this.growable = growable;
        this.leaves = leaves;
        this.partCount = partCount;
        this.nodeShift = nodeShift;
        this.nodeMask = (1 << nodeShift) - 1;
        int bits = 64 - Long.numberOfLeadingZeros(partCount - 1);
        // Up to 2^16 parts (256 MiB of 4 KiB pages) the root alone holds them all: one level on the hot path,
        // at most 256 KiB of root. Beyond, interior nodes of 2^nodeShift slots and a root of the remaining bits,
        // so that an empty huge array costs a small root.
        int depth = bits <= ROOT_BITS ? 1 : (bits + nodeShift - 1) / nodeShift;
        int topShift = (depth - 1) * nodeShift;
        this.description = description;
        this.base = base;
        this.bucketed = (1 << nodeShift) >= MIN_BUCKETED_NODE_SLOTS;
        this.bucketCapacity = (1 << nodeShift) / 2;
        int rootSlots = (int) (((partCount - 1) >>> topShift) + 1);
        this.flatAddresses = !growable && depth == 1 && leaves instanceof NativeLeaves ? new long[rootSlots] : null;
        if (growable) {
            // One node; its slots are parts (shift 0) until the first growth pushes it down.
            this.level = new Level(leaves.newBottomNode(1 << nodeShift), 1, 0);
            return;
        }
        // Depth 1: the root is the bottom level, whose slots hold parts' data directly; typed by the leaves
        // (long[][] for heap longs) so that flatRoot's users need no type check on what they load.
        Object[] root = depth == 1 ? leaves.newBottomNode(rootSlots) : new Object[rootSlots];
        if (base) {
            root[0] = leaves.allocate();
            if (flatAddresses != null) {
                flatAddresses[0] = NativeLeaves.address(root[0]); // published with the tree (final field)
            }
            presentParts.set(1);
            allocations.set(1);
        }
        this.level = new Level(root, depth, topShift);
    }

    /** Levels of the tree now, the root included (a growable tree's grows; 0 after close). */
    public int depth() {
        Level l = (Level) LEVEL.getAcquire(this); // acquire: pairs with the growth's compare-and-set
        return l == null ? 0 : l.depth;
    }

    /** The Level in place now (acquire), for the tests of growth in this package. */
    Level currentLevel() {
        return (Level) LEVEL.getAcquire(this);
    }

    /** Whether the depth grows on demand. */
    public boolean isGrowable() {
        return growable;
    }

    /** Number of parts the array spans (present or not). */
    public long partCount() {
        return partCount;
    }

    /** Whether the single part lives in the base (never absent, never freed). */
    public boolean isBase() {
        return base;
    }

    /**
     * The root of a tree of depth 1, for callers that look parts up in it directly (typed accessors: one field
     * load and one type check fewer on the hot path): readers with plain loads, writers with {@code getAcquire}
     * (class comment, "The typed long reads" and "Why writers acquire"). A null slot may be stale (confirm with
     * {@link #dataOrNull} or {@link #dataForWrite}). Root slot i only ever holds null or part i's data. The
     * array is never replaced; {@link #close} empties it (and then forgets it), so a caller that keeps it sees
     * only nulls after close and goes to its slow path, which throws.
     *
     * @throws IllegalStateException if {@link #depth()} is not 1
     * @throws FlexArrayClosedException after {@link #close}
     */
    public Object[] flatRoot() {
        Level l = level;
        if (l == null) {
            throw closed();
        }
        if (l.depth != 1 || growable) {
            throw new IllegalStateException("tree of depth " + l.depth + (growable ? ", growable," : "")
                    + " has no flat root");
        }
        return l.root;
    }

    /**
     * A flat native tree's part addresses (see the field), for FlexArray's typed accessors: read as
     * {@link #flatRoot}'s slots; 0 means absent or not yet seen (confirm with {@link #dataOrNull}). Null for any other
     * tree. Never replaced; emptied by close.
     */
    public long[] flatAddresses() {
        return flatAddresses;
    }

    /**
     * The data of {@code part}, or null when the part is absent. Hot path: plain loads, no allocation; an
     * "absent" answer is confirmed by an acquire walk (see the class comment).
     *
     * @param part {@code 0 <= part < partCount} (not checked)
     * @throws FlexArrayClosedException after {@link #close}
     */
    public Object dataOrNull(long part) {
        Level l = level; // plain: final fields make a racy read safe; a stale Level only reaches less
        if (l == null) {
            throw closed();
        }
        if (l.beyond(part)) {
            return confirmedDataOrNull(part);
        }
        Object[] node = l.root;
        int shift = l.topShift;
        int slot = (int) (part >>> shift);
        // Plain loads of interior slots: a non-null value is safe to use even when racy (class comment, "Lookup").
        while (shift != 0) {
            Object child = node[slot];
            if (!(child instanceof Object[] inner)) {
                if (child instanceof Part found && found.number == part) {
                    return found.data; // final field: the data is seen filled
                }
                return dataOrNullSlow(child, part);
            }
            node = inner;
            shift -= nodeShift;
            slot = (int) (part >>> shift) & nodeMask;
        }
        // The bottom slot holds the data itself, no Part: acquire (class comment, "Lookup"). Null is then the
        // answer: an acquire load sees every install that happens-before this lookup.
        Object data = SLOTS.getAcquire(node, slot);
        return data != null || l.depth == 1 ? data : confirmedDataOrNull(part);
    }

    private Object dataOrNullSlow(Object child, long part) {
        if (child instanceof Bucket bucket) {
            Object data = bucket.dataOf(part); // final fields, as for a Part
            if (data != null) {
                return data;
            }
        }
        return confirmedDataOrNull(part);
    }

    /**
     * The data of {@code part}, or null when absent, found with acquire loads as a writer finds it: for callers
     * that may write into what they get (a view). Never allocates.
     *
     * @throws FlexArrayClosedException after {@link #close}
     */
    public Object dataOrNullAcquire(long part) {
        return confirmedDataOrNull(part);
    }

    /**
     * The lookup again with acquire loads, the Level included: a null (or another part) seen by a plain load may
     * be stale. A part beyond the reach of the Level seen is absent: its install grew the tree first.
     *
     * @throws FlexArrayClosedException after {@link #close}
     */
    private Object confirmedDataOrNull(long part) {
        Level l = (Level) LEVEL.getAcquire(this); // acquire: pairs with the growth's compare-and-set
        if (l == null) {
            throw closed();
        }
        if (l.beyond(part)) {
            return null;
        }
        Object[] node = l.root;
        int shift = l.topShift;
        int slot = (int) (part >>> shift);
        while (shift != 0) {
            // Acquire: pairs with the release half of the exchange that filled the slot.
            Object child = SLOTS.getAcquire(node, slot);
            if (!(child instanceof Object[] inner)) {
                return dataIn(child, part);
            }
            node = inner;
            shift -= nodeShift;
            slot = (int) (part >>> shift) & nodeMask;
        }
        return SLOTS.getAcquire(node, slot); // the bottom slot: the data itself, acquire as above
    }

    /** The data of {@code part} if {@code child} (a slot value other than a node) holds it, else null. */
    private static Object dataIn(Object child, long part) {
        if (child instanceof Part found) {
            return found.number == part ? found.data : null;
        }
        return child instanceof Bucket bucket ? bucket.dataOf(part) : null;
    }

    /**
     * The data of {@code part}, installed (filled) first if absent. Every load is an acquire, so the install of
     * the part happens-before the caller's write into it (class comment, "Why writers acquire"). Lock-free.
     *
     * @param part {@code 0 <= part < partCount} (not checked)
     * @throws FlexArrayClosedException after {@link #close}
     */
    public Object dataForWrite(long part) {
        Object data = confirmedDataOrNull(part); // acquire loads at every level; throws after close
        return data != null ? data : install(part);
    }

    /**
     * Installs {@code part} (or finds it installed by a racer meanwhile), registered as an installer so that a
     * racing {@link #close} waits for it (class comment, "Close against racing installers").
     */
    private Object install(long part) {
        for (;;) {
            long state = installState.get(); // volatile
            if ((state & CLOSED) != 0) {
                throw closed();
            }
            // Volatile CAS: registers only if close has not set CLOSED meanwhile (then close waits for us).
            if (installState.compareAndSet(state, state + 1)) {
                break;
            }
        }
        try {
            Level l = (Level) LEVEL.getAcquire(this); // acquire: pairs with the growth's compare-and-set
            while (l.beyond(part)) {
                l = grow(l);
            }
            return installRegistered(l, part);
        } finally {
            // Volatile: the install (and any allocation) happens-before close's read of a zero count.
            installState.decrementAndGet();
        }
    }

    /** Installs {@code part} (or finds it installed by a racer meanwhile): acquire loads and exchanges only. */
    private Object installRegistered(Level l, long part) {
        Object[] node = l.root;
        Object fresh = null; // this installer's data, allocated (filled) once, used by whichever exchange wins
        int shift = l.topShift;
        int slot = (int) (part >>> shift);
        for (;;) {
            // Acquire: pairs with the release half of the exchange that filled the slot, so the node, Part or
            // Bucket seen is fully built, and its install happens-before what this thread does next.
            Object child = SLOTS.getAcquire(node, slot);
            if (child == null) {
                if (fresh == null) {
                    fresh = allocate();
                }
                // Volatile exchange: its release half publishes the filled data to every thread whose acquire
                // load sees it (at the bottom level the data goes in bare, above it in a Part: final fields).
                Object witness = SLOTS.compareAndExchange(node, slot, null, shift == 0 ? fresh : new Part(part, fresh));
                if (witness == null) {
                    if (flatAddresses != null) {
                        // Release, after the exchange (so after the fill): see flatAddresses.
                        ADDRESSES.setRelease(flatAddresses, slot, NativeLeaves.address(fresh));
                    }
                    presentParts.incrementAndGet();
                    return fresh;
                }
                continue; // another thread filled the slot first: examine what it put there
            }
            if (shift == 0) {
                discard(fresh); // a bottom slot holds only this part's data: a racer installed it
                return child;
            }
            if (child instanceof Object[] inner) {
                node = inner;
                shift -= nodeShift;
                slot = (int) (part >>> shift) & nodeMask;
                continue;
            }
            Object data = dataIn(child, part);
            if (data != null) {
                discard(fresh);
                return data;
            }
            // A lone Part or a Bucket of other parts (never at the bottom level, where a slot holds one part
            // number). Join it, or, if the bucket is full, replace it by a node holding its parts one level down.
            Object replacement;
            if (child instanceof Bucket bucket && bucket.size() >= bucketCapacity) {
                replacement = spread(bucket.numbers, bucket.data, shift - nodeShift);
            } else if (!bucketed) {
                Part lone = (Part) child;
                replacement = spread(new long[] {lone.number}, new Object[] {lone.data}, shift - nodeShift);
            } else {
                if (fresh == null) {
                    fresh = allocate();
                }
                replacement = child instanceof Bucket bucket ? bucket.with(part, fresh)
                        : Bucket.of(((Part) child).number, ((Part) child).data, part, fresh);
            }
            // Volatile exchange: publishes the new bucket or node, built completely (plain writes, final fields)
            // before it. Win or lose, re-examine the slot.
            Object witness = SLOTS.compareAndExchange(node, slot, child, replacement);
            if (witness == child && replacement instanceof Bucket) {
                presentParts.incrementAndGet();
                return fresh;
            }
        }
    }

    /** A new part's data, filled, counted as allocated. */
    private Object allocate() {
        Object data = leaves.allocate();
        allocations.incrementAndGet();
        return data;
    }

    /**
     * Adds a level above {@code seen} (class comment, "Growth"): a new root whose slot 0 is the old root. Only an
     * installer calls it, registered, so close cannot run meanwhile (level is not null).
     *
     * @return the Level now in place: the new one, or the one a racing grower put there first
     */
    Level grow(Level seen) {
        Object[] root = new Object[nodeMask + 1];
        root[0] = seen.root; // plain write: published by the compare-and-exchange below
        Level grown = new Level(root, seen.depth + 1, seen.topShift + nodeShift);
        // Volatile CAS: its release half publishes the new root; a reader that sees it sees the old root under it.
        Level witness = (Level) LEVEL.compareAndExchange(this, seen, grown);
        return witness == seen ? grown : witness;
    }

    /**
     * A new interior node whose slots are at {@code shift}, holding parts {@code numbers[k]} with data
     * {@code data[k]} (at most a bucket's worth). The data moves by reference: nothing is copied, no write is lost.
     * A part alone in its new slot gets a new {@link Part} record; its data's fill happened-before this thread's
     * acquire load of the bucket or Part it comes from, so before the record's final field is frozen, and a reader
     * that sees the record sees the data filled (JLS 17.5.1: the happens-before chain may cross threads).
     */
    private Object[] spread(long[] numbers, Object[] data, int shift) {
        if (shift == 0) {
            // The bottom level: one part per slot, its data bare.
            Object[] bottom = leaves.newBottomNode(nodeMask + 1);
            for (int k = 0; k < numbers.length; k++) {
                bottom[(int) numbers[k] & nodeMask] = data[k]; // plain: published by the exchange that installs it
            }
            return bottom;
        }
        Object[] node = new Object[nodeMask + 1];
        for (int k = 0; k < numbers.length; k++) {
            int i = (int) (numbers[k] >>> shift) & nodeMask;
            Object there = node[i];
            // Plain writes: the node is published by the exchange that installs it.
            node[i] = there == null ? new Part(numbers[k], data[k])
                    : there instanceof Bucket bucket ? bucket.with(numbers[k], data[k])
                    : Bucket.of(((Part) there).number, ((Part) there).data, numbers[k], data[k]);
        }
        return node;
    }

    private void discard(Object fresh) {
        if (fresh != null) {
            release(fresh);
        }
    }

    private void release(Object data) {
        leaves.release(data);
        releases.incrementAndGet();
    }

    /**
     * Parts allocated and not given back yet: {@link #presentParts()} when no install is under way, and 0 after
     * {@link #close} (what a leak would break).
     */
    public long unreleasedParts() {
        return allocations.get() - releases.get();
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
        Level l = level; // plain: the caller serialises removal with every other use
        if (l == null) {
            throw closed();
        }
        Object[] node = l.root;
        if (base) {
            return 0;
        }
        long freed = removeBelow(node, l.topShift, all);
        if (flatAddresses != null) {
            for (int i = 0; i < node.length; i++) {
                if (node[i] == null) {
                    flatAddresses[i] = 0; // plain: the caller serialises removal with every other use
                }
            }
        }
        presentParts.addAndGet(-freed);
        return freed;
    }

    private long removeBelow(Object[] node, int shift, boolean all) {
        long freed = 0;
        for (int i = 0; i < node.length; i++) {
            Object child = node[i]; // plain: the caller serialises removal with every other use
            if (shift == 0) {
                if (child != null && (all || leaves.isVacant(child))) {
                    node[i] = null;
                    release(child);
                    freed++;
                }
            } else if (child instanceof Part part) {
                if (all || leaves.isVacant(part.data)) {
                    node[i] = null;
                    release(part.data);
                    freed++;
                }
            } else if (child instanceof Bucket bucket) {
                int n = bucket.size();
                long[] keptNumbers = new long[n];
                Object[] keptData = new Object[n];
                int kept = 0;
                for (int k = 0; k < n; k++) {
                    if (all || leaves.isVacant(bucket.data[k])) {
                        release(bucket.data[k]);
                        freed++;
                    } else {
                        keptNumbers[kept] = bucket.numbers[k];
                        keptData[kept++] = bucket.data[k];
                    }
                }
                node[i] = kept == 0 ? null : kept == 1 ? new Part(keptNumbers[0], keptData[0])
                        : kept == n ? bucket
                        : new Bucket(java.util.Arrays.copyOf(keptNumbers, kept), java.util.Arrays.copyOf(keptData, kept));
            } else if (child instanceof Object[] inner) {
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

    /**
     * Frees every part, the base included; later calls of any method throw. Idempotent. Meant to be called with
     * exclusive access; if writers race it anyway, none of them installs a part once close has returned and
     * nothing they installed is leaked (class comment, "Close against racing installers").
     */
    public void close() {
        Level l = level;
        if (l == null || isClosed()) {
            return;
        }
        installState.getAndUpdate(state -> state | CLOSED); // volatile RMW: no installer registers after this
        while (installState.get() != CLOSED) { // volatile: wait for the installers registered before it
            Thread.onSpinWait();
        }
        l = (Level) LEVEL.getAcquire(this); // after the wait: the last growth is seen
        LEVEL.setRelease(this, (Level) null);
        Object[] node = l.root;
        if (l.depth == 1 && !growable) {
            // FlexArray keeps this array for its hot path: emptied, it sends every later access to the slow
            // path, which sees root == null and throws.
            java.util.Arrays.fill(node, null);
            if (flatAddresses != null) {
                // Before the arena closes: a later reader finds 0 and takes the slow path, which throws.
                java.util.Arrays.fill(flatAddresses, 0);
            }
        }
        // No walk, no release per part: the leaves give back everything at once (native: one munmap per slab,
        // not 10^6 frees), and the nodes become garbage with the root.
        leaves.close();
        presentParts.set(0);
        releases.set(allocations.get());
    }

    /**
     * Installs every absent part in {@code [firstPart, lastPart]} ({@code flex_array_prealloc}); an empty range
     * ({@code lastPart < firstPart}) installs nothing. Safe to call concurrently with puts.
     *
     * @return how much {@link #presentParts()} grew during the call: the parts this call installed, when no other
     *         thread installs parts meanwhile
     * @throws FlexArrayClosedException after {@link #close}, even for an empty range
     */
    public long prealloc(long firstPart, long lastPart) {
        if (isClosed()) {
            throw closed();
        }
        long before = presentParts();
        for (long part = firstPart; part <= lastPart; part++) {
            dataForWrite(part);
        }
        return Math.max(0, presentParts() - before);
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return level == null || installState.get() < 0; // CLOSED is the sign bit
    }

    /**
     * The first present part at or after {@code from}, or -1. Weakly consistent with concurrent installs.
     *
     * @throws FlexArrayClosedException after {@link #close}
     */
    public long nextPresentPart(long from) {
        Level l = (Level) LEVEL.getAcquire(this); // acquire: pairs with the growth's compare-and-set
        if (l == null) {
            throw closed();
        }
        if (from >= partCount || l.beyond(Math.max(0, from))) {
            return -1;
        }
        return next(l.root, l.topShift, 0, Math.max(0, from));
    }

    private long next(Object[] node, int shift, long first, long from) {
        int start = from <= first ? 0 : (int) ((from - first) >>> shift);
        for (int i = start; i < node.length; i++) {
            Object child = SLOTS.getAcquire(node, i); // acquire: see dataForWrite
            if (shift == 0) {
                if (child != null && first + i >= from) {
                    return first + i; // the bottom level: slot i is part first + i
                }
            } else if (child instanceof Part part) {
                if (part.number >= from) {
                    return part.number;
                }
            } else if (child instanceof Bucket bucket) {
                for (long number : bucket.numbers) { // ascending
                    if (number >= from) {
                        return number;
                    }
                }
            } else if (child instanceof Object[] inner) {
                long found = next(inner, shift - nodeShift, first + ((long) i << shift), from);
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
        Level l = (Level) LEVEL.getAcquire(this); // acquire: pairs with the growth's compare-and-set
        if (l == null) {
            throw closed();
        }
        if (from < 0) {
            return -1;
        }
        long last = Math.min(from, partCount - 1);
        if (l.beyond(last)) {
            // Everything this root reaches: its last slot's last part.
            last = growable && l.topShift + nodeShift < 63 ? (1L << (l.topShift + nodeShift)) - 1 : last;
        }
        return previous(l.root, l.topShift, 0, last);
    }

    private long previous(Object[] node, int shift, long first, long from) {
        int start = (int) Math.min(node.length - 1, (from - first) >>> shift);
        for (int i = start; i >= 0; i--) {
            Object child = SLOTS.getAcquire(node, i); // acquire: see dataForWrite
            if (shift == 0) {
                if (child != null && first + i <= from) {
                    return first + i; // the bottom level: slot i is part first + i
                }
            } else if (child instanceof Part part) {
                if (part.number <= from) {
                    return part.number;
                }
            } else if (child instanceof Bucket bucket) {
                for (int k = bucket.size() - 1; k >= 0; k--) { // descending
                    if (bucket.numbers[k] <= from) {
                        return bucket.numbers[k];
                    }
                }
            } else if (child instanceof Object[] inner) {
                long found = previous(inner, shift - nodeShift, first + ((long) i << shift), from);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return -1;
    }

    /**
     * Bytes held by the tree: every part's data (its array header included, or its native bytes and its
     * {@link NativePart}), every Part record, bucket, interior node and the root, with HotSpot's 64-bit layout
     * (16-byte array headers, 4-byte compressed references), plus the leaves' overhead and the array's own
     * objects: the sum of {@link #bytesHeldByKind()}. Walks the tree: O(nodes). Zero after close.
     */
    public long bytesHeld() {
        long total = 0;
        for (long bytes : bytesHeldByKind().values()) {
            total += bytes;
        }
        return total;
    }

    /**
     * {@link #bytesHeld()} term by term, in a fixed order: {@code "part payload"} (the elements' bytes, on the
     * heap or off it), {@code "part headers"} (array headers and padding, or NativeParts), {@code "Part records"}
     * (lone parts above the bottom level), {@code "buckets"}, {@code "nodes"} (interior nodes and the root),
     * {@code "flat addresses"}, {@code "leaves overhead"} (native slabs' bookkeeping, released parts kept for
     * reuse) and {@code "array objects"}. Empty after close.
     */
    public java.util.Map<String, Long> bytesHeldByKind() {
        Level l = (Level) LEVEL.getAcquire(this); // acquire: pairs with the growth's compare-and-set
        java.util.Map<String, Long> kinds = new java.util.LinkedHashMap<>();
        if (l == null) {
            return kinds;
        }
        long[] sums = new long[KINDS];
        bytesBelow(l.root, l.topShift, sums);
        kinds.put("part payload", sums[PAYLOAD]);
        kinds.put("part headers", sums[HEADERS]);
        kinds.put("Part records", sums[RECORDS]);
        kinds.put("buckets", sums[BUCKETS]);
        kinds.put("nodes", sums[NODES]);
        kinds.put("flat addresses",
                flatAddresses == null ? 0 : HeapLeaves.ARRAY_HEADER_BYTES + 8L * flatAddresses.length);
        kinds.put("leaves overhead", leaves.overheadBytes());
        kinds.put("array objects", ARRAY_OBJECT_BYTES);
        return kinds;
    }

    private static final int PAYLOAD = 0;
    private static final int HEADERS = 1;
    private static final int RECORDS = 2;
    private static final int BUCKETS = 3;
    private static final int NODES = 4;
    private static final int KINDS = 5;

    private void bytesBelow(Object[] node, int shift, long[] sums) {
        sums[NODES] += nodeBytes(node);
        for (int i = 0; i < node.length; i++) {
            Object child = SLOTS.getAcquire(node, i); // acquire: see dataForWrite
            if (shift == 0) {
                if (child != null) {
                    addPart(child, sums); // bare data, no Part record
                }
            } else if (child instanceof Part part) {
                sums[RECORDS] += PART_BYTES;
                addPart(part.data, sums);
            } else if (child instanceof Bucket bucket) {
                sums[BUCKETS] += bucket.bytes();
                for (Object data : bucket.data) {
                    addPart(data, sums);
                }
            } else if (child instanceof Object[] inner) {
                bytesBelow(inner, shift - nodeShift, sums);
            }
        }
    }

    private void addPart(Object data, long[] sums) {
        long payload = leaves.payloadBytes(data);
        sums[PAYLOAD] += payload;
        sums[HEADERS] += leaves.footprint(data) - payload;
    }

    private static long nodeBytes(Object[] node) {
        return referenceArrayBytes(node.length);
    }

    private static long referenceArrayBytes(int length) {
        return HeapLeaves.ARRAY_HEADER_BYTES + ((length * ReferenceLeaves.REFERENCE_BYTES + 7) & ~7L);
    }

    /** The exception for a use after close. */
    public FlexArrayClosedException closed() {
        return new FlexArrayClosedException(description);
    }
}
