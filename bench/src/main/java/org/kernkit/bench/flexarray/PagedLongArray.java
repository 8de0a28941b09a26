package org.kernkit.bench.flexarray;

/**
 * The Elasticsearch {@code BigArrays} design in miniature, as a peer: 16 KiB pages of longs ({@code long[2048]}),
 * all allocated up front, heap only. Not a library type: the bench's model of that design.
 */
final class PagedLongArray {
    static final int PAGE_SHIFT = 11; // 2048 longs = 16 KiB
    static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;

    private final long[][] pages;

    PagedLongArray(long size) {
        int count = (int) ((size + PAGE_MASK) >>> PAGE_SHIFT);
        pages = new long[count][];
        for (int i = 0; i < count; i++) {
            pages[i] = new long[1 << PAGE_SHIFT];
        }
    }

    long get(long index) {
        return pages[(int) (index >>> PAGE_SHIFT)][(int) (index & PAGE_MASK)];
    }

    void set(long index, long value) {
        pages[(int) (index >>> PAGE_SHIFT)][(int) (index & PAGE_MASK)] = value;
    }

    long sum() {
        long sum = 0;
        for (long[] page : pages) {
            for (long v : page) {
                sum += v;
            }
        }
        return sum;
    }
}
