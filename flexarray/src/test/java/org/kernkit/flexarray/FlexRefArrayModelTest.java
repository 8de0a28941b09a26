package org.kernkit.flexarray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

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

/** FlexRefArray against a map of stored references and a set of present parts. */
class FlexRefArrayModelTest {

    record Op(int kind, long index, long count) {}

    record Scenario(long capacity, int pageSize, List<Op> ops) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Long> capacities = Arbitraries.oneOf(Arbitraries.longs().between(1, 5000),
                Arbitraries.of(1L << 33, 1L << 62));
        Arbitrary<Integer> pageSizes = Arbitraries.of(16, 64, 4096);
        return Combinators.combine(capacities, pageSizes).flatAs((capacity, pageSize) -> {
            long perPart = pageSize / 8;
            Arbitrary<Long> anchors = Arbitraries.longs().between(0, capacity - 1);
            Arbitrary<Long> indexes = Combinators.combine(anchors.list().ofSize(3),
                            Arbitraries.integers().between(0, 2), Arbitraries.longs().between(0, 20 * perPart))
                    .as((list, which, delta) -> Math.min(capacity - 1, list.get(which) + delta));
            Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), indexes,
                    Arbitraries.longs().between(0, 3 * perPart)).as(Op::new);
            return op.list().ofMaxSize(80).map(ops -> new Scenario(capacity, pageSize, ops));
        });
    }

    @Property(tries = 300)
    void behavesLikeAMapOfReferences(@ForAll("scenarios") Scenario scenario) {
        long perPart = scenario.pageSize() / 8;
        boolean small = scenario.capacity() <= perPart;
        Map<Long, Object> values = new HashMap<>();
        TreeSet<Long> parts = new TreeSet<>();
        if (small) {
            parts.add(0L);
        }
        try (FlexRefArray<Object> array = FlexRefArray.create(scenario.capacity(), scenario.pageSize())) {
            for (Op op : scenario.ops()) {
                long index = op.index();
                long part = index / perPart;
                switch (op.kind()) {
                    case 0, 1, 2 -> {
                        Object value = "v" + index + "/" + op.count();
                        array.put(index, value);
                        values.put(index, value);
                        parts.add(part);
                    }
                    case 3, 4, 5 -> assertSame(values.get(index), array.get(index), "index " + index);
                    case 6 -> {
                        assertEquals(parts.contains(part), array.clear(index));
                        values.remove(index);
                    }
                    case 7 -> {
                        long count = Math.min(op.count(), scenario.capacity() - index);
                        long before = parts.size();
                        for (long p = part; count > 0 && p <= (index + count - 1) / perPart; p++) {
                            parts.add(p);
                        }
                        assertEquals(parts.size() - before, array.prealloc(index, count));
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
                        assertEquals(expected, array.shrink());
                    }
                    default -> {
                        Long next = parts.ceiling(part);
                        assertEquals(next == null ? -1 : next, array.nextPresentPart(part));
                    }
                }
                assertEquals(parts.size(), array.partCount(), () -> "parts after " + op);
            }
        }
    }
}
