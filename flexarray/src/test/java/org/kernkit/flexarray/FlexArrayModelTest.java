package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Trials;

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

    /** One operation of a scenario; every step of a list carries the same shape, so a shrunk list keeps it. */
    record Step(Shape shape, Op op) {
        @Override
        public String toString() {
            return op.toString();
        }
    }

    static List<Step> scenario(SplittableRandom random) {
        Storage storage = Draw.oneOf(random, Storage.values());
        Fill fill = Draw.oneOf(random, Fill.values());
        int elementSize = Draw.oneOf(random, 1, 2, 3, 4, 8, 12, 24);
        int pageSize = Draw.oneOf(random, 32, 64, 256, 4096);
        long capacity = switch (random.nextInt(4)) {
            case 0 -> Draw.between(random, 1L, 600L);
            case 1 -> Draw.between(random, 600L, 100_000L);
            case 2 -> Draw.between(random, (1L << 31) - 1000, (1L << 31) + 1000);
            default -> Draw.oneOf(random, 1L << 40, (1L << 62) - 7, 1L << 62, GROWABLE, GROWABLE);
        };
        Shape shape = capacity == GROWABLE
                ? new Shape(storage, fill, elementSize, pageSize, FlexArray.MAX_CAPACITY, true)
                : new Shape(storage, fill, elementSize, pageSize, capacity, false);
        // A few anchors per scenario, so operations collide on parts and on interior slots; about a third repeat an
        // earlier anchor.
        long[] anchors = new long[4];
        for (int i = 0; i < anchors.length; i++) {
            anchors[i] = i > 0 && random.nextInt(10) < 3 ? anchors[random.nextInt(i)] : anchor(random, shape);
        }
        int size = Draw.between(random, 0, 60);
        List<Step> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            steps.add(new Step(shape, op(random, shape, anchors)));
        }
        return steps;
    }

    private static long anchor(SplittableRandom random, Shape shape) {
        if (!shape.growable()) {
            return Draw.between(random, 0L, shape.capacity() - 1);
        }
        // Growable: small indexes first and far ones later make the tree grow under present parts.
        return switch (random.nextInt(3)) {
            case 0 -> Draw.between(random, 0L, 10_000L);
            case 1 -> Draw.between(random, 0L, 1L << 30);
            default -> Draw.between(random, 0L, shape.capacity() - 1);
        };
    }

    /** Operation weights, as in the generator this test started with: 28 in all. */
    private static Op op(SplittableRandom random, Shape shape, long[] anchors) {
        long epp = shape.elementsPerPart();
        long capacity = shape.capacity();
        long index = Math.clamp(anchors[random.nextInt(anchors.length)] + Draw.between(random, -2 * epp, 2 * epp), 0,
                capacity - 1);
        int weight = random.nextInt(28);
        if (weight < 1) {
            return new PutLongs(index, (int) Math.min(Draw.between(random, 0L, Math.min(3 * epp, 5_000)),
                    capacity - index), Draw.anyLong(random));
        } else if (weight < 2) {
            return new SumLongs(index, Math.min(Draw.between(random, 0L, Math.min(3 * epp, 5_000)), capacity - index));
        } else if (weight < 3) {
            return new PutFloating(index, Draw.anyLong(random));
        } else if (weight < 4) {
            return new PutThroughView(index, Draw.anyInt(random));
        } else if (weight < 10) {
            return new Put(index, Draw.anyInt(random), Draw.between(random, 0, 2));
        } else if (weight < 14) {
            return new PutTyped(index, Draw.anyLong(random));
        } else if (weight < 20) {
            return new Get(index);
        } else if (weight < 23) {
            return new Clear(index);
        } else if (weight < 24) {
            return new Prealloc(index, Math.min(Draw.between(random, 0L, 3 * epp), capacity - index));
        } else if (weight < 25) {
            return new Shrink();
        } else if (weight < 26) {
            return new FreeParts();
        }
        return new Seek(index);
    }

    /** The reference: stored element bytes and the set of present parts. */
    static final class Model {
        final Shape shape;
        final Map<Long, byte[]> values = new HashMap<>();
        final TreeSet<Long> parts = new TreeSet<>();
        /** The planted bug of the broken variant: shrink frees every part, as freeParts does, vacant or not. */
        final boolean shrinkFreesEveryPart;

        Model(Shape shape, boolean shrinkFreesEveryPart) {
            this.shape = shape;
            this.shrinkFreesEveryPart = shrinkFreesEveryPart;
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
                if (!onlyVacant || vacant || shrinkFreesEveryPart) {
                    parts.remove(part);
                    values.keySet().removeIf(k -> k >= first && k < last);
                    freed++;
                }
            }
            return freed;
        }
    }

    /** Runs {@code steps} against a fresh array and a fresh model, which has the planted bug if asked. */
    static void check(List<Step> steps, boolean shrinkFreesEveryPart) {
        if (steps.isEmpty()) {
            return;
        }
        Shape shape = steps.getFirst().shape();
        try {
            check(shape, steps, new Model(shape, shrinkFreesEveryPart));
        } catch (AssertionError e) {
            throw new AssertionError(shape + ": " + e.getMessage(), e);
        }
    }

    private static void check(Shape shape, List<Step> steps, Model model) {
        FlexArray.Builder builder = FlexArray.builder().elementSize(shape.elementSize()).pageSize(shape.pageSize())
                .storage(shape.storage()).fill(shape.fill());
        if (!shape.growable()) {
            builder.capacity(shape.capacity());
        }
        try (FlexArray array = builder.build()) {
            assertEquals(shape.growable(), array.isGrowable());
            for (Step step : steps) {
                Op op = step.op();
                apply(array, model, op);
                assertEquals(model.parts.size(), array.partCount(), () -> "parts after " + op);
            }
            for (Long index : model.values.keySet()) {
                assertArrayEquals(model.read(index), array.getCopy(index), "index " + index);
            }
        }
    }

    @Test
    void behavesLikeTheReferenceModel() {
        Trials.forEachOperationList("behavesLikeTheReferenceModel", 400, FlexArrayModelTest::scenario,
                steps -> check(steps, false));
    }

    @Test
    void catchesAModelWhoseShrinkFreesPartsThatHoldValues() {
        assertThrows(AssertionError.class, () -> Trials.forEachOperationList("behavesLikeTheReferenceModel", 400,
                FlexArrayModelTest::scenario, steps -> check(steps, true)));
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
