package org.kernkit.flexarray.internal;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Heap parts as primitive arrays of the element's width, so a typed access is a plain array load:
 * {@code long[]} for 8-byte elements, {@code int[]} for 4, {@code short[]} for 2, {@code byte[]} for any other size.
 * Byte access goes through {@link MemorySegment#ofArray}, in native byte order.
 */
public final class HeapLeaves implements Leaves {

    /** Bytes of an array header with compressed class pointers (HotSpot, 64-bit). */
    public static final long ARRAY_HEADER_BYTES = 16;

    private final int elementSize;
    private final int elements;
    private final byte fill;
    private final long fillLong;

    /**
     * @param elementSize bytes per element
     * @param elements    elements per part
     * @param fill        the fill byte
     */
    public HeapLeaves(int elementSize, int elements, byte fill) {
        this.elementSize = elementSize;
        this.elements = elements;
        this.fill = fill;
        this.fillLong = (fill & 0xffL) * 0x0101010101010101L;
        Math.multiplyExact(elementSize, elements); // a part's bytes must fit in an int
    }

    @Override
    public Object allocate() {
        return switch (elementSize) {
            case 8 -> {
                long[] leaf = new long[elements];
                if (fillLong != 0) {
                    Arrays.fill(leaf, fillLong);
                }
                yield leaf;
            }
            case 4 -> {
                int[] leaf = new int[elements];
                if (fillLong != 0) {
                    Arrays.fill(leaf, (int) fillLong);
                }
                yield leaf;
            }
            case 2 -> {
                short[] leaf = new short[elements];
                if (fillLong != 0) {
                    Arrays.fill(leaf, (short) fillLong);
                }
                yield leaf;
            }
            default -> {
                byte[] leaf = new byte[elements * elementSize];
                if (fillLong != 0) {
                    Arrays.fill(leaf, (byte) fillLong);
                }
                yield leaf;
            }
        };
    }

    @Override
    public Object[] newBottomNode(int slots) {
        return switch (elementSize) {
            case 8 -> new long[slots][];
            case 4 -> new int[slots][];
            case 2 -> new short[slots][];
            default -> new byte[slots][];
        };
    }

    @Override
    public boolean isVacant(Object leaf) {
        return FillPattern.matches(bytes(leaf), fill);
    }

    @Override
    public void release(Object leaf) {
        // The garbage collector reclaims the array once the tree no longer refers to it.
    }

    @Override
    public long footprint(Object leaf) {
        return ARRAY_HEADER_BYTES + ((bytes(leaf).byteSize() + 7) & ~7L);
    }

    @Override
    public long payloadBytes(Object leaf) {
        return switch (leaf) {
            case long[] a -> 8L * a.length;
            case int[] a -> 4L * a.length;
            case short[] a -> 2L * a.length;
            case byte[] a -> a.length;
            default -> throw new IllegalArgumentException("not a heap part: " + leaf.getClass().getName());
        };
    }

    @Override
    public MemorySegment bytes(Object leaf) {
        return switch (leaf) {
            case long[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalArgumentException("not a heap part: " + leaf.getClass().getName());
        };
    }
}
