package org.kernkit.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/** Small programs and jobs for the tests. */
final class TestJobs {

    private TestJobs() {}

    /** A counter that appends "id:count\n" to output "out" each step until it reaches its limit. */
    static final class Counter {
        long count;
        long limit;
        final List<Integer> signals = new ArrayList<>();

        Counter(long limit) {
            this.limit = limit;
        }
    }

    static final StateCodec<Counter> COUNTER_CODEC = new StateCodec<>() {
        @Override
        public void encode(Counter s, StateWriter out) {
            out.putLong(s.count);
            out.putLong(s.limit);
            out.putInt(s.signals.size());
            for (int signal : s.signals) {
                out.putByte(signal);
            }
        }

        @Override
        public Counter decode(StateReader in) throws ImageFormatException {
            Counter s = new Counter(0);
            s.count = in.getLong();
            s.limit = in.getLong();
            int n = in.getCount("signal", 1);
            for (int i = 0; i < n; i++) {
                s.signals.add(in.getUnsignedByte());
            }
            return s;
        }
    };

    /** Counts to its limit; records handled signals; SIGTERM ends it (default), SIGUSR1/2 and SIGINT are recorded. */
    static final TaskProgram<Counter> COUNTER = new TaskProgram<>() {
        @Override
        public String name() {
            return "counter";
        }

        @Override
        public StateCodec<Counter> codec() {
            return COUNTER_CODEC;
        }

        @Override
        public StepResult step(Counter s, TaskContext ctx) throws IOException {
            if (s.count == s.limit) {
                return StepResult.EXIT;
            }
            s.count++;
            ctx.output("out").append(ctx.id() + ":" + s.count + "\n");
            return StepResult.PROGRESS;
        }

        @Override
        public StepResult onSignal(Counter s, int signal, TaskContext ctx) throws IOException {
            if (signal == Signals.SIGUSR1 || signal == Signals.SIGUSR2 || signal == Signals.SIGINT) {
                s.signals.add(signal);
                return StepResult.PROGRESS;
            }
            return TaskProgram.super.onSignal(s, signal, ctx);
        }
    };

    /** Spawns one counter child per step, {@code children} times, then waits for them. */
    static final class Spawner {
        int children;
        int spawned;
    }

    static final TaskProgram<Spawner> SPAWNER = new TaskProgram<>() {
        @Override
        public String name() {
            return "spawner";
        }

        @Override
        public StateCodec<Spawner> codec() {
            return new StateCodec<>() {
                @Override
                public void encode(Spawner s, StateWriter out) {
                    out.putInt(s.children);
                    out.putInt(s.spawned);
                }

                @Override
                public Spawner decode(StateReader in) throws ImageFormatException {
                    Spawner s = new Spawner();
                    s.children = in.getInt();
                    s.spawned = in.getInt();
                    return s;
                }
            };
        }

        @Override
        public StepResult step(Spawner s, TaskContext ctx) {
            if (s.spawned < s.children) {
                s.spawned++;
                ctx.spawn(COUNTER, new Counter(3));
                return StepResult.PROGRESS;
            }
            return ctx.liveChildren() == 0 ? StepResult.EXIT : StepResult.BLOCKED;
        }
    };

    /** A task whose whole state is one byte array, written raw: the rest of the TASK payload. */
    static final TaskProgram<byte[]> BLOB = new TaskProgram<>() {
        @Override
        public String name() {
            return "blob";
        }

        @Override
        public StateCodec<byte[]> codec() {
            return new StateCodec<>() {
                @Override
                public void encode(byte[] state, StateWriter out) {
                    out.putRaw(state, 0, state.length);
                }

                @Override
                public byte[] decode(StateReader in) throws ImageFormatException {
                    byte[] state = new byte[in.remaining()];
                    in.getRaw(state, 0, state.length);
                    return state;
                }
            };
        }

        @Override
        public StepResult step(byte[] state, TaskContext ctx) {
            return StepResult.EXIT;
        }
    };

    /** A job named {@code name} with the test programs, set up by {@code start}. */
    static Job job(String name, Consumer<Container> start) {
        return new Job() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(COUNTER, SPAWNER, BLOB);
            }

            @Override
            public void start(Container container) throws IOException {
                container.createOutput("out");
                start.accept(container);
            }
        };
    }
}
