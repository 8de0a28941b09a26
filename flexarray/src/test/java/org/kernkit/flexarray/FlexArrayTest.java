package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PrimitiveIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.kernkit.flexarray.internal.NativeLeaves;
import org.kernkit.flexarray.internal.PartTree;

class FlexArrayTest {

    private static FlexArray array(Storage storage, int elementSize, long capacity, int pageSize) {
        return FlexArray.builder().elementSize(elementSize).capacity(capacity).pageSize(pageSize).storage(storage)
                .build();
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private static byte[] filled(int size, byte value) {
        byte[] b = new byte[size];
        Arrays.fill(b, value);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void unwrittenElementOfAPresentPartReadsAsPoison(Storage storage) {
        try (FlexArray a = array(storage, 12, 1000, 64)) {
            a.put(0, bytes(12, 1));
            assertArrayEquals(filled(12, (byte) 0x6c), a.getCopy(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void zeroFillMakesNewPartsReadAsZero(Storage storage) {
        try (FlexArray a = FlexArray.builder().elementSize(12).capacity(1000).pageSize(64).storage(storage)
                .fill(Fill.ZERO).build()) {
            a.put(0, bytes(12, 1));
            assertArrayEquals(new byte[12], a.getCopy(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void getOfAnAbsentPartReturnsNullAndAllocatesNothing(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) {
            assertNull(a.get(12345));
            assertNull(a.getCopy(1L << 39));
            assertFalse(a.get(7, new byte[8], 0));
            assertEquals(0, a.partCount());
            assertEquals(0, a.partsAllocated());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void typedGetOfAnAbsentPartReturnsTheFillPatternWithoutAllocating(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) {
            assertEquals(0x6c6c6c6c6c6c6c6cL, a.getLong(99));
            assertEquals(0, a.partsAllocated());
        }
        try (FlexArray a = FlexArray.builder().elementSize(4).capacity(1L << 33).storage(storage).fill(Fill.ZERO)
                .build()) {
            assertEquals(0, a.getInt(99));
            assertEquals(0, a.partsAllocated());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void putAllocatesTheElementsPartOnlyOnce(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) {
            a.putLong(1000, 1);
            a.putLong(1001, 2);
            a.put(1002, bytes(8, 3));
            assertEquals(1, a.partCount());
            assertEquals(1, a.partsAllocated());
            assertEquals(1, a.getLong(1000));
            assertEquals(2, a.getLong(1001));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void anElementNeverSpansTwoParts(Storage storage) {
        // 64-byte pages, 24-byte elements: two per part, 16 bytes of each page unused.
        try (FlexArray a = array(storage, 24, 100, 64)) {
            assertEquals(2, a.elementsPerPart());
            a.put(1, bytes(24, 1));
            assertEquals(1, a.partCount());
            a.put(2, bytes(24, 2));
            assertEquals(2, a.partCount());
            assertEquals(1, a.partOf(2));
            assertEquals(0, a.get(2).address() - a.get(2).address()); // the view is one contiguous segment
            assertEquals(24, a.get(2).byteSize());
            assertArrayEquals(bytes(24, 1), a.getCopy(1));
            assertArrayEquals(bytes(24, 2), a.getCopy(2));
        }
    }

    @Test
    void nonPowerOfTwoElementsPerPartMapIndexesByExactDivision() {
        try (FlexArray a = array(Storage.HEAP, 3, 1L << 40, 4096)) { // 1365 elements per part
            for (long index : new long[] {0, 1364, 1365, 1366, (1L << 40) - 1, 1365L * 1000000 - 1, 1365L * 1000000}) {
                assertEquals(index / 1365, a.partOf(index), "part of " + index);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void clearWritesTheFillByteAndFreesNothing(Storage storage) {
        try (FlexArray a = array(storage, 16, 1000, 256)) {
            a.put(5, bytes(16, 9));
            assertTrue(a.clear(5));
            assertArrayEquals(filled(16, (byte) 0x6c), a.getCopy(5));
            assertEquals(1, a.partCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void clearOfAnAbsentPartReportsFalseAndAllocatesNothing(Storage storage) {
        try (FlexArray a = array(storage, 16, 1000, 256)) {
            assertFalse(a.clear(5));
            assertEquals(0, a.partsAllocated());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void shrinkFreesExactlyThePartsHoldingOnlyTheFillAndReturnsTheirCount(Storage storage) {
        try (FlexArray a = array(storage, 8, 10_000, 256)) { // 32 elements per part
            a.putLong(0, 1);                       // part 0: data
            a.putLong(40, 0x6c6c6c6c6c6c6c6cL);    // part 1: poison written explicitly
            a.putLong(100, 7);                     // part 3: cleared below
            a.clear(100);
            a.prealloc(200, 1);                    // part 6: never written
            assertEquals(4, a.partCount());
            assertEquals(3, a.shrink());
            assertEquals(1, a.partCount());
            assertEquals(1, a.getLong(0));
            assertNull(a.get(40));
            assertEquals(0, a.shrink());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void putsInAPreallocatedRangeNeverAllocate(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 512)) { // 64 elements per part
            long start = (1L << 35) + 17;
            long count = 64 * 50 + 5;
            assertEquals(51, a.prealloc(start, count)); // slots 17 .. 17 + 3204 of 64-element parts
            long allocated = a.partsAllocated();
            for (long i = start; i < start + count; i++) {
                a.putLong(i, i);
            }
            for (long i = start; i < start + count; i += 7) {
                a.put(i, bytes(8, (int) i));
            }
            assertEquals(allocated, a.partsAllocated());
            assertEquals(51, a.partCount());
            assertEquals(0, a.prealloc(start, count));
        }
    }

    @Test
    void preallocPastTheEndFailsAndAllocatesNothing() {
        try (FlexArray a = array(Storage.HEAP, 8, 1000, 64)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.prealloc(990, 20));
            assertEquals("range [990, 990 + 20) out of range for capacity 1000", e.getMessage());
            assertEquals(0, a.partsAllocated());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aSmallArrayLivesInTheBaseAndIsNeverAbsentOrFreed(Storage storage) {
        try (FlexArray a = array(storage, 8, 512, 4096)) {
            assertTrue(a.isSmall());
            assertEquals(1, a.partCount());
            assertNotNull(a.get(511));
            assertEquals(0x6c6c6c6c6c6c6c6cL, a.getLong(3));
            assertEquals(0, a.shrink());
            assertEquals(0, a.freeParts());
            assertNotNull(a.get(0));
            a.putLong(511, 5);
            assertEquals(5, a.getLong(511));
            assertEquals(0, a.prealloc(0, 512));
            assertEquals(1, a.partsAllocated());
        }
        try (FlexArray a = array(storage, 8, 513, 4096)) {
            assertFalse(a.isSmall());
            assertEquals(0, a.partCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void freePartsDropsEveryPartAndTheArrayStaysUsable(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 30, 4096)) {
            for (long i = 0; i < 10; i++) {
                a.putLong(i * 100_000, i);
            }
            assertEquals(10, a.freeParts());
            assertEquals(0, a.partCount());
            assertNull(a.get(0));
            a.putLong(0, 3);
            assertEquals(3, a.getLong(0));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void everyOperationAfterCloseThrowsTheClosedException(Storage storage) {
        FlexArray a = array(storage, 8, 1L << 20, 4096);
        a.putLong(1, 1);
        a.close();
        a.close(); // idempotent
        assertTrue(a.isClosed());
        FlexArrayClosedException e = assertThrows(FlexArrayClosedException.class, () -> a.getLong(1));
        assertTrue(e.getMessage().contains("capacity=1048576") && e.getMessage().endsWith("is closed"), e.getMessage());
        assertThrows(FlexArrayClosedException.class, () -> a.putLong(1, 2));
        assertThrows(FlexArrayClosedException.class, () -> a.get(1));
        assertThrows(FlexArrayClosedException.class, () -> a.put(1, new byte[8]));
        assertThrows(FlexArrayClosedException.class, () -> a.prealloc(0, 1));
        assertThrows(FlexArrayClosedException.class, a::shrink);
        assertThrows(FlexArrayClosedException.class, a::freeParts);
        assertThrows(FlexArrayClosedException.class, () -> a.nextPresentPart(0));
        assertEquals(0, a.bytesHeld());
    }

    @Test
    void aViewOfAFreedNativePartReadsMappedZerosUntilCloseThenThrows() {
        FlexArray a = array(Storage.NATIVE, 8, 1L << 20, 4096);
        a.putLong(1, 1);
        MemorySegment view = a.get(1);
        a.freeParts();
        // Its slab is given back to the system (MADV_DONTNEED) but stays mapped until close: fresh zero pages.
        assertEquals(0, view.get(ValueLayout.JAVA_LONG, 0));
        a.close();
        assertThrows(IllegalStateException.class, () -> view.get(ValueLayout.JAVA_LONG, 0));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aCursorPeeksWithoutMovingAndReadsTheElementItStandsOn(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) {
            a.putLong(1000, 7);
            a.putDouble(1L << 35, 2.5);
            FlexArray.Cursor cursor = a.cursor(1000);
            assertThrows(IllegalStateException.class, cursor::index);
            assertEquals(1000, cursor.peek());
            assertEquals(1000, cursor.next());
            assertEquals(7, cursor.longValue());
            assertEquals(1001, cursor.peek());
            cursor.value().set(ValueLayout.JAVA_LONG, 0, 8); // writes through
            assertEquals(8, a.getLong(1000));
            FlexArray.Cursor last = a.cursor((1L << 35) + 511);
            assertEquals((1L << 35) + 511, last.next());
            assertFalse(last.hasNext());
            assertThrows(java.util.NoSuchElementException.class, last::peek);
            FlexArray.Cursor far = a.cursor(1024);
            assertEquals(1L << 35, far.next());
            assertEquals(2.5, Double.longBitsToDouble(far.longValue()));
        }
    }

    @Test
    void anIndexOutOfRangeIsRejectedNamingIndexAndCapacity() {
        try (FlexArray a = array(Storage.HEAP, 8, 16, 4096)) {
            assertEquals("index 17 out of range for capacity 16",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.getLong(17)).getMessage());
            assertEquals("index -1 out of range for capacity 16",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.put(-1, new byte[8])).getMessage());
            assertEquals("index 16 out of range for capacity 16",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.get(16)).getMessage());
        }
    }

    @Test
    void aSourceOfTheWrongLengthIsRejectedAndNothingIsWritten() {
        try (FlexArray a = array(Storage.HEAP, 8, 1L << 20, 4096)) {
            assertEquals("source length 7 != element size 8",
                    assertThrows(IllegalArgumentException.class, () -> a.put(3, new byte[7])).getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.put(3, ByteBuffer.allocate(9)));
            assertThrows(IllegalArgumentException.class, () -> a.put(3, MemorySegment.ofArray(new byte[1])));
            assertEquals(0, a.partsAllocated());
        }
    }

    @Test
    void aTypedAccessOfTheWrongWidthIsRejected() {
        try (FlexArray a = array(Storage.HEAP, 4, 1L << 20, 4096)) {
            assertEquals("typed access of 8-byte values on an array of 4-byte elements",
                    assertThrows(IllegalArgumentException.class, () -> a.getLong(0)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> a.putShort(0, (short) 1));
            assertThrows(IllegalArgumentException.class, () -> a.getByte(0));
        }
    }

    @Test
    void invalidShapesAreRejectedNamingTheValue() {
        assertEquals("element size 5000 exceeds page size 4096", assertThrows(IllegalArgumentException.class,
                () -> FlexArray.builder().elementSize(5000).capacity(10).build()).getMessage());
        assertEquals("element size 0 must be at least 1", assertThrows(IllegalArgumentException.class,
                () -> FlexArray.builder().elementSize(0).capacity(10).build()).getMessage());
        assertEquals("page size 1000 must be a power of two in [8, 1073741824]",
                assertThrows(IllegalArgumentException.class,
                        () -> FlexArray.builder().elementSize(8).capacity(10).pageSize(1000).build()).getMessage());
        assertEquals("capacity 4611686018427387905 must be in [1, 2^62]", assertThrows(IllegalArgumentException.class,
                () -> FlexArray.builder().elementSize(1).capacity((1L << 62) + 1).build()).getMessage());
        assertTrue(FlexArray.builder().elementSize(1).build().isGrowable(), "no capacity: growable");
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void theLargestCapacityIsUsableAtBothEnds(Storage storage) {
        try (FlexArray a = array(storage, 1, 1L << 62, 4096)) {
            a.putByte((1L << 62) - 1, (byte) 7);
            a.putByte(0, (byte) 8);
            assertEquals(7, a.getByte((1L << 62) - 1));
            assertEquals(8, a.getByte(0));
            assertEquals(2, a.partCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void typedValuesUseNativeByteOrderOnBothStorages(Storage storage) {
        try (FlexArray longs = array(storage, 8, 1L << 33, 4096);
             FlexArray ints = array(storage, 4, 1L << 33, 4096);
             FlexArray shorts = array(storage, 2, 1L << 33, 4096)) {
            long at = (1L << 32) + 5;
            longs.putLong(at, 0x0102030405060708L);
            ints.putInt(at, 0x01020304);
            shorts.putShort(at, (short) 0x0102);
            ByteOrder order = ByteOrder.nativeOrder();
            assertEquals(0x0102030405060708L, ByteBuffer.wrap(longs.getCopy(at)).order(order).getLong());
            assertEquals(0x01020304, ByteBuffer.wrap(ints.getCopy(at)).order(order).getInt());
            assertEquals((short) 0x0102, ByteBuffer.wrap(shorts.getCopy(at)).order(order).getShort());
            ints.put(at + 1, ByteBuffer.allocate(4).order(order).putInt(0, 99));
            assertEquals(99, ints.getInt(at + 1));
        }
    }

    @Test
    void putFromAByteBufferConsumesExactlyOneElement() {
        try (FlexArray a = array(Storage.HEAP, 4, 100, 4096)) {
            ByteBuffer src = ByteBuffer.allocate(8);
            src.limit(4);
            a.put(1, src);
            assertEquals(4, src.position());
        }
    }

    @Test
    void putFromAMemorySegmentCopiesIt() {
        try (FlexArray a = array(Storage.NATIVE, 5, 1L << 40, 4096); Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(5);
            src.copyFrom(MemorySegment.ofArray(bytes(5, 4)));
            a.put(1L << 39, src);
            assertArrayEquals(bytes(5, 4), a.getCopy(1L << 39));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aViewWritesThrough(Storage storage) {
        try (FlexArray a = array(storage, 8, 1000, 64)) {
            a.putLong(9, 1);
            a.get(9).set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 42);
            assertEquals(42, a.getLong(9));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void bulkGetLongsCopiesAcrossPartsAndFillsAbsentOnes(Storage storage) {
        try (FlexArray a = array(storage, 8, 10_000, 64)) { // 8 per part
            for (long i = 0; i < 40; i++) {
                if (i / 8 != 2) {
                    a.putLong(i, i);
                }
            }
            long[] dst = new long[40];
            a.getLongs(3, dst, 2, 37);
            for (int i = 0; i < 37; i++) {
                long index = 3 + i;
                assertEquals(index / 8 == 2 ? 0x6c6c6c6c6c6c6c6cL : index, dst[2 + i], "index " + index);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void presentPartsAreFoundForwardAndBackward(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) { // 512 per part
            long[] parts = {3, 700, 1L << 20, (1L << 31) - 1};
            for (long p : parts) {
                a.putLong(p * 512 + 1, p);
            }
            List<Long> forward = new ArrayList<>();
            for (long p = a.nextPresentPart(0); p >= 0; p = a.nextPresentPart(p + 1)) {
                forward.add(p);
            }
            assertEquals(List.of(3L, 700L, 1L << 20, (1L << 31) - 1), forward);
            List<Long> backward = new ArrayList<>();
            for (long p = a.previousPresentPart(Long.MAX_VALUE); p >= 0; p = a.previousPresentPart(p - 1)) {
                backward.add(p);
            }
            assertEquals(List.of((1L << 31) - 1, 1L << 20, 700L, 3L), backward);
            assertEquals(700, a.nextPresentPart(4));
            assertEquals(3, a.previousPresentPart(699));
            assertEquals(-1, a.previousPresentPart(2));
        }
    }

    @Test
    void presentIndexesVisitEveryElementOfPresentPartsFromAnIndexInBothDirections() {
        try (FlexArray a = array(Storage.HEAP, 8, 100, 32)) { // 4 per part, 25 parts
            a.putLong(5, 1);   // part 1: 4..7
            a.putLong(99, 1);  // part 24: 96..99
            assertEquals(List.of(6L, 7L, 96L, 97L, 98L, 99L), drain(a.presentIndexes(6)));
            assertEquals(List.of(4L, 5L, 6L, 7L, 96L, 97L, 98L, 99L), drain(a.presentIndexes(0)));
            assertEquals(List.of(), drain(a.presentIndexes(100)));
            assertEquals(List.of(97L, 96L, 7L, 6L, 5L, 4L), drain(a.presentIndexesDescending(97)));
            assertEquals(List.of(7L, 6L, 5L, 4L), drain(a.presentIndexesDescending(50)));
        }
    }

    private static List<Long> drain(PrimitiveIterator.OfLong it) {
        List<Long> out = new ArrayList<>();
        it.forEachRemaining((long v) -> out.add(v));
        return out;
    }

    @Test
    void bytesHeldOfADenseArrayIsItsPartsPlusNodes() {
        // 64-byte pages: 8 elements per part, interior nodes of 8 slots (48 bytes).
        try (FlexArray a = array(Storage.HEAP, 8, 8L << 17, 64)) { // 2^17 parts: depth 6, root 4 slots
            assertEquals(6, a.treeDepth());
            a.prealloc(0, a.capacity());
            long parts = (1L << 17) * (16 + 64); // array header, data: bare at the bottom, no Part record
            long nodes = ((1L << 14) + (1L << 11) + (1L << 8) + (1L << 5) + (1L << 2)) * (16 + 8 * 4);
            long root = 16 + 4 * 4;
            assertEquals(PartTree.ARRAY_OBJECT_BYTES + parts + nodes + root, a.bytesHeld());
        }
        try (FlexArray a = array(Storage.HEAP, 8, 8L << 16, 64)) { // 2^16 parts: the root holds them all
            assertEquals(1, a.treeDepth());
            a.prealloc(0, a.capacity());
            long parts = (1L << 16) * (16 + 64);
            long root = 16 + (1L << 16) * 4;
            assertEquals(PartTree.ARRAY_OBJECT_BYTES + parts + root, a.bytesHeld());
        }
    }

    @Test
    void aLonePartStaysHighInTheTreeAndCostsOnlyASmallRecord() {
        try (FlexArray a = array(Storage.HEAP, 8, 1L << 40, 4096)) { // 2^31 parts, depth 4, root 16 slots
            assertEquals(4, a.treeDepth());
            long empty = a.bytesHeld();
            assertEquals(PartTree.ARRAY_OBJECT_BYTES + 16 + 16 * 4, empty);
            a.putLong(123_456_789_012L, 1);
            assertEquals(empty + 24 + 16 + 4096, a.bytesHeld());
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void twoPartsUnderOneSlotBothSurviveThePushDown(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) {
            long first = 512L * 5;
            long second = 512L * 6; // same root slot, same subtree until the bottom level
            a.putLong(first, 1);
            a.putLong(second, 2);
            a.putLong(first + 1, 3);
            assertEquals(1, a.getLong(first));
            assertEquals(2, a.getLong(second));
            assertEquals(3, a.getLong(first + 1));
            assertEquals(2, a.partCount());
            assertEquals(0, a.shrink());
            a.clear(first);
            a.clear(first + 1);
            a.clear(second);
            assertEquals(2, a.shrink());
            assertEquals(-1, a.nextPresentPart(0));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void partsSharingAHighSlotGoToABucketThenSpreadIntoANodeAndStayReachable(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) { // 2^31 parts, depth 4, 512-slot nodes
            // 300 parts under one slot of the second level, differing in the bits of the third: a lone Part in
            // the root, a bucket of up to 256 (half a node), spread into a node of the second level (all in one
            // bucket again), which at the 257th part spreads into a node of the third with every part alone.
            List<Long> parts = new ArrayList<>();
            for (long k = 0; k < 300; k++) {
                parts.add((5L << 18) + (k << 9) + k);
            }
            long empty = a.bytesHeld();
            // Native: a NativePart per part, and the bookkeeping of the slabs they come from.
            long perPart = (storage == Storage.HEAP ? 16 : NativeLeaves.PART_OBJECT_BYTES) + 4096;
            for (long part : parts) {
                a.putLong(part * 512 + 3, part);
                for (long earlier : parts.subList(0, parts.indexOf(part) + 1)) {
                    assertEquals(earlier, a.getLong(earlier * 512 + 3), "part " + earlier + " after " + part);
                }
                if (parts.indexOf(part) == 1) {
                    // Two parts: a bucket (24-byte object, 32-byte long[2], 24-byte Object[2]), no Part record.
                    long slab = storage == Storage.HEAP ? 0 : NativeLeaves.SLAB_HEAP_BYTES;
                    assertEquals(empty + 2 * perPart + 24 + 32 + 24 + slab, a.bytesHeld());
                }
            }
            // Every part alone in a node of the third level (a 24-byte Part each), under a second-level node.
            long slabs = storage == Storage.HEAP ? 0 : 5 * NativeLeaves.SLAB_HEAP_BYTES; // 16+32+64+128+256 parts
            long node = 16 + 512 * 4;
            assertEquals(empty + 300 * (perPart + 24) + 2 * node + slabs, a.bytesHeld());
            assertEquals(300, a.partCount());
            List<Long> forward = new ArrayList<>();
            for (long p = a.nextPresentPart(0); p >= 0; p = a.nextPresentPart(p + 1)) {
                forward.add(p);
            }
            assertEquals(parts, forward);
            List<Long> backward = new ArrayList<>();
            for (long p = a.previousPresentPart(Long.MAX_VALUE); p >= 0; p = a.previousPresentPart(p - 1)) {
                backward.add(0, p);
            }
            assertEquals(parts, backward);
            for (long part : parts.subList(0, 150)) {
                a.clear(part * 512 + 3);
            }
            assertEquals(150, a.shrink());
            for (long part : parts.subList(150, 300)) {
                assertEquals(part, a.getLong(part * 512 + 3));
            }
            assertNull(a.get(parts.getFirst() * 512));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aBucketKeepsItsPartsSortedWhateverTheOrderTheyArriveIn(Storage storage) {
        try (FlexArray a = array(storage, 8, 1L << 40, 4096)) {
            // Parts of one second-level slot, arriving in a scrambled order, all kept in one bucket.
            List<Long> parts = new ArrayList<>();
            for (long k = 0; k < 40; k++) {
                parts.add((7L << 18) + ((k * 17) % 40 << 9) + k);
            }
            for (long part : parts) {
                a.putLong(part * 512, part);
            }
            List<Long> sorted = new ArrayList<>(parts);
            java.util.Collections.sort(sorted);
            List<Long> forward = new ArrayList<>();
            for (long p = a.nextPresentPart(0); p >= 0; p = a.nextPresentPart(p + 1)) {
                forward.add(p);
            }
            assertEquals(sorted, forward);
            for (long part : parts) {
                assertEquals(part, a.getLong(part * 512));
                assertEquals(a.fill().asLong(), a.getLong(part * 512 + 512 * 512 * 512L));
            }
            for (int i = 0; i < 40; i += 3) {
                a.clear(parts.get(i) * 512);
            }
            assertEquals(14, a.shrink());
            for (int i = 0; i < 40; i++) {
                assertEquals(i % 3 == 0 ? a.fill().asLong() : parts.get(i), a.getLong(parts.get(i) * 512));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aPartViewCoversEveryElementOfThePartAndWritesThrough(Storage storage) {
        try (FlexArray a = array(storage, 24, 1L << 40, 4096)) { // 170 elements per part, 16 bytes unused
            assertNull(a.partView(3));
            a.put(3 * 170 + 2, bytes(24, 5));
            MemorySegment view = a.partView(3);
            assertEquals(170 * 24, view.byteSize());
            assertArrayEquals(bytes(24, 5), view.asSlice(2 * 24, 24).toArray(ValueLayout.JAVA_BYTE));
            view.set(ValueLayout.JAVA_BYTE, 0, (byte) 9);
            assertEquals(9, a.getCopy(3 * 170)[0]);
            assertEquals("part 6467715458 out of range for 6467715458 parts",
                    assertThrows(IndexOutOfBoundsException.class, () -> a.partView(a.partSpan())).getMessage());
        }
    }
}
