package org.kernkit.flexarray.internal;

import java.lang.foreign.MemorySegment;

/**
 * Checks whether a part holds nothing but its fill byte, against one shared pattern per fill value: a part is
 * compared chunk by chunk with {@link MemorySegment#mismatch}, so no array allocates a page-sized pattern of its
 * own (with 2^30-byte pages that was 1 GiB per array at {@code build()}). The two patterns (zero and poison) are
 * {@link #CHUNK_BYTES} each, held once per JVM, and counted by no array.
 */
final class FillPattern {

    /** Bytes of a shared pattern; a part is compared in chunks of at most this much. */
    static final int CHUNK_BYTES = 4096;

    private static final MemorySegment ZEROS = pattern((byte) 0);
    private static final MemorySegment POISON = pattern((byte) 0x6c);

    private FillPattern() {
    }

    private static MemorySegment pattern(byte fill) {
        byte[] bytes = new byte[CHUNK_BYTES];
        java.util.Arrays.fill(bytes, fill);
        return MemorySegment.ofArray(bytes).asReadOnly();
    }

    /** Whether every byte of {@code bytes} equals {@code fill}. */
    static boolean matches(MemorySegment bytes, byte fill) {
        MemorySegment pattern = fill == 0 ? ZEROS : fill == 0x6c ? POISON : pattern(fill);
        long size = bytes.byteSize();
        for (long offset = 0; offset < size; offset += CHUNK_BYTES) {
            long n = Math.min(CHUNK_BYTES, size - offset);
            if (MemorySegment.mismatch(bytes, offset, offset + n, pattern, 0, n) != -1) {
                return false;
            }
        }
        return true;
    }
}
