package org.kernkit.checkpoint.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;

import org.junit.jupiter.api.io.TempDir;

/** Codecs derived from records: round trips against the record's own equality, hostile counts, versions. */
class RecordCodecTest {

    record Point(int x, long y) {}

    record Everything(boolean flag, byte b, short s, char c, int i, long l, float f, double d, String text,
            byte[] blob, List<String> names, Map<String, Long> counts, Point point, List<Point> path,
            Map<Integer, List<Long>> nested) {}

    @TempDir
    Path dir;

    private static Everything random(Random r) {
        List<String> names = new ArrayList<>();
        for (int n = r.nextInt(5); n > 0; n--) {
            names.add("n" + r.nextInt());
        }
        Map<String, Long> counts = r.nextBoolean() ? new TreeMap<>() : new LinkedHashMap<>();
        for (int n = r.nextInt(5); n > 0; n--) {
            counts.put("w" + r.nextInt(100), r.nextLong());
        }
        List<Point> path = new ArrayList<>();
        for (int n = r.nextInt(4); n > 0; n--) {
            path.add(new Point(r.nextInt(), r.nextLong()));
        }
        Map<Integer, List<Long>> nested = new LinkedHashMap<>();
        for (int n = r.nextInt(3); n > 0; n--) {
            nested.put(r.nextInt(), List.of(r.nextLong(), r.nextLong()));
        }
        byte[] blob = new byte[r.nextInt(300)];
        r.nextBytes(blob);
        return new Everything(r.nextBoolean(), (byte) r.nextInt(), (short) r.nextInt(), (char) r.nextInt(),
                r.nextInt(), r.nextLong(), r.nextFloat(), r.nextDouble(), "é".repeat(r.nextInt(400)), blob, names,
                counts, new Point(r.nextInt(), r.nextLong()), path, nested);
    }

    /** Equal as states: every component equal, byte arrays by content, maps of the same kind. */
    private static void assertSameState(Everything a, Everything b, String context) {
        assertEquals(a.flag(), b.flag(), context);
        assertEquals(a.b(), b.b(), context);
        assertEquals(a.s(), b.s(), context);
        assertEquals(a.c(), b.c(), context);
        assertEquals(a.i(), b.i(), context);
        assertEquals(a.l(), b.l(), context);
        assertEquals(Float.floatToRawIntBits(a.f()), Float.floatToRawIntBits(b.f()), context);
        assertEquals(Double.doubleToRawLongBits(a.d()), Double.doubleToRawLongBits(b.d()), context);
        assertEquals(a.text(), b.text(), context);
        assertArrayEquals(a.blob(), b.blob(), context);
        assertEquals(a.names(), b.names(), context);
        assertEquals(a.counts(), b.counts(), context);
        assertEquals(a.counts() instanceof TreeMap, b.counts() instanceof TreeMap, context + " map kind");
        assertEquals(new ArrayList<>(a.counts().keySet()), new ArrayList<>(b.counts().keySet()), context + " order");
        assertEquals(a.point(), b.point(), context);
        assertEquals(a.path(), b.path(), context);
        assertEquals(a.nested(), b.nested(), context);
    }

    private static <R> R roundTrip(StateCodec<R> codec, R value) throws ImageFormatException {
        StateWriter out = new StateWriter(64);
        codec.encode(value, out);
        StateReader in = new StateReader(Arrays.copyOf(out.array(), out.position()), 0, out.position(), "test", 0);
        R back = codec.decode(in);
        in.expectEnd();
        return back;
    }

    @Test
    void everySupportedComponentTypeRoundTrips() throws ImageFormatException {
        long seed = Long.getLong("kernkit.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        RecordCodec<Everything> codec = RecordCodec.of(Everything.class);
        for (int i = 0; i < 300; i++) {
            Everything value = random(random);
            assertSameState(value, roundTrip(codec, value), "value " + i + " (seed " + seed + ")");
        }
    }

    @Test
    void theRoundTripCheckCatchesACodecThatLosesAComponent() throws ImageFormatException {
        // A deliberately broken codec: it forgets the path. The same check must notice.
        RecordCodec<Everything> good = RecordCodec.of(Everything.class);
        StateCodec<Everything> broken = new StateCodec<>() {
            @Override
            public void encode(Everything s, StateWriter out) {
                good.encode(s, out);
            }

            @Override
            public Everything decode(StateReader in) throws ImageFormatException {
                Everything e = good.decode(in);
                return new Everything(e.flag(), e.b(), e.s(), e.c(), e.i(), e.l(), e.f(), e.d(), e.text(), e.blob(),
                        e.names(), e.counts(), e.point(), List.of(), e.nested());
            }
        };
        Random random = new Random(7);
        Everything candidate = random(random);
        while (candidate.path().isEmpty()) {
            candidate = random(random);
        }
        Everything value = candidate;
        Everything back = roundTrip(broken, value);
        assertThrows(AssertionError.class, () -> assertSameState(value, back, "broken"));
    }

    @Test
    void anUnsupportedComponentIsRefusedNamingIt() {
        record WithObject(int ok, Object opaque) {}
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordCodec.of(WithObject.class));
        assertTrue(e.getMessage().contains("WithObject.opaque: type java.lang.Object is not supported"),
                e.getMessage());
    }

    @Test
    void aHostileCountIsRejectedBeforeAllocating() {
        record Names(List<String> names) {}
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> RecordCodec.of(Names.class).decode(new StateReader(bytes, 0, 4, "state", 40)));
        assertTrue(e.getMessage().contains("Names.names element count 2147483647"), e.getMessage());
    }

    record TallyV1(long seen) {}

    record TallyV2(long seen, String note) {}

    private static TaskProgram<RecordState<?>> tally(StateCodec<? extends RecordState<?>> codec) {
        @SuppressWarnings("unchecked")
        StateCodec<RecordState<?>> c = (StateCodec<RecordState<?>>) codec;
        return new TaskProgram<>() {
            @Override
            public String name() {
                return "tally";
            }

            @Override
            public StateCodec<RecordState<?>> codec() {
                return c;
            }

            @Override
            public StepResult step(RecordState<?> state, TaskContext context) {
                return StepResult.BLOCKED;
            }
        };
    }

    private static Job jobOf(TaskProgram<RecordState<?>> program, RecordState<?> initial) {
        return new Job() {
            @Override
            public String name() {
                return "tallies";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(program);
            }

            @Override
            public void start(Container container) {
                container.spawn(program, initial);
            }
        };
    }

    @Test
    void anOlderStateVersionIsMigratedAndOneWithoutAMigrationIsRefusedNamingTaskAndBothVersions()
            throws IOException {
        CheckpointPolicy policy = new CheckpointPolicy(Duration.ZERO, 2);
        Container.create(dir, jobOf(tally(RecordCodec.of(TallyV1.class).boxed()),
                new RecordState<>(new TallyV1(41))), policy).close();

        RecordCodec<TallyV2> v2 = RecordCodec.of(TallyV2.class, 2);
        ImageFormatException refused = assertThrows(ImageFormatException.class,
                () -> Container.restore(dir, jobOf(tally(v2.boxed()), null), policy));
        assertTrue(refused.getMessage().contains("state of task 1 (tally)")
                && refused.getMessage().contains("state version 1 of TallyV2, but this program reads version 2"
                + " and has no migration from 1"), refused.getMessage());

        RecordCodec<TallyV2> migrating = v2.withMigration(1, TallyV1.class, old -> new TallyV2(old.seen(), "v1"));
        try (Container r = Container.restore(dir, jobOf(tally(migrating.boxed()), null), policy)) {
            assertEquals(new TallyV2(41, "v1"), ((RecordState<?>) r.stateOf(1)).get());
        }
    }
}
