package org.kernkit.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.kernkit.checkpoint.device.Fifo;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.RecordCodec;
import org.kernkit.checkpoint.image.RecordState;
import org.kernkit.checkpoint.image.StateCodec;

/**
 * The checkpoint tests' own job, a test fixture with the shape restart has to get right: tasks that spawn, bytes in
 * flight in two FIFOs, half-written lines, an exactly-once output, signals from outside.
 *
 * <pre>
 * 1 init ─spawns─┬─ 2 generate ──FIFO "raw"──&gt; 3 encode ──FIFO "cooked"──&gt; 4 sink ──&gt; numbers.out
 *                 ("i i*i\n" lines)   (digits to letters,     (appends, then a summary line)
 *                                      byte by byte)
 * init logs SIGUSR1, SIGUSR2 and SIGHUP raised from outside to signals.log
 * </pre>
 *
 * Every state is a record with a derived codec ({@link RecordCodec}), so a truncated or extended state is rejected.
 * Each step moves at most one FIFO's worth of bytes, so checkpoints land mid-stream. {@link #expectedOutput}
 * computes the output of an uninterrupted run without the runtime.
 */
final class NumberPipeline implements Job {

    static final String NAME = "numbers";
    static final String OUTPUT = "numbers.out";
    static final String SIGNAL_LOG = "signals.log";
    private static final int FIFO_CAPACITY = 512;

    /** Init's state: whether the stages are spawned, and how many lines to generate. */
    record Init(boolean spawned, long lines) {}

    /** The generator's state: the next line and the bytes of the current one not yet written. */
    record Generate(long next, long lines, byte[] pending) {}

    /** The encoder's state: encoded bytes "cooked" had no room for yet. */
    record Encode(byte[] pending) {}

    /** The sink's state: bytes appended so far. */
    record Sink(long bytes) {}

    private static <R extends Record> StateCodec<RecordState<R>> derived(Class<R> type) {
        return RecordCodec.of(type).boxed();
    }

    /** A program with a name, a derived codec and a step. */
    private abstract static class Stage<R extends Record> implements TaskProgram<RecordState<R>> {
        private final String name;
        private final StateCodec<RecordState<R>> codec;

        Stage(String name, Class<R> type) {
            this.name = name;
            this.codec = derived(type);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public StateCodec<RecordState<R>> codec() {
            return codec;
        }
    }

    static final TaskProgram<RecordState<Init>> INIT = new Stage<>("numbers.init", Init.class) {
        @Override
        public StepResult step(RecordState<Init> state, TaskContext ctx) {
            if (!state.get().spawned()) {
                ctx.spawn(GENERATE, new RecordState<>(new Generate(0, state.get().lines(), new byte[0])));
                ctx.spawn(ENCODE, new RecordState<>(new Encode(new byte[0])));
                ctx.spawn(SINK, new RecordState<>(new Sink(0)));
                state.set(new Init(true, state.get().lines()));
                return StepResult.PROGRESS;
            }
            return ctx.liveChildren() == 0 ? StepResult.EXIT : StepResult.BLOCKED;
        }

        @Override
        public StepResult onSignal(RecordState<Init> state, int signal, TaskContext ctx) throws IOException {
            if (signal == Signals.SIGUSR1 || signal == Signals.SIGUSR2 || signal == Signals.SIGHUP) {
                ctx.output(SIGNAL_LOG).append(Signals.name(signal) + "\n");
                return StepResult.PROGRESS;
            }
            return super.onSignal(state, signal, ctx);
        }
    };

    static final TaskProgram<RecordState<Generate>> GENERATE = new Stage<>("numbers.generate", Generate.class) {
        @Override
        public StepResult step(RecordState<Generate> state, TaskContext ctx) {
            Generate g = state.get();
            Fifo raw = ctx.fifo("raw");
            byte[] pending = g.pending();
            long next = g.next();
            if (pending.length == 0) {
                if (next == g.lines()) {
                    raw.closeWriter();
                    return StepResult.EXIT;
                }
                pending = line(next++);
            }
            int written = raw.write(pending, 0, pending.length);
            state.set(new Generate(next, g.lines(), Arrays.copyOfRange(pending, written, pending.length)));
            return written > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
        }
    };

    static final TaskProgram<RecordState<Encode>> ENCODE = new Stage<>("numbers.encode", Encode.class) {
        @Override
        public StepResult step(RecordState<Encode> state, TaskContext ctx) {
            Fifo raw = ctx.fifo("raw");
            Fifo cooked = ctx.fifo("cooked");
            byte[] pending = state.get().pending();
            if (pending.length == 0) {
                if (raw.endOfStream()) {
                    cooked.closeWriter();
                    return StepResult.EXIT;
                }
                byte[] chunk = new byte[raw.available()];
                pending = encode(Arrays.copyOf(chunk, raw.read(chunk, 0, chunk.length)));
            }
            int written = cooked.write(pending, 0, pending.length);
            state.set(new Encode(Arrays.copyOfRange(pending, written, pending.length)));
            return written > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
        }
    };

    static final TaskProgram<RecordState<Sink>> SINK = new Stage<>("numbers.sink", Sink.class) {
        @Override
        public StepResult step(RecordState<Sink> state, TaskContext ctx) throws IOException {
            Fifo cooked = ctx.fifo("cooked");
            byte[] chunk = new byte[Math.max(1, cooked.available())];
            int read = cooked.read(chunk, 0, chunk.length);
            if (read < 0) {
                ctx.output(OUTPUT).append(summary(state.get().bytes()));
                return StepResult.EXIT;
            }
            ctx.output(OUTPUT).append(chunk, 0, read);
            state.set(new Sink(state.get().bytes() + read));
            return read > 0 ? StepResult.PROGRESS : StepResult.BLOCKED;
        }
    };

    private final long lines;

    NumberPipeline(long lines) {
        this.lines = lines;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<TaskProgram<?>> programs() {
        return List.of(INIT, GENERATE, ENCODE, SINK);
    }

    @Override
    public void start(Container container) throws IOException {
        container.createFifo("raw", FIFO_CAPACITY);
        container.createFifo("cooked", FIFO_CAPACITY);
        container.createOutput(OUTPUT);
        container.createOutput(SIGNAL_LOG);
        container.setExternalSignalTarget(container.spawn(INIT, new RecordState<>(new Init(false, lines))));
    }

    /**
     * The output of an uninterrupted run, computed directly.
     *
     * @param lines lines generated
     * @return the bytes of {@link #OUTPUT}
     */
    static byte[] expectedOutput(long lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = 0; i < lines; i++) {
            out.writeBytes(encode(line(i)));
        }
        out.writeBytes(summary(out.size()));
        return out.toByteArray();
    }

    static byte[] line(long i) {
        return (i + " " + i * i + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Digits become letters ('0' to 'a'), everything else stays: a byte-wise map, so chunks need no carry. */
    static byte[] encode(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= '0' && out[i] <= '9') {
                out[i] = (byte) ('a' + out[i] - '0');
            }
        }
        return out;
    }

    static byte[] summary(long bytes) {
        return ("# " + bytes + " bytes\n").getBytes(StandardCharsets.US_ASCII);
    }
}
