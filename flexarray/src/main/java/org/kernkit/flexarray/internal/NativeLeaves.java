package org.kernkit.flexarray.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Off-heap parts, each a {@link MemorySegment} from its own shared {@link Arena}: releasing a part closes its
 * arena, so the memory goes back at once and any later access through a stale view throws
 * {@link IllegalStateException} rather than touching freed memory.
 *
 * <p>The arena of each live part is kept in a map keyed by its segment (segments of live native allocations
 * never compare equal); the map is touched only on the slow paths (allocate, release).
 */
public final class NativeLeaves implements Leaves {

    private final long bytesPerPart;
    private final byte fill;
    private final ConcurrentHashMap<MemorySegment, Arena> arenas = new ConcurrentHashMap<>();

    /**
     * @param bytesPerPart bytes in one part
     * @param fill         the fill byte
     */
    public NativeLeaves(long bytesPerPart, byte fill) {
        this.bytesPerPart = bytesPerPart;
        this.fill = fill;
    }

    @Override
    public Object allocate() {
        Arena arena = Arena.ofShared();
        MemorySegment part;
        try {
            part = arena.allocate(bytesPerPart, Long.BYTES);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
        // Arena.allocate zeroes; only the poison fill needs a second pass.
        if (fill != 0) {
            part.fill(fill);
        }
        arenas.put(part, arena);
        return part;
    }

    @Override
    public boolean isVacant(Object leaf) {
        MemorySegment part = (MemorySegment) leaf;
        long size = part.byteSize();
        long offset = 0;
        long pattern = (fill & 0xffL) * 0x0101010101010101L;
        for (; offset + Long.BYTES <= size; offset += Long.BYTES) {
            if (part.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, offset) != pattern) {
                return false;
            }
        }
        for (; offset < size; offset++) {
            if (part.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset) != fill) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void release(Object leaf) {
        Arena arena = arenas.remove((MemorySegment) leaf);
        if (arena != null) {
            arena.close();
        }
    }

    @Override
    public long footprint(Object leaf) {
        return ((MemorySegment) leaf).byteSize();
    }

    @Override
    public MemorySegment bytes(Object leaf) {
        return (MemorySegment) leaf;
    }

    /** Parts currently allocated and not yet released. */
    public int liveParts() {
        return arenas.size();
    }
}
