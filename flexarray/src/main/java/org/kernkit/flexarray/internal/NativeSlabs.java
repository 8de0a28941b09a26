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
 * called through {@link Linker}) tied to its own shared {@link Arena}, whose close runs {@code munmap}.
 *
 * <pre>
 *  slab 0: [part|part|part|...|part]     16 parts      one mmap, one shared Arena
 *  slab 1: [part|part|...........|part]  32 parts      slabs double up to MAX_SLAB_PARTS parts (and at least one)
 *  ...     bump pointer in the newest slab; released parts go to their slab's free list and are reused first;
 *          a slab whose parts are all released is unmapped at once
 * </pre>
 *
 * <p>Why: one arena per part made closing an array of 10^6 parts 10^6 arena closes, each a handshake with every
 * Java thread (22 s measured), and the 4 KiB allocations came from malloc, whose freed memory stays resident
 * until {@code malloc_trim}. Slabs make it about 10^6 / 8192 handshakes, and {@code munmap} gives the memory back
 * to the system at once. An anonymous mapping costs no resident memory until a page is touched, so a slab's
 * unused tail costs nothing but address space; {@link #bytesTouched()} counts only parts handed out.
 *
 * <p>Where {@code mmap} cannot be found (not Linux), a slab is {@code Arena.allocate}d instead: zeroed, so
 * touched at once, and counted whole.
 *
 * <p>Racing readers: every part is a slice of its slab's segment, so it shares the slab arena's liveness. Once
 * the arena is closed (the slab unmapped), an access through a stale part throws {@link IllegalStateException}
 * (the closing handshake makes accesses in flight fail, too); it never reaches unmapped memory. A part released
 * to the free list of a live slab stays mapped: a reader racing {@code shrink}/{@code freeParts} (which need
 * exclusive access) could read a reused part's bytes, never freed memory.
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
     * free list, its segment, its shared Arena with session and cleanup, and the TreeMap entry (HotSpot 64-bit,
     * compressed oops; an estimate, checked against the heap measured after GC in the tests).
     */
    static final long SLAB_HEAP_BYTES = 480;
    /** Heap bytes per released part waiting in a free list: its segment object and the list's reference. */
    static final long FREE_PART_HEAP_BYTES = NativeLeaves.SEGMENT_OBJECT_BYTES + ReferenceLeaves.REFERENCE_BYTES;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;

    static {
        Linker linker = Linker.nativeLinker();
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            mmap = linker.defaultLookup().find("mmap").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_LONG))).orElse(null);
            munmap = linker.defaultLookup().find("munmap").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)))
                    .orElse(null);
        }
        MMAP = munmap == null ? null : mmap;
        MUNMAP = mmap == null ? null : munmap;
    }

    private final long bytesPerPart;
    /** Slabs by base address, for finding the slab of a released part. */
    private final TreeMap<Long, Slab> slabs = new TreeMap<>();
    /** Slabs holding released parts, reused first. */
    private final LinkedHashSet<Slab> withFreeParts = new LinkedHashSet<>();
    private Slab newest;
    private int nextSlabParts = FIRST_SLAB_PARTS;
    private long partsTouched;
    private long partsLive;

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
    synchronized MemorySegment allocate(boolean[] zeroed) {
        // Reuse before bumping: a released part is resident already, a bumped one is not yet.
        Slab slab = withFreeParts.isEmpty() ? null : withFreeParts.getFirst();
        if (slab != null) {
            MemorySegment part = slab.free.pop();
            if (slab.free.isEmpty()) {
                withFreeParts.removeFirst();
            }
            zeroed[0] = false;
            partsLive++;
            return part;
        }
        if (newest == null || newest.bumped == newest.parts) {
            newest = map(nextSlabParts);
            slabs.put(newest.memory.address(), newest);
            nextSlabParts = (int) Math.min(MAX_SLAB_PARTS, 2L * nextSlabParts);
        }
        zeroed[0] = true;
        partsLive++;
        partsTouched++;
        return newest.bump();
    }

    /** Gives {@code part} back; unmaps its slab when that was the slab's last live part. */
    synchronized void release(MemorySegment part) {
        Map.Entry<Long, Slab> entry = slabs.floorEntry(part.address());
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
            // Unmapped even when it is the newest: after freeParts every stale view throws (docs/flexarray.md).
            slabs.remove(entry.getKey());
            withFreeParts.remove(slab);
            if (slab == newest) {
                newest = null;
            }
            partsTouched -= slab.bumped;
            slab.arena.close(); // munmap: resident memory goes back now
        }
    }

    /** Unmaps every slab: every part, live or released, becomes inaccessible. */
    synchronized void close() {
        for (Slab slab : slabs.values()) {
            slab.arena.close();
        }
        slabs.clear();
        withFreeParts.clear();
        newest = null;
        partsTouched = 0;
        partsLive = 0;
    }

    /** Parts handed out and not released. */
    synchronized long liveParts() {
        return partsLive;
    }

    /**
     * Native bytes that are resident or may be: every part ever handed out by a slab still mapped (live, or
     * released and waiting for reuse); with arena-allocated slabs, whole slabs.
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

    /** Heap bytes of the slabs' bookkeeping (the parts' own segment objects are counted by the caller). */
    synchronized long bookkeepingBytes() {
        long bytes = 0;
        for (Slab slab : slabs.values()) {
            bytes += SLAB_HEAP_BYTES + FREE_PART_HEAP_BYTES * slab.free.size();
        }
        return bytes;
    }

    private Slab map(int parts) {
        long bytes = Math.multiplyExact(bytesPerPart, parts);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment memory;
            if (MMAP != null) {
                long address = (long) MMAP.invokeExact(0L, bytes, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
                if (address == -1L) {
                    throw new OutOfMemoryError("mmap of a " + bytes + "-byte slab for native parts failed");
                }
                memory = MemorySegment.ofAddress(address).reinterpret(bytes, arena, NativeSlabs::unmap);
            } else {
                memory = arena.allocate(bytes, Long.BYTES);
            }
            return new Slab(arena, memory, parts);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("mmap call failed", e);
        }
    }

    private static void unmap(MemorySegment memory) {
        try {
            int result = (int) MUNMAP.invokeExact(memory.address(), memory.byteSize());
            if (result != 0) {
                throw new IllegalStateException("munmap of " + memory.byteSize() + " bytes at 0x"
                        + Long.toHexString(memory.address()) + " failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("munmap call failed", e);
        }
    }

    /** One mapping: parts bumped from its start, released ones kept for reuse. */
    private final class Slab {
        final Arena arena;
        final MemorySegment memory;
        final int parts;
        final ArrayDeque<MemorySegment> free = new ArrayDeque<>();
        int bumped;

        Slab(Arena arena, MemorySegment memory, int parts) {
            this.arena = arena;
            this.memory = memory;
            this.parts = parts;
        }

        MemorySegment bump() {
            return memory.asSlice(bytesPerPart * bumped++, bytesPerPart);
        }
    }
}
