package org.kernkit.flexarray.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Off-heap memory for the parts of one array, cut from slabs: each slab is one anonymous {@code mmap} (Linux,
 * called through {@link Linker}); all slabs of an array belong to one shared {@link Arena}, whose close runs
 * {@code munmap} on each.
 *
 * <pre>
 *  arena (one per array, shared) --- slab 0: [part|part|...|part]     16 parts      one mmap each
 *                                `-- slab 1: [part|part|......|part]  32 parts      doubling up to MAX_SLAB_PARTS
 *                                `-- ...
 *  bump pointer in the newest slab; released parts go to their slab's free list and are reused first;
 *  a slab whose parts are all released is given back to the system with madvise(MADV_DONTNEED) and reused
 * </pre>
 *
 * <p>Why: one arena per part made closing an array of 10^6 parts 10^6 arena closes, each a handshake with every
 * Java thread (22 s measured), and the 4 KiB allocations came from malloc, whose freed memory stays resident
 * until {@code malloc_trim}. Here close is one handshake and one {@code munmap} per slab, which gives the memory
 * back at once. An anonymous mapping costs no resident memory until a page is touched, so a slab's unused tail
 * costs only address space; {@link #bytesTouched()} counts only the parts handed out.
 *
 * <p>Racing readers: every part is read through the arena's one segment over all of memory ({@link #allMemory()})
 * at its address, or through a slice of that segment, so it shares the arena's liveness. Closing
 * the arena (the array's close) makes every access through a stale part throw {@link IllegalStateException},
 * those in flight included (the close handshake), before any slab is unmapped; no access reaches unmapped
 * memory. Before close nothing is unmapped: a part released by {@code shrink}/{@code freeParts} (which need
 * exclusive access) stays mapped, so a stale view reads zeros (a slab given back with {@code MADV_DONTNEED}
 * reads as fresh zero pages) or the bytes of whatever part reuses it, never freed memory.
 *
 * <p>Where {@code mmap} cannot be found (not Linux), a slab is {@code Arena.allocate}d instead: zeroed, so
 * touched at once, counted whole, and kept for reuse when its parts are released.
 *
 * <p>Thread safety: allocation and release take this object's lock; the slab path is the slow path of an install
 * (a page fill follows), and lookups never come here.
 */
final class NativeSlabs {

    /** Most parts in one slab: 32 MiB of 4 KiB parts. */
    static final int MAX_SLAB_PARTS = 8192;
    /** Parts in the first slab; each later slab doubles, so a small array maps little. */
    static final int FIRST_SLAB_PARTS = 16;
    /**
     * Heap bytes of one slab's bookkeeping, counted by {@link #bookkeepingBytes()}: the Slab object, its empty
     * free list, its segment and cleanup, the arena's resource-list entry, the TreeMap entry; and, once per
     * array, the arena and its session (HotSpot 64-bit, compressed oops; an estimate, checked against the heap
     * measured after GC in the tests).
     */
    static final long SLAB_HEAP_BYTES = 480;
    /** Heap bytes per released part waiting in a free list: its segment object and the list's reference. */
    static final long FREE_PART_HEAP_BYTES = NativePart.OBJECT_BYTES + ReferenceLeaves.REFERENCE_BYTES;
    /** Heap bytes of the one segment over all of memory (a {@code NativeMemorySegmentImpl}), once per array. */
    static final long ALL_MEMORY_SEGMENT_BYTES = 40;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_DONTNEED = 4;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            mmap = downcall("mmap", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG));
            munmap = downcall("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG));
            madvise = downcall("madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        }
        boolean all = mmap != null && munmap != null && madvise != null;
        MMAP = all ? mmap : null;
        MUNMAP = all ? munmap : null;
        MADVISE = all ? madvise : null;
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address, descriptor))
                .orElse(null);
    }

    private final long bytesPerPart;
    /** Created with the first slab; closing it unmaps every slab. */
    private Arena arena;
    /** Slabs by base address, for finding the slab of a released part. */
    private final TreeMap<Long, Slab> slabs = new TreeMap<>();
    /** Slabs holding released parts, reused first. */
    private final LinkedHashSet<Slab> withFreeParts = new LinkedHashSet<>();
    /** Slabs given back with MADV_DONTNEED (or emptied), reused before a new one is mapped. */
    private final ArrayDeque<Slab> emptied = new ArrayDeque<>();
    private Slab newest;
    private int nextSlabParts = FIRST_SLAB_PARTS;
    private long partsTouched;
    private long partsLive;
    /** The segment of {@link #allMemory()}, made once (counted by {@link #bookkeepingBytes()}); null before. */
    private MemorySegment allMemory;

    /** @param bytesPerPart bytes in one part, at least 1 */
    NativeSlabs(long bytesPerPart) {
        this.bytesPerPart = bytesPerPart;
    }

    /** Whether slabs are mapped with {@code mmap} (else allocated zeroed from an arena). */
    static boolean mapsSlabs() {
        return MMAP != null;
    }

    /**
     * A part of {@code bytesPerPart} bytes, 8-byte aligned; its bytes are zero when {@code zeroed[0]} is set on
     * return (fresh from the mapping), else they hold what a released part held.
     *
     * @throws OutOfMemoryError if a new slab cannot be mapped (nothing is changed)
     */
    synchronized NativePart allocate(boolean[] zeroed) {
        // Reuse before bumping: a released part is resident already, a bumped one is not yet.
        Slab slab = withFreeParts.isEmpty() ? null : withFreeParts.getFirst();
        if (slab != null) {
            NativePart part = slab.free.pop();
            if (slab.free.isEmpty()) {
                withFreeParts.removeFirst();
            }
            zeroed[0] = false;
            partsLive++;
            return part;
        }
        if (newest == null || newest.bumped == newest.parts) {
            newest = emptied.isEmpty() ? map(nextSlabParts) : emptied.pop();
            if (newest.bumped == 0 && !slabs.containsKey(newest.memory.address())) {
                slabs.put(newest.memory.address(), newest);
                nextSlabParts = (int) Math.min(MAX_SLAB_PARTS, 2L * nextSlabParts);
            }
        }
        zeroed[0] = MMAP != null || !newest.reused;
        partsLive++;
        partsTouched++;
        return newest.bump();
    }

    /** Gives {@code part} back; when it was its slab's last live part, the slab's pages go back to the system. */
    synchronized void release(NativePart part) {
        Map.Entry<Long, Slab> entry = slabs.floorEntry(part.address);
        if (entry == null) {
            throw new IllegalArgumentException("not a part of these slabs: " + part);
        }
        Slab slab = entry.getValue();
        if (slab.free.isEmpty()) {
            withFreeParts.add(slab);
        }
        slab.free.push(part);
        partsLive--;
        if (slab.free.size() == slab.bumped) {
            withFreeParts.remove(slab);
            partsTouched -= slab.bumped;
            slab.free.clear();
            slab.bumped = 0;
            slab.reused = true;
            giveBack(slab.memory);
            if (slab == newest) {
                newest = null;
            }
            emptied.push(slab);
        }
    }

    /**
     * A segment over all of memory whose liveness is the arena's, so that a part can be read through its
     * address alone (no segment object on the lookup path). Memory-safe because every part's address stays
     * mapped until the arena closes (see the class comment), and after that every access through this segment
     * throws {@link IllegalStateException}, those in flight included.
     */
    synchronized MemorySegment allMemory() {
        if (arena == null) {
            arena = Arena.ofShared();
        }
        if (allMemory == null) {
            allMemory = MemorySegment.NULL.reinterpret(Long.MAX_VALUE, arena, null);
        }
        return allMemory;
    }

    /** Closes the arena: every part, live or released, becomes inaccessible, then every slab is unmapped. */
    synchronized void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
        slabs.clear();
        withFreeParts.clear();
        emptied.clear();
        newest = null;
        partsTouched = 0;
        partsLive = 0;
    }

    /** Parts handed out and not released. */
    synchronized long liveParts() {
        return partsLive;
    }

    /**
     * Native bytes that are resident or may be: every part handed out since its slab was last given back (live,
     * or released and waiting for reuse); with arena-allocated slabs, whole slabs.
     */
    synchronized long bytesTouched() {
        if (MMAP != null) {
            return partsTouched * bytesPerPart;
        }
        long bytes = 0;
        for (Slab slab : slabs.values()) {
            bytes += slab.memory.byteSize();
        }
        return bytes;
    }

    /** Heap bytes of the slabs' bookkeeping (the live parts' own segment objects are counted by the caller). */
    synchronized long bookkeepingBytes() {
        long bytes = allMemory != null ? ALL_MEMORY_SEGMENT_BYTES : 0;
        for (Slab slab : slabs.values()) {
            bytes += SLAB_HEAP_BYTES + FREE_PART_HEAP_BYTES * slab.free.size();
        }
        return bytes;
    }

    private Slab map(int parts) {
        long bytes = Math.multiplyExact(bytesPerPart, parts);
        if (arena == null) {
            arena = Arena.ofShared();
        }
        if (MMAP == null) {
            return new Slab(arena.allocate(bytes, Long.BYTES), parts);
        }
        long address;
        try {
            address = (long) MMAP.invokeExact(0L, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("mmap call failed", e);
        }
        if (address == -1L) {
            throw new OutOfMemoryError("mmap of a " + bytes + "-byte slab for native parts failed");
        }
        return new Slab(MemorySegment.ofAddress(address).reinterpret(bytes, arena, NativeSlabs::unmap), parts);
    }

    /** Drops a slab's pages (MADV_DONTNEED: resident memory back now; the mapping reads as zeros again). */
    private static void giveBack(MemorySegment memory) {
        if (MADVISE == null) {
            return;
        }
        int result;
        try {
            result = (int) MADVISE.invokeExact(memory.address(), memory.byteSize(), MADV_DONTNEED);
        } catch (Throwable e) {
            throw new IllegalStateException("madvise call failed", e);
        }
        if (result != 0) {
            throw new IllegalStateException("madvise(MADV_DONTNEED) of " + memory.byteSize() + " bytes at 0x"
                    + Long.toHexString(memory.address()) + " failed");
        }
    }

    private static void unmap(MemorySegment memory) {
        int result;
        try {
            result = (int) MUNMAP.invokeExact(memory.address(), memory.byteSize());
        } catch (Throwable e) {
            throw new IllegalStateException("munmap call failed", e);
        }
        if (result != 0) {
            throw new IllegalStateException("munmap of " + memory.byteSize() + " bytes at 0x"
                    + Long.toHexString(memory.address()) + " failed");
        }
    }

    /** One mapping: parts bumped from its start, released ones kept for reuse. */
    private final class Slab {
        final MemorySegment memory;
        final int parts;
        final ArrayDeque<NativePart> free = new ArrayDeque<>();
        int bumped;
        /** Emptied once already: without mmap its bytes are not zero any more. */
        boolean reused;

        Slab(MemorySegment memory, int parts) {
            this.memory = memory;
            this.parts = parts;
        }

        NativePart bump() {
            return new NativePart(memory.address() + bytesPerPart * bumped++);
        }
    }
}
