package org.kernkit.bench.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.image.RecordCodec;
import org.kernkit.checkpoint.image.RecordState;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateWriter;
import org.kernkit.cli.checkpoint.jobs.WordCountJob;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The checkpoint pause with derived codecs ({@link RecordCodec}) against hand-written ones, in the same run: 1 000
 * word-count counters ({@link WordCountJob.Counter} with its derived codec against {@link HandCodedWordCount}'s
 * hand-written one), each with a carry, two counters and a sorted map of {@code words} words. {@code checkpoint} is
 * the whole pause (encode, CRC32C, write, force, rename, directory force); {@code encodeOnly} runs every task's codec
 * into one buffer without I/O, so the codec's own cost is visible under the fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CodecPauseBenchmark {

    static final StateCodec<RecordState<WordCountJob.Counter>> DERIVED =
            RecordCodec.of(WordCountJob.Counter.class).boxed();
    static final StateCodec<HandCodedWordCount.Counter> HAND = HandCodedWordCount.COUNTER_CODEC;

    @Param({"derived", "hand"})
    public String codec;

    @Param({"1000"})
    public int tasks;

    @Param({"100"})
    public int words;

    private Path dir;
    private Container container;
    private Object[] states;

    private static <S> TaskProgram<S> program(StateCodec<S> codec) {
        return new TaskProgram<>() {
            @Override
            public String name() {
                return "tally";
            }

            @Override
            public StateCodec<S> codec() {
                return codec;
            }

            @Override
            public StepResult step(S state, TaskContext context) {
                return StepResult.BLOCKED;
            }
        };
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kernkit-bench-codec");
        states = new Object[tasks];
        for (int t = 0; t < tasks; t++) {
            TreeMap<String, Long> counts = new TreeMap<>();
            for (int w = 0; w < words; w++) {
                counts.put("word-" + t + "-" + w, (long) w * t);
            }
            byte[] carry = ("half a line of task " + t).getBytes();
            if (codec.equals("derived")) {
                states[t] = new RecordState<>(new WordCountJob.Counter(carry, t, t * 5L, counts));
            } else {
                HandCodedWordCount.Counter h = new HandCodedWordCount.Counter();
                h.carry = carry;
                h.lines = t;
                h.words = t * 5L;
                h.counts.putAll(counts);
                states[t] = h;
            }
        }
        TaskProgram<?> program = codec.equals("derived") ? program(DERIVED) : program(HAND);
        Job job = new Job() {
            @Override
            public String name() {
                return "codec-bench";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(program);
            }

            @Override
            @SuppressWarnings("unchecked")
            public void start(Container c) {
                for (Object state : states) {
                    c.spawn((TaskProgram<Object>) program, state);
                }
            }
        };
        container = Container.create(dir.resolve("job"), job, new CheckpointPolicy(Duration.ZERO, 2));
        System.out.printf("%n[codec %s] %d tasks x %d words -> image of %d bytes%n", codec, tasks, words,
                Files.size(container.lastImage()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        container.close();
        CheckpointPauseBenchmark.deleteTree(dir);
    }

    @Benchmark
    public Path checkpoint() throws IOException {
        return container.checkpoint();
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public StateWriter encodeOnly() {
        // One buffer for every state, sized so it never grows: the same allocation for both codecs.
        StateWriter out = new StateWriter(tasks * (64 + words * 32));
        for (Object state : states) {
            if (state instanceof RecordState<?> r) {
                DERIVED.encode((RecordState<WordCountJob.Counter>) r, out);
            } else {
                HAND.encode((HandCodedWordCount.Counter) state, out);
            }
        }
        return out;
    }
}
