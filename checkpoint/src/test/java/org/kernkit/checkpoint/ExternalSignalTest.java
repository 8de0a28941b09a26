package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.Signals;

/** Signals raised from outside reach the task the job names, and are in the image like any pending signal. */
class ExternalSignalTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 3);

    @TempDir
    Path dir;

    private static final Job TARGETED = TestJobs.job("targeted", c -> {
        int id = c.spawn(TestJobs.COUNTER, new TestJobs.Counter(1_000_000));
        c.setBlockedMask(id, Signals.mask(Signals.SIGUSR1));
        c.setExternalSignalTarget(id);
    });

    @Test
    void aSignalRaisedFromAnotherThreadReachesTheTargetAndSurvivesACheckpointAndRestart() throws Exception {
        try (Container c = Container.create(dir, TARGETED, MANUAL)) {
            Thread outside = new Thread(() -> c.raise(Signals.SIGUSR1));
            outside.start();
            outside.join();
            assertEquals(RunOutcome.STOPPED, c.run(1));
            assertEquals(List.of(Signals.SIGUSR1), c.pendingSignalsOf(1), "blocked, so still pending");
        }
        try (Container r = Container.restore(dir, TARGETED, MANUAL)) {
            assertEquals(1, r.externalSignalTarget());
            assertEquals(List.of(Signals.SIGUSR1), r.pendingSignalsOf(1));
        }
    }

    @Test
    void aSignalRaisedWithNoTargetIsDroppedAndCounted() throws IOException {
        try (Container c = Container.create(dir, TestJobs.job("untargeted",
                k -> k.spawn(TestJobs.COUNTER, new TestJobs.Counter(5))), MANUAL)) {
            c.raise(Signals.SIGHUP);
            c.checkpoint();
            assertEquals(1, c.droppedExternalSignals());
            assertEquals(List.of(), c.pendingSignalsOf(1));
        }
    }

    @Test
    void aTargetThatIsNotATaskIsRefused() throws IOException {
        try (Container c = Container.create(dir, TARGETED, MANUAL)) {
            assertThrows(IllegalArgumentException.class, () -> c.setExternalSignalTarget(42));
        }
    }
}
