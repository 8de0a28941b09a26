package org.kernkit.flexarray;

/** The byte a new part is filled with, and the byte {@code clear} writes. */
public enum Fill {
    /** The kernel's {@code FLEX_ARRAY_FREE} poison byte {@code 0x6c}: unwritten elements are easy to spot. */
    POISON((byte) 0x6c),
    /** Zero bytes, as the kernel's {@code __GFP_ZERO}. */
    ZERO((byte) 0);

    private final byte value;

    Fill(byte value) {
        this.value = value;
    }

    /**
     * The fill byte.
     *
     * @return {@code 0x6c} for {@link #POISON}, 0 for {@link #ZERO}
     */
    public byte value() {
        return value;
    }

    /**
     * The fill byte repeated in every byte of a {@code long}.
     *
     * @return the fill pattern an absent 8-byte element reads as
     */
    public long asLong() {
        return (value & 0xffL) * 0x0101010101010101L;
    }
}
