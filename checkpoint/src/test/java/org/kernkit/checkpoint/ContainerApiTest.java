package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/**
 * Container's own API outside a restore: what it refuses when setting up (names, capacities, signal numbers),
 * the confinement of tasks to the scheduler's thread while it runs, the deadlock report, and its getters.
 */
class ContainerApiTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 2);

    @TempDir
    Path dir;

    private Container create(java.util.function.Consumer<Container> start) throws IOException {
        return Container.create(dir, TestJobs.job("api", start), MANUAL);
    }

    @Test
    void aFifoNameTakenOrInvalidIsRefused() throws IOException {
        try (Container c = create(x -> x.createFifo("pipe", 4))) {
            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class, () -> c.createFifo("pipe", 4));
            assertEquals("FIFO pipe already exists", taken.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.createFifo("", 4));
        }
    }

    @Test
    void fifoCapacityRangesFromOneToTheImagesMaximum() throws IOException {
        try (Container c = create(x -> {})) {
            assertEquals(1, c.createFifo("one", 1).capacity());
            assertEquals(ImageCodec.MAX_BUFFER_CAPACITY, c.createFifo("most", ImageCodec.MAX_BUFFER_CAPACITY).capacity());
            assertThrows(IllegalArgumentException.class, () -> c.createFifo("zero", 0));
            assertThrows(IllegalArgumentException.class, () -> c.createFifo("over", ImageCodec.MAX_BUFFER_CAPACITY + 1));
            assertEquals(List.of("one", "most"), c.fifoNames());
        }
    }

    @Test
    void aTerminalNameTakenOrInvalidIsRefused() throws IOException {
        try (Container c = create(x -> x.createTerminal("tty", 4))) {
            IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                    () -> c.createTerminal("tty", 4));
            assertEquals("terminal tty already exists", taken.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.createTerminal("", 4));
        }
    }

    @Test
    void terminalOutputCapacityRangesFromOneToTheImagesMaximum() throws IOException {
        try (Container c = create(x -> {})) {
            c.createTerminal("one", 1);
            c.createTerminal("most", ImageCodec.MAX_BUFFER_CAPACITY);
            assertThrows(IllegalArgumentException.class, () -> c.createTerminal("zero", 0));
            assertThrows(IllegalArgumentException.class,
                    () -> c.createTerminal("over", ImageCodec.MAX_BUFFER_CAPACITY + 1));
            assertEquals("one", c.terminal("one").name());
            assertEquals("most", c.terminal("most").name());
        }
    }

    @Test
    void createOutputReturnsTheOutputTheContainerKeepsUnderItsName() throws IOException {
        try (Container c = create(x -> {})) {
            assertSame(c.output("out"), c.output("out"));
            assertSame(c.createOutput("log"), c.output("log"));
            assertEquals(List.of("out", "log"), c.outputNames());
        }
    }

    @Test
    void aSignalNumberOutOfRangeCannotBeRaised() throws IOException {
        try (Container c = create(x -> {})) {
            assertThrows(IllegalArgumentException.class, () -> c.raise(0));
            assertThrows(IllegalArgumentException.class, () -> c.raise(Signals.MAX_SIGNAL + 1));
            c.run();
            assertEquals(0, c.droppedExternalSignals(), "nothing refused was queued");
        }
    }

    @Test
    void aSignalRaisedForALiveTargetIsDeliveredAndNotCountedAsDropped() throws IOException {
        try (Container c = create(x -> x.setExternalSignalTarget(x.spawn(TestJobs.COUNTER, new TestJobs.Counter(3))))) {
            c.raise(Signals.SIGUSR1);
            c.run(1);
            assertEquals(0, c.droppedExternalSignals());
            assertEquals(List.of(Signals.SIGUSR1), ((TestJobs.Counter) c.stateOf(1)).signals);
        }
    }

    /** A task that, in its first step, holds the scheduler's thread until the test lets it go. */
    private static final class Holder implements TaskProgram<Integer> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "holder";
        }

        @Override
        public StateCodec<Integer> codec() {
            return new StateCodec<>() {
                @Override
                public void encode(Integer s, StateWriter out) {
                    out.putInt(s);
                }

                @Override
                public Integer decode(StateReader in) throws org.kernkit.checkpoint.image.ImageFormatException {
                    return in.getInt();
                }
            };
        }

        @Override
        public StepResult step(Integer state, TaskContext ctx) {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StepResult.EXIT;
        }
    }

    private Job holderJob(Holder holder) {
        return new Job() {
            @Override
            public String name() {
                return "held";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(holder, TestJobs.COUNTER);
            }

            @Override
            public void start(Container c) {
                c.spawn(holder, 0);
            }
        };
    }

    @Test
    void whileRunningTasksCanBeChangedOnlyFromTheSchedulersThread() throws Exception {
        Holder holder = new Holder();
        try (Container c = Container.create(dir, holderJob(holder), MANUAL)) {
            CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            List<String> refused = new ArrayList<>();
            try {
                assertTrue(holder.entered.await(60, TimeUnit.SECONDS), "the task started");
                List<Runnable> calls = List.of(
                        () -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(1)),
                        () -> c.kill(1, Signals.SIGUSR1),
                        () -> c.setExternalSignalTarget(1),
                        () -> c.setBlockedMask(1, 0));
                for (Runnable call : calls) {
                    try {
                        call.run();
                    } catch (IllegalStateException e) {
                        refused.add(e.getMessage());
                    }
                }
            } finally {
                holder.release.countDown();
            }
            assertEquals(RunOutcome.FINISHED, run.get(60, TimeUnit.SECONDS));
            assertEquals(4, refused.size(), refused.toString());
            assertTrue(refused.getFirst().contains("tasks, FIFOs and terminals are confined to it"), refused.getFirst());
            assertEquals(0, c.externalSignalTarget(), "the refused call changed nothing");
        }
    }

    /** A task that never progresses. */
    private static final TaskProgram<TestJobs.Counter> STUCK = new TaskProgram<>() {
        @Override
        public String name() {
            return "stuck";
        }

        @Override
        public StateCodec<TestJobs.Counter> codec() {
            return TestJobs.COUNTER_CODEC;
        }

        @Override
        public StepResult step(TestJobs.Counter s, TaskContext ctx) {
            return StepResult.BLOCKED;
        }
    };

    @Test
    void aRoundInWhichEveryTaskIsBlockedIsADeadlockThatNamesTheTasks() throws IOException {
        Job job = new Job() {
            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(STUCK);
            }

            @Override
            public void start(Container c) {
                c.spawn(STUCK, new TestJobs.Counter(0));
                c.spawn(STUCK, new TestJobs.Counter(0));
            }
        };
        try (Container c = Container.create(dir, job, MANUAL)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, c::run);
            assertEquals("deadlock after round 0: every task is blocked (2 tasks: 1:stuck, 2:stuck)", e.getMessage());
        }
    }

    @Test
    void awaitStoppedIsFalseBeforeAnyRunAndTrueOnceARunReturned() throws Exception {
        try (Container c = create(x -> x.spawn(TestJobs.COUNTER, new TestJobs.Counter(2)))) {
            assertFalse(c.awaitStopped(Duration.ZERO));
            c.run();
            assertTrue(c.awaitStopped(Duration.ZERO));
        }
    }

    @Test
    void theGettersGiveTheDirectoryTheJobAndTheRoundsRun() throws IOException {
        Job job = TestJobs.job("getters", x -> x.spawn(TestJobs.COUNTER, new TestJobs.Counter(100)));
        try (Container c = Container.create(dir, job, MANUAL)) {
            assertEquals(dir, c.directory());
            assertSame(job, c.job());
            assertEquals(0, c.rounds());
            c.run(7);
            assertEquals(7, c.rounds());
        }
    }

    @Test
    void aFreshContainerAndARestoredUnfinishedOneAreNotFinished() throws IOException {
        Job job = TestJobs.job("unfinished", x -> x.spawn(TestJobs.COUNTER, new TestJobs.Counter(100)));
        try (Container c = Container.create(dir, job, MANUAL)) {
            assertFalse(c.isFinished());
            c.run(5);
        }
        try (Container c = Container.restore(dir, job, MANUAL)) {
            assertFalse(c.isFinished());
            assertEquals(5, c.rounds());
        }
    }

    private static Job counting(String name) {
        return TestJobs.job(name, x -> x.spawn(TestJobs.COUNTER, new TestJobs.Counter(100)));
    }

    @Test
    void openStartsAFreshJobInADirectoryWithNothingToRestart() throws IOException {
        try (Container c = Container.open(dir, counting("open"), MANUAL)) {
            assertEquals(null, c.restoredFrom());
            assertEquals(1, c.checkpointsWritten(), "the fresh start's first image");
            assertEquals(List.of(1), c.taskIds());
        }
    }

    @Test
    void openRestartsFromTheNewestImage() throws IOException {
        Job job = counting("reopen");
        Path newest;
        try (Container c = Container.create(dir, job, MANUAL)) {
            c.run(5);
            newest = c.lastImage();
        }
        try (Container c = Container.open(dir, job, MANUAL)) {
            assertEquals(newest, c.restoredFrom());
            assertEquals(5, c.rounds());
            assertEquals(0, c.checkpointsWritten(), "a restart writes no image until it runs");
        }
    }

    @Test
    void openRestartsARunThatStoppedBeforeItsFirstImageFromTheBeginning() throws IOException {
        Job job = counting("early");
        org.kernkit.checkpoint.image.RunIdentity run = org.kernkit.checkpoint.image.RunIdentity.start("early",
                Container.fingerprint(job), List.of());
        run.write(dir);
        try (Container c = Container.open(dir, job, MANUAL)) {
            assertEquals(run.runId(), c.runIdentity().runId(), "the recorded run continues");
            assertTrue(c.restoreMessages().getFirst().contains("stopped before its first image"),
                    c.restoreMessages().toString());
        }
    }

    @Test
    void aFreshStartRemovesTornImagesLeftBehind() throws IOException {
        Path torn = dir.resolve(org.kernkit.checkpoint.image.ImageStore.fileName(9) + ".tmp");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(torn, new byte[] {1, 2, 3});
        try (Container c = Container.create(dir, counting("torn"), MANUAL)) {
            assertFalse(java.nio.file.Files.exists(torn));
        }
    }

    @Test
    void aRestartRemovesTornImagesLeftBehind() throws IOException {
        Job job = counting("torn-restart");
        try (Container c = Container.create(dir, job, MANUAL)) {
            c.run(2);
        }
        Path torn = dir.resolve(org.kernkit.checkpoint.image.ImageStore.fileName(9) + ".tmp");
        java.nio.file.Files.write(torn, new byte[] {1, 2, 3});
        try (Container c = Container.restore(dir, job, MANUAL)) {
            assertFalse(java.nio.file.Files.exists(torn));
        }
    }

    @Test
    void aTaskStateWithBytesLeftAfterItsCodecIsDoneIsRefusedAtRestart() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("left"));
        image.section(2, ImageBytes.payload().u32(2).u32(1).u32(0).u32(0).u32(0).u32(0).bytes());
        // A counter's state (count, limit, no signals) and one byte its codec does not read.
        image.section(6, ImageBytes.payload().u32(1).u32(0).str("counter").u32(1)
                .raw(ImageBytes.payload().u64(0).u64(5).u32(0).u8(7).bytes()).bytes());
        image.section(7, ImageBytes.payload().u32(1).u64(0).u32(0).bytes());
        java.nio.file.Files.write(dir.resolve("image-000000000001.kkc"), image.trailer());
        ImageBytes.runRecord("left").write(dir);
        org.kernkit.checkpoint.image.ImageFormatException e = assertThrows(
                org.kernkit.checkpoint.image.ImageFormatException.class,
                () -> Container.restore(dir, TestJobs.job("left", x -> {}), MANUAL));
        assertTrue(e.getMessage().contains("state of task 1 (counter)")
                && e.getMessage().contains("1 unexpected bytes after the last field"), e.getMessage());
    }
}
