package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlexRefArrayTest {

    @Test
    void storedReferencesReadBackAndEverythingElseIsNull() {
        try (FlexRefArray<String> a = FlexRefArray.create(1L << 40)) {
            String s = "x";
            a.put(1L << 39, s);
            assertSame(s, a.get(1L << 39));
            assertNull(a.get((1L << 39) + 1));
            assertNull(a.get(5));
            assertEquals(1, a.partCount());
        }
    }

    @Test
    void readingAnAbsentPartAllocatesNothing() {
        try (FlexRefArray<Object> a = FlexRefArray.create(1L << 40)) {
            assertNull(a.get(12345));
            assertFalse(a.clear(12345));
            assertEquals(0, a.partsAllocated());
        }
    }

    @Test
    void shrinkFreesPartsWhoseSlotsAreAllNull() {
        try (FlexRefArray<Object> a = FlexRefArray.create(1L << 20, 64)) { // 8 per part
            a.put(0, "a");
            a.put(8, "b");
            a.clear(8);
            a.prealloc(100, 1);
            assertEquals(2, a.shrink());
            assertEquals("a", a.get(0));
            assertEquals(1, a.partCount());
        }
    }

    @Test
    void putsInAPreallocatedRangeNeverAllocate() {
        try (FlexRefArray<Long> a = FlexRefArray.create(1L << 40, 64)) {
            assertEquals(10, a.prealloc(80, 80));
            long allocated = a.partsAllocated();
            for (long i = 80; i < 160; i++) {
                a.put(i, i);
            }
            assertEquals(allocated, a.partsAllocated());
        }
    }

    @Test
    void aSmallArrayLivesInTheBase() {
        try (FlexRefArray<Object> a = FlexRefArray.create(512)) {
            assertEquals(1, a.partCount());
            assertEquals(0, a.freeParts());
            a.put(511, "z");
            assertEquals("z", a.get(511));
        }
    }

    @Test
    void errorsNameTheValues() {
        try (FlexRefArray<Object> a = FlexRefArray.create(16)) {
            assertEquals("index 16 out of range for capacity 16",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.get(16)).getMessage());
        }
        assertEquals("capacity 0 must be in [1, 2^62]",
                assertThrows(IllegalArgumentException.class, () -> FlexRefArray.create(0)).getMessage());
        FlexRefArray<Object> closed = FlexRefArray.create(1L << 30);
        closed.close();
        assertTrue(assertThrows(FlexArrayClosedException.class, () -> closed.put(1, "a")).getMessage()
                .contains("FlexRefArray[capacity=1073741824"));
    }
}
