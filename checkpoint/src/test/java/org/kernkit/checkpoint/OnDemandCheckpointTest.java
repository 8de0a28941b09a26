package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;

class OnDemandCheckpointTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 100);

    @TempDir
    Path dir;

    /** Requests a checkpoint from inside its step when its count reaches 10. */
    private static final TaskProgram<TestJobs.Counter> ASKER = new TaskProgram<>() {
        @Override
        public String name() {
            return "asker";
        }

        @Override
        public StateCodec<TestJobs.Counter> codec() {
            return TestJobs.COUNTER_CODEC;
        }

        @Override
        public StepResult step(TestJobs.Counter s, TaskContext ctx) {
            if (s.count == s.limit) {
                return StepResult.EXIT;
            }
            if (++s.count == 10) {
                ctx.requestCheckpoint();
            }
            return StepResult.PROGRESS;
        }
    };

    @Test
    void aTaskRequestedCheckpointIsTakenAtTheNextRoundBoundary() throws IOException {
        Job job = new Job() {
            @Override
            public String name() {
                return "asker";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(ASKER);
            }

            @Override
            public void start(Container c) {
                c.spawn(ASKER, new TestJobs.Counter(50));
            }
        };
        try (Container c = Container.create(dir, job, MANUAL)) {
            assertEquals(RunOutcome.FINISHED, c.run());
        }
        List<Path> images = ImageStore.local(dir).images();
        assertEquals(3, images.size(), "first, requested, final: " + images);
        Image requested = ImageCodec.read(images.get(1));
        assertEquals(10, requested.rounds(), "taken right after the round in which it was requested");
        byte[] state = requested.tasks().getFirst().state();
        assertEquals(10, TestJobs.COUNTER_CODEC.decode(new StateReader(state, 0, state.length, "test", 0)).count);
    }

    @Test
    void aCheckpointRequestedFromAnotherThreadIsTakenWhileRunningAndTheRunCanBeStopped() throws Exception {
        Job job = TestJobs.job("other-thread", c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(Long.MAX_VALUE)));
        try (Container c = Container.create(dir, job, MANUAL)) {
            CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ImageStore store = ImageStore.local(dir);
            c.requestCheckpoint();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (store.images().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(2, store.images().size(), "the requested checkpoint was written");
            c.requestStop();
            assertEquals(RunOutcome.STOPPED, run.get(60, TimeUnit.SECONDS));
            assertTrue(c.awaitStopped(Duration.ZERO));
            assertEquals(3, store.images().size(), "the stop wrote one more");
        }
    }

    @Test
    void theCheckpointObserverIsToldOnceAfterEveryDurableCheckpoint() throws IOException {
        Job job = TestJobs.job("observed", c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(300)));
        List<Long> seen = new java.util.ArrayList<>();
        try (Container c = Container.create(dir, job, MANUAL)) {
            c.setCheckpointObserver(k -> seen.add(k.checkpointsWritten()));
            c.checkpoint();
            c.run(100);
            assertEquals(List.of(2L, 3L), seen, "after checkpoint() and after the stop of run(100)");
            assertTrue(c.outputBytes() > 0);
        }
    }
}
