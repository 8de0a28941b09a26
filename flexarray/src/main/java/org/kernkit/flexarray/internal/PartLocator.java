package org.kernkit.flexarray.internal;

/**
 * Maps an element index to its part and its slot inside the part, without a division on the hot path.
 *
 * <pre>
 *   index:  0 1 2 | 3 4 5 | 6 7 8 | ...        elementsPerPart = 3 (page 32, element 10: 2 bytes unused)
 *   part:   0     | 1     | 2     | ...        part = index / elementsPerPart
 *   slot:   0 1 2 | 0 1 2 | 0 1 2 | ...        slot = index - part * elementsPerPart
 * </pre>
 *
 * <p>When {@code elementsPerPart} is a power of two (always for 1-, 2-, 4- and 8-byte elements, since page sizes
 * are powers of two) the part is {@code index >>> shift}. Otherwise it is the high half of the 128-bit product
 * {@code index * magic} with {@code magic = floor((2^64 - 1) / elementsPerPart)}, corrected by at most one step:
 * {@code magic} lies in {@code (2^64/d - 1, 2^64/d]}, so for {@code index < 2^63} the estimate lies in
 * {@code (index/d - 1, index/d]}, i.e. it is the true quotient or one less. This is the kernel's 2011 change
 * ({@code reciprocal_divide}), made exact.
 */
public final class PartLocator {

    private final long elementsPerPart;
    private final int shift;
    private final long magic;

    /**
     * @param elementsPerPart elements in one part, at least 1
     */
    public PartLocator(long elementsPerPart) {
        if (elementsPerPart < 1) {
            throw new IllegalArgumentException("elementsPerPart " + elementsPerPart + " must be at least 1");
        }
        this.elementsPerPart = elementsPerPart;
        this.shift = Long.bitCount(elementsPerPart) == 1 ? Long.numberOfTrailingZeros(elementsPerPart) : -1;
        this.magic = Long.divideUnsigned(-1L, elementsPerPart);
    }

    /** Elements in one part. */
    public long elementsPerPart() {
        return elementsPerPart;
    }

    /** The shift that maps an index to its part, or -1 when elements per part is not a power of two. */
    public int shift() {
        return shift;
    }

    /** The part holding {@code index} ({@code 0 <= index < 2^63}). */
    public long partOf(long index) {
        if (shift >= 0) {
            return index >>> shift;
        }
        long part = Math.unsignedMultiplyHigh(index, magic);
        // One correction step: the estimate is the quotient or one less (see the class comment).
        if (index - part * elementsPerPart >= elementsPerPart) {
            part++;
        }
        return part;
    }

    /** The slot of {@code index} inside {@code part}, where {@code part == partOf(index)}. */
    public int slotOf(long index, long part) {
        return (int) (index - part * elementsPerPart);
    }

    /** The index of the first element of {@code part}. */
    public long firstIndexOf(long part) {
        return part * elementsPerPart;
    }
}
