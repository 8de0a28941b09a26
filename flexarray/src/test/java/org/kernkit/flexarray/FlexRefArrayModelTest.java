package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Trials;

/** FlexRefArray against a map of stored references and a set of present parts. */
class FlexRefArrayModelTest {

    record Shape(long capacity, int pageSize) {
        long perPart() {
            return pageSize / 8;
        }
    }

    record Op(int kind, long index, long count) {}

    /** One operation of a scenario; every step of a list carries the same shape, so a shrunk list keeps it. */
    record Step(Shape shape, Op op) {
        @Override
        public String toString() {
            return op.toString();
        }
    }

    static List<Step> scenario(SplittableRandom random) {
        long capacity = random.nextInt(3) == 0 ? Draw.oneOf(random, 1L << 33, 1L << 62)
                : Draw.between(random, 1L, 5000L);
        Shape shape = new Shape(capacity, Draw.oneOf(random, 16, 64, 4096));
        long perPart = shape.perPart();
        long[] anchors = new long[3];
        for (int i = 0; i < anchors.length; i++) {
            anchors[i] = Draw.between(random, 0L, capacity - 1);
        }
        int size = Draw.between(random, 0, 80);
        List<Step> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long index = Math.min(capacity - 1, anchors[random.nextInt(3)] + Draw.between(random, 0L, 20 * perPart));
            steps.add(new Step(shape, new Op(Draw.between(random, 0, 9), index, Draw.between(random, 0L, 3 * perPart))));
        }
        return steps;
    }

    /**
     * Runs {@code steps} against a fresh array and the model.
     *
     * @param preallocCountsEveryPart the planted model bug: prealloc is expected to report every part of its range,
     *        present before or not
     */
    static void check(List<Step> steps, boolean preallocCountsEveryPart) {
        if (steps.isEmpty()) {
            return;
        }
        Shape shape = steps.getFirst().shape();
        long perPart = shape.perPart();
        boolean small = shape.capacity() <= perPart;
        Map<Long, Object> values = new HashMap<>();
        TreeSet<Long> parts = new TreeSet<>();
        if (small) {
            parts.add(0L);
        }
        try (FlexRefArray<Object> array = FlexRefArray.create(shape.capacity(), shape.pageSize())) {
            for (Step step : steps) {
                Op op = step.op();
                long index = op.index();
                long part = index / perPart;
                switch (op.kind()) {
                    case 0, 1, 2 -> {
                        Object value = "v" + index + "/" + op.count();
                        array.put(index, value);
                        values.put(index, value);
                        parts.add(part);
                    }
                    case 3, 4, 5 -> assertSame(values.get(index), array.get(index), () -> shape + ": index " + index);
                    case 6 -> {
                        assertEquals(parts.contains(part), array.clear(index), () -> shape + ": clear " + index);
                        values.remove(index);
                    }
                    case 7 -> {
                        long count = Math.min(op.count(), shape.capacity() - index);
                        long before = parts.size();
                        long added = 0;
                        for (long p = part; count > 0 && p <= (index + count - 1) / perPart; p++) {
                            parts.add(p);
                            added++;
                        }
                        long expected = preallocCountsEveryPart ? added : parts.size() - before;
                        assertEquals(expected, array.prealloc(index, count), () -> shape + ": " + op);
                    }
                    case 8 -> {
                        long expected = 0;
                        if (!small) {
                            for (Long p : List.copyOf(parts)) {
                                boolean vacant = values.keySet().stream().noneMatch(k -> k / perPart == p);
                                if (vacant) {
                                    parts.remove(p);
                                    expected++;
                                }
                            }
                        }
                        assertEquals(expected, array.shrink(), () -> shape + ": shrink");
                    }
                    default -> {
                        Long next = parts.ceiling(part);
                        assertEquals(next == null ? -1 : next, array.nextPresentPart(part),
                                () -> shape + ": next present part from " + part);
                    }
                }
                assertEquals(parts.size(), array.partCount(), () -> shape + ": parts after " + op);
            }
        }
    }

    @Test
    void behavesLikeAMapOfReferences() {
        Trials.forEachOperationList("behavesLikeAMapOfReferences", 300, FlexRefArrayModelTest::scenario,
                steps -> check(steps, false));
    }

    @Test
    void catchesAModelThatCountsPresentPartsAsPreallocated() {
        assertThrows(AssertionError.class, () -> Trials.forEachOperationList("behavesLikeAMapOfReferences", 300,
                FlexRefArrayModelTest::scenario, steps -> check(steps, true)));
    }
}
