package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/**
 * What a task sees through its {@link TaskContext} while it steps: its own id and parent, its children, other tasks,
 * its signal mask, the container's devices and a checkpoint request. Each test runs one job of "probe" tasks whose
 * steps are the test's own code, and records what the context answered.
 */
class TaskContextTest {

    @TempDir
    Path dir;

    /** A probe's state: its role (chosen by the test) and how many steps it has taken. */
    static final class Probe {
        int role;
        int steps;

        Probe(int role) {
            this.role = role;
        }
    }

    @FunctionalInterface
    interface Step {
        StepResult step(Probe probe, TaskContext ctx) throws IOException;
    }

    /** A program whose steps run {@code step}; signals are recorded in {@link #signals}. */
    static final class ProbeProgram implements TaskProgram<Probe> {
        final Step step;
        final List<String> signals = new ArrayList<>();

        ProbeProgram(Step step) {
            this.step = step;
        }

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public StateCodec<Probe> codec() {
            return new StateCodec<>() {
                @Override
                public void encode(Probe s, StateWriter out) {
                    out.putInt(s.role);
                    out.putInt(s.steps);
                }

                @Override
                public Probe decode(StateReader in) throws ImageFormatException {
                    Probe s = new Probe(in.getInt());
                    s.steps = in.getInt();
                    return s;
                }
            };
        }

        @Override
        public StepResult step(Probe probe, TaskContext ctx) throws IOException {
            StepResult result = step.step(probe, ctx);
            probe.steps++;
            return result;
        }

        @Override
        public StepResult onSignal(Probe probe, int signal, TaskContext ctx) {
            signals.add(ctx.id() + ":" + Signals.name(signal));
            return StepResult.PROGRESS;
        }
    }

    @FunctionalInterface
    interface Start {
        void start(Container container) throws IOException;
    }

    private Container run(ProbeProgram program, Start start) throws IOException {
        Job job = new Job() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(program);
            }

            @Override
            public void start(Container container) throws IOException {
                start.start(container);
            }
        };
        Container c = Container.create(dir, job, new CheckpointPolicy(Duration.ZERO, 2));
        c.run();
        return c;
    }

    @Test
    void eachTaskSeesItsOwnIdAndItsSpawnersIdAsParent() throws IOException {
        List<String> seen = new ArrayList<>();
        ProbeProgram program = program((p, ctx) -> {
            if (p.steps == 0) {
                seen.add(ctx.id() + "<-" + ctx.parentId());
                if (p.role == 0) {
                    ctx.spawn(current, new Probe(1));
                }
            }
            return p.steps < 2 ? StepResult.PROGRESS : StepResult.EXIT;
        });
        try (Container c = run(program, container -> container.spawn(program, new Probe(0)))) {
            assertEquals(List.of("1<-0", "2<-1"), seen);
        }
    }

    /** The job's one program, for its tasks to spawn more of themselves (set by {@link #program}). */
    private ProbeProgram current;

    private ProbeProgram program(Step step) {
        current = new ProbeProgram(step);
        return current;
    }

    @Test
    void liveChildrenCountsTheCallersChildrenButNotItsGrandchildrenOrItsSiblingsChildren() throws IOException {
        List<String> counts = new ArrayList<>();
        // Roles: 0 the root, spawns two children (1 and 2); child 1 spawns a grandchild (3). Each reports its
        // live children on its second step, when every spawn has happened.
        ProbeProgram program = program((p, ctx) -> {
            if (p.steps == 0) {
                if (p.role == 0) {
                    ctx.spawn(current, new Probe(1));
                    ctx.spawn(current, new Probe(2));
                } else if (p.role == 1) {
                    ctx.spawn(current, new Probe(3));
                }
            } else if (p.steps == 1) {
                counts.add(p.role + ":" + ctx.liveChildren());
            }
            return p.steps < 3 ? StepResult.PROGRESS : StepResult.EXIT;
        });
        try (Container c = run(program, container -> container.spawn(program, new Probe(0)))) {
            assertEquals(List.of("0:2", "1:1", "2:0", "3:0"), counts);
        }
    }

    @Test
    void isAliveIsTrueForALiveTaskAndFalseOnceItExitedOrForAnIdNeverUsed() throws IOException {
        List<String> seen = new ArrayList<>();
        ProbeProgram program = program((p, ctx) -> {
            if (p.role == 1) {
                return StepResult.EXIT;
            }
            if (p.steps == 0) {
                int child = ctx.spawn(current, new Probe(1));
                seen.add("spawned " + ctx.isAlive(child));
            } else if (p.steps == 2) {
                seen.add("after its exit " + ctx.isAlive(2));
                seen.add("never used " + ctx.isAlive(99));
                seen.add("self " + ctx.isAlive(ctx.id()));
                return StepResult.EXIT;
            }
            return StepResult.PROGRESS;
        });
        try (Container c = run(program, container -> container.spawn(program, new Probe(0)))) {
            assertEquals(List.of("spawned true", "after its exit false", "never used false", "self true"), seen);
        }
    }

    @Test
    void killFromATaskQueuesTheSignalForTheTargetAndSaysWhetherItExists() throws IOException {
        List<String> answers = new ArrayList<>();
        ProbeProgram program = program((p, ctx) -> {
            if (p.role == 0 && p.steps == 0) {
                int child = ctx.spawn(current, new Probe(1));
                answers.add("child " + ctx.kill(child, Signals.SIGUSR1));
                answers.add("missing " + ctx.kill(99, Signals.SIGUSR1));
            }
            return p.steps < 2 ? StepResult.PROGRESS : StepResult.EXIT;
        });
        try (Container c = run(program, container -> container.spawn(program, new Probe(0)))) {
            assertEquals(List.of("child true", "missing false"), answers);
            assertEquals(List.of("2:SIGUSR1"), program.signals);
        }
    }

    @Test
    void aTaskReadsBackTheMaskItSetWithoutSigkillWhichCannotBeBlocked() throws IOException {
        List<Long> masks = new ArrayList<>();
        ProbeProgram program = program((p, ctx) -> {
            masks.add(ctx.blockedMask());
            ctx.setBlockedMask(-1L);
            masks.add(ctx.blockedMask());
            return StepResult.EXIT;
        });
        try (Container c = run(program, container -> {
            int id = container.spawn(program, new Probe(0));
            container.setBlockedMask(id, Signals.mask(Signals.SIGUSR2));
        })) {
            assertEquals(List.of(Signals.mask(Signals.SIGUSR2), -1L & ~Signals.mask(Signals.SIGKILL)), masks);
        }
    }

    @Test
    void aTaskFindsTheContainersDevicesByName() throws IOException {
        List<Object> found = new ArrayList<>();
        ProbeProgram program = program((p, ctx) -> {
            found.add(ctx.fifo("pipe"));
            found.add(ctx.terminal("tty"));
            found.add(ctx.output("out"));
            return StepResult.EXIT;
        });
        try (Container c = run(program, container -> {
            container.createFifo("pipe", 4);
            container.createTerminal("tty", 4);
            container.createOutput("out");
            container.spawn(program, new Probe(0));
        })) {
            assertSame(c.fifo("pipe"), found.get(0));
            assertSame(c.terminal("tty"), found.get(1));
            assertSame(c.output("out"), found.get(2));
        }
    }

    @Test
    void aCheckpointRequestedByATaskIsWrittenAtTheNextRoundBoundary() throws IOException {
        List<Long> checkpointRounds = new ArrayList<>();
        ProbeProgram program = program((p, ctx) -> {
            if (p.steps == 1) {
                ctx.requestCheckpoint();
            }
            return p.steps < 4 ? StepResult.PROGRESS : StepResult.EXIT;
        });
        try (Container c = run(program, container -> {
            container.spawn(program, new Probe(0));
            container.setCheckpointObserver(x -> checkpointRounds.add(x.rounds()));
        })) {
            // The first image is written by create (round 0). Rounds 0..4 step the task; the request made in
            // round 1 is taken at the boundary before round 2; the last image follows round 4 (5 rounds run).
            assertEquals(List.of(0L, 2L, 5L), checkpointRounds);
        }
    }
}
