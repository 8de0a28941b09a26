package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of every operation against a simple reference model: a map of stored element bytes and the
 * set of present parts. Heap and native, several element and page sizes, capacities from the base to 2^62.
 */
class FlexArrayModelTest {

    /** {@code growable}: built without a capacity, so {@code capacity} is 2^62 and the tree grows on demand. */
    record Shape(Storage storage, Fill fill, int elementSize, int pageSize, long capacity, boolean growable) {
        long elementsPerPart() {
            return pageSize / elementSize;
        }

        boolean small() {
            return !growable && capacity <= elementsPerPart();
        }
    }

    /** The capacity drawn for a growable array. */
    private static final long GROWABLE = -1;

    sealed interface Op {}

    record Put(long index, int seed, int form) implements Op {}

    record PutTyped(long index, long value) implements Op {}

    record Get(long index) implements Op {}

    record Clear(long index) implements Op {}

    record Prealloc(long start, long count) implements Op {}

    record Shrink() implements Op {}

    record FreeParts() implements Op {}

    record Seek(long index) implements Op {}

    /** putLongs of {@code count} values from {@code seed} (8-byte elements only). */
    record PutLongs(long index, int count, long seed) implements Op {}

    /** reduceLongs(Long::sum) over {@code [from, from + count)} (8-byte elements only). */
    record SumLongs(long from, long count) implements Op {}

    /** putDouble / putFloat of these bits (8- / 4-byte elements only). */
    record PutFloating(long index, long bits) implements Op {}

    /** getAllocating, then a write of {@code seed}'s bytes through the view. */
    record PutThroughView(long index, int seed) implements Op {}

    record Scenario(Shape shape, List<Op> ops) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> elementSizes = Arbitraries.of(1, 2, 3, 4, 8, 12, 24);
        Arbitrary<Integer> pageSizes = Arbitraries.of(32, 64, 256, 4096);
        Arbitrary<Long> capacities = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 600),
                Arbitraries.longs().between(600, 100_000),
                Arbitraries.longs().between((1L << 31) - 1000, (1L << 31) + 1000),
                Arbitraries.of(1L << 40, (1L << 62) - 7, 1L << 62, GROWABLE, GROWABLE));
        Arbitrary<Shape> shapes = Combinators.combine(Arbitraries.of(Storage.class), Arbitraries.of(Fill.class),
                elementSizes, pageSizes, capacities).as((storage, fill, size, page, capacity) -> capacity == GROWABLE
                        ? new Shape(storage, fill, size, page, FlexArray.MAX_CAPACITY, true)
                        : new Shape(storage, fill, size, page, capacity, false));
        return shapes.flatMap(shape -> opsFor(shape).list().ofMaxSize(60).map(ops -> new Scenario(shape, ops)));
    }

    private static Arbitrary<Op> opsFor(Shape shape) {
        long epp = shape.elementsPerPart();
        // A few anchors per scenario, so operations collide on parts and on interior slots.
        Arbitrary<Long> anchors = shape.growable()
                // Growable: small indexes first and far ones later make the tree grow under present parts.
                ? Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 1L << 30),
                        Arbitraries.longs().between(0, shape.capacity() - 1))
                : Arbitraries.longs().between(0, shape.capacity() - 1);
        Arbitrary<Long> indexes = Combinators.combine(anchors.list().ofSize(4).injectDuplicates(0.3),
                        Arbitraries.integers().between(0, 3), Arbitraries.longs().between(-2 * epp, 2 * epp))
                .as((list, which, delta) -> Math.clamp(list.get(which) + delta, 0, shape.capacity() - 1));
        Arbitrary<Op> put = Combinators.combine(indexes, Arbitraries.integers(), Arbitraries.integers().between(0, 2))
                .as(Put::new);
        Arbitrary<Op> typed = Combinators.combine(indexes, Arbitraries.longs()).as(PutTyped::new);
        Arbitrary<Op> get = indexes.map(Get::new);
        Arbitrary<Op> clear = indexes.map(Clear::new);
        Arbitrary<Op> prealloc = Combinators.combine(indexes, Arbitraries.longs().between(0, 3 * epp))
                .as((start, count) -> new Prealloc(start, Math.min(count, shape.capacity() - start)));
        Arbitrary<Op> seek = indexes.map(Seek::new);
        Arbitrary<Op> putLongs = Combinators.combine(indexes, Arbitraries.integers().between(0, (int) Math.min(
                3 * epp, 5_000)), Arbitraries.longs()).as((start, count, seed) -> new PutLongs(start,
                (int) Math.min(count, shape.capacity() - start), seed));
        Arbitrary<Op> sumLongs = Combinators.combine(indexes, Arbitraries.longs().between(0, Math.min(3 * epp,
                5_000))).as((start, count) -> new SumLongs(start, Math.min(count, shape.capacity() - start)));
        Arbitrary<Op> floating = Combinators.combine(indexes, Arbitraries.longs()).as(PutFloating::new);
        Arbitrary<Op> throughView = Combinators.combine(indexes, Arbitraries.integers()).as(PutThroughView::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, putLongs), net.jqwik.api.Tuple.of(1, sumLongs),
                net.jqwik.api.Tuple.of(1, floating), net.jqwik.api.Tuple.of(1, throughView),
                net.jqwik.api.Tuple.of(6, put), net.jqwik.api.Tuple.of(4, typed), net.jqwik.api.Tuple.of(6, get),
                net.jqwik.api.Tuple.of(3, clear), net.jqwik.api.Tuple.of(1, prealloc),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Shrink())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new FreeParts())), net.jqwik.api.Tuple.of(2, seek));
    }

    /** The reference: stored element bytes and the set of present parts. */
    static final class Model {
        final Shape shape;
        final Map<Long, byte[]> values = new HashMap<>();
        final TreeSet<Long> parts = new TreeSet<>();

        Model(Shape shape) {
            this.shape = shape;
            if (shape.small()) {
                parts.add(0L);
            }
        }

        long partOf(long index) {
            return index / shape.elementsPerPart();
        }

        byte[] fillBytes() {
            byte[] b = new byte[shape.elementSize()];
            Arrays.fill(b, shape.fill().value());
            return b;
        }

        /** Element {@code index} as a long of native byte order, the fill for an absent part (8-byte elements). */
        long readLong(long index) {
            byte[] bytes = read(index);
            return ByteBuffer.wrap(bytes == null ? fillBytes() : bytes).order(ByteOrder.nativeOrder()).getLong();
        }

        byte[] read(long index) {
            if (!parts.contains(partOf(index))) {
                return null;
            }
            return values.getOrDefault(index, fillBytes());
        }

        void write(long index, byte[] value) {
            parts.add(partOf(index));
            values.put(index, value.clone());
        }

        long removeParts(boolean onlyVacant) {
            if (shape.small()) {
                return 0;
            }
            long freed = 0;
            for (Long part : List.copyOf(parts)) {
                long first = part * shape.elementsPerPart();
                long last = Math.min(shape.capacity(), first + shape.elementsPerPart());
                boolean vacant = values.entrySet().stream()
                        .filter(e -> e.getKey() >= first && e.getKey() < last)
                        .allMatch(e -> Arrays.equals(e.getValue(), fillBytes()));
                if (!onlyVacant || vacant) {
                    parts.remove(part);
                    values.keySet().removeIf(k -> k >= first && k < last);
                    freed++;
                }
            }
            return freed;
        }
    }

    @Property(tries = 400)
    void behavesLikeTheReferenceModel(@ForAll("scenarios") Scenario scenario) {
        Shape shape = scenario.shape();
        Model model = new Model(shape);
        FlexArray.Builder builder = FlexArray.builder().elementSize(shape.elementSize()).pageSize(shape.pageSize())
                .storage(shape.storage()).fill(shape.fill());
        if (!shape.growable()) {
            builder.capacity(shape.capacity());
        }
        try (FlexArray array = builder.build()) {
            assertEquals(shape.growable(), array.isGrowable());
            for (Op op : scenario.ops()) {
                apply(array, model, op);
                assertEquals(model.parts.size(), array.partCount(), () -> "parts after " + op);
            }
            for (Long index : model.values.keySet()) {
                assertArrayEquals(model.read(index), array.getCopy(index), "index " + index);
            }
        }
    }

    private static void apply(FlexArray array, Model model, Op op) {
        int size = model.shape.elementSize();
        switch (op) {
            case Put(long index, int seed, int form) -> {
                byte[] value = new byte[size];
                new java.util.Random(seed).nextBytes(value);
                switch (form) {
                    case 0 -> array.put(index, value);
                    case 1 -> array.put(index, ByteBuffer.wrap(value));
                    default -> array.put(index, MemorySegment.ofArray(value.clone()));
                }
                model.write(index, value);
            }
            case PutTyped(long index, long value) -> {
                ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
                switch (size) {
                    case 8 -> {
                        array.putLong(index, value);
                        bytes.putLong(value);
                    }
                    case 4 -> {
                        array.putInt(index, (int) value);
                        bytes.putInt((int) value);
                    }
                    case 2 -> {
                        array.putShort(index, (short) value);
                        bytes.putShort((short) value);
                    }
                    case 1 -> {
                        array.putByte(index, (byte) value);
                        bytes.put((byte) value);
                    }
                    default -> {
                        return; // no typed view for this width
                    }
                }
                model.write(index, Arrays.copyOf(bytes.array(), size));
            }
            case Get(long index) -> {
                byte[] expected = model.read(index);
                if (expected == null) {
                    assertNull(array.get(index), () -> "absent part at " + index);
                    assertNull(array.getCopy(index));
                } else {
                    assertArrayEquals(expected, array.getCopy(index), () -> "index " + index);
                }
                byte[] seen = expected == null ? model.fillBytes() : expected;
                ByteBuffer b = ByteBuffer.wrap(seen).order(ByteOrder.nativeOrder());
                switch (size) {
                    case 8 -> {
                        long expectedLong = b.getLong();
                        assertEquals(expectedLong, array.getLong(index));
                        assertEquals(expectedLong, Double.doubleToRawLongBits(array.getDouble(index)));
                    }
                    case 4 -> {
                        int expectedInt = b.getInt();
                        assertEquals(expectedInt, array.getInt(index));
                        assertEquals(expectedInt, Float.floatToRawIntBits(array.getFloat(index)));
                    }
                    case 2 -> assertEquals(b.getShort(), array.getShort(index));
                    case 1 -> assertEquals(b.get(), array.getByte(index));
                    default -> { }
                }
            }
            case Clear(long index) -> {
                boolean present = model.parts.contains(model.partOf(index));
                assertEquals(present, array.clear(index));
                if (present) {
                    model.write(index, model.fillBytes());
                }
            }
            case Prealloc(long start, long count) -> {
                long before = model.parts.size();
                if (count > 0) {
                    for (long p = model.partOf(start); p <= model.partOf(start + count - 1); p++) {
                        model.parts.add(p);
                    }
                }
                assertEquals(model.parts.size() - before, array.prealloc(start, count));
            }
            case PutLongs(long index, int count, long seed) -> {
                if (size != 8) {
                    return;
                }
                long[] values = new java.util.SplittableRandom(seed).longs(count).toArray();
                array.putLongs(index, values, 0, count);
                for (int i = 0; i < count; i++) {
                    model.write(index + i, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(values[i])
                            .array());
                }
            }
            case SumLongs(long from, long count) -> {
                if (size != 8) {
                    return;
                }
                long expected = 0;
                for (long i = from; i < from + count; i++) {
                    expected += model.readLong(i);
                }
                assertEquals(expected, array.reduceLongs(from, from + count, 0, Long::sum),
                        () -> "sum of [" + from + ", " + (from + count) + ")");
            }
            case PutFloating(long index, long bits) -> {
                ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
                if (size == 8) {
                    double value = Double.longBitsToDouble(bits);
                    array.putDouble(index, value);
                    bytes.putLong(Double.doubleToRawLongBits(value));
                } else if (size == 4) {
                    float value = Float.intBitsToFloat((int) bits);
                    array.putFloat(index, value);
                    bytes.putInt(Float.floatToRawIntBits(value));
                } else {
                    return;
                }
                model.write(index, Arrays.copyOf(bytes.array(), size));
            }
            case PutThroughView(long index, int seed) -> {
                byte[] value = new byte[size];
                new java.util.Random(seed).nextBytes(value);
                MemorySegment view = array.getAllocating(index);
                MemorySegment.copy(value, 0, view, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, size);
                model.write(index, value);
            }
            case Shrink() -> assertEquals(model.removeParts(true), array.shrink());
            case FreeParts() -> assertEquals(model.removeParts(false), array.freeParts());
            case Seek(long index) -> {
                long part = model.partOf(index);
                Long next = model.parts.ceiling(part);
                Long previous = model.parts.floor(part);
                assertEquals(next == null ? -1 : next, array.nextPresentPart(part));
                assertEquals(previous == null ? -1 : previous, array.previousPresentPart(part));
                var it = array.presentIndexes(index);
                FlexArray.Cursor cursor = array.cursor(index);
                if (next == null) {
                    assertEquals(false, it.hasNext());
                    assertEquals(false, cursor.hasNext());
                } else {
                    long first = next == part ? index : next * model.shape.elementsPerPart();
                    assertEquals(first, it.nextLong());
                    assertEquals(first, cursor.peek());
                    assertEquals(first, cursor.peek(), "peek does not move");
                    assertEquals(first, cursor.next());
                    assertArrayEquals(model.read(first), cursor.value().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                    if (size == 8) {
                        assertEquals(model.readLong(first), cursor.longValue());
                    }
                    if (cursor.hasNext()) {
                        long second = cursor.next();
                        assertTrue(second > first);
                        assertTrue(model.parts.contains(model.partOf(second)), "in a present part");
                    }
                }
            }
        }
    }
}
