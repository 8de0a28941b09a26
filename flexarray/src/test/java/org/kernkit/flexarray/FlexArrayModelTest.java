package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    record Shape(Storage storage, Fill fill, int elementSize, int pageSize, long capacity) {
        long elementsPerPart() {
            return pageSize / elementSize;
        }

        boolean small() {
            return capacity <= elementsPerPart();
        }
    }

    sealed interface Op {}

    record Put(long index, int seed, int form) implements Op {}

    record PutTyped(long index, long value) implements Op {}

    record Get(long index) implements Op {}

    record Clear(long index) implements Op {}

    record Prealloc(long start, long count) implements Op {}

    record Shrink() implements Op {}

    record FreeParts() implements Op {}

    record Seek(long index) implements Op {}

    record Scenario(Shape shape, List<Op> ops) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> elementSizes = Arbitraries.of(1, 2, 3, 4, 8, 12, 24);
        Arbitrary<Integer> pageSizes = Arbitraries.of(32, 64, 256, 4096);
        Arbitrary<Long> capacities = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 600),
                Arbitraries.longs().between(600, 100_000),
                Arbitraries.longs().between((1L << 31) - 1000, (1L << 31) + 1000),
                Arbitraries.of(1L << 40, (1L << 62) - 7, 1L << 62));
        Arbitrary<Shape> shapes = Combinators.combine(Arbitraries.of(Storage.class), Arbitraries.of(Fill.class),
                elementSizes, pageSizes, capacities).as(Shape::new);
        return shapes.flatMap(shape -> opsFor(shape).list().ofMaxSize(60).map(ops -> new Scenario(shape, ops)));
    }

    private static Arbitrary<Op> opsFor(Shape shape) {
        long epp = shape.elementsPerPart();
        // A few anchors per scenario, so operations collide on parts and on interior slots.
        Arbitrary<Long> anchors = Arbitraries.longs().between(0, shape.capacity() - 1);
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
        return Arbitraries.frequencyOf(
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
        try (FlexArray array = FlexArray.builder().elementSize(shape.elementSize()).capacity(shape.capacity())
                .pageSize(shape.pageSize()).storage(shape.storage()).fill(shape.fill()).build()) {
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
                    case 8 -> assertEquals(b.getLong(), array.getLong(index));
                    case 4 -> assertEquals(b.getInt(), array.getInt(index));
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
            case Shrink() -> assertEquals(model.removeParts(true), array.shrink());
            case FreeParts() -> assertEquals(model.removeParts(false), array.freeParts());
            case Seek(long index) -> {
                long part = model.partOf(index);
                Long next = model.parts.ceiling(part);
                Long previous = model.parts.floor(part);
                assertEquals(next == null ? -1 : next, array.nextPresentPart(part));
                assertEquals(previous == null ? -1 : previous, array.previousPresentPart(part));
                var it = array.presentIndexes(index);
                if (next == null) {
                    assertEquals(false, it.hasNext());
                } else {
                    assertEquals(next == part ? index : next * model.shape.elementsPerPart(), it.nextLong());
                }
            }
        }
    }
}
