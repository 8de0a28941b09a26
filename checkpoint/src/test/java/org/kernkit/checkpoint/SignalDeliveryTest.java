package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.SignalQueueFullException;
import org.kernkit.checkpoint.device.Signals;

class SignalDeliveryTest {

    @TempDir
    Path dir;

    private Container container;

    @BeforeEach
    void setUp() throws IOException {
        container = Container.create(dir, TestJobs.job("sig", c -> {
            c.spawn(TestJobs.COUNTER, new TestJobs.Counter(1000));
        }), new CheckpointPolicy(Duration.ZERO, 2));
    }

    private TestJobs.Counter counter() {
        return (TestJobs.Counter) container.stateOf(1);
    }

    @Test
    void signalsAreDeliveredBetweenStepsInTheOrderSent() throws IOException {
        container.kill(1, Signals.SIGUSR2);
        container.kill(1, Signals.SIGUSR1);
        container.kill(1, Signals.SIGUSR2);
        assertEquals(List.of(), counter().signals, "nothing is delivered outside a round");
        container.run(1);
        assertEquals(List.of(Signals.SIGUSR2, Signals.SIGUSR1, Signals.SIGUSR2), counter().signals);
        assertEquals(1, counter().count, "then the step ran");
    }

    @Test
    void aBlockedSignalStaysPendingUntilUnblocked() throws IOException {
        container.setBlockedMask(1, Signals.mask(Signals.SIGUSR1));
        container.kill(1, Signals.SIGUSR1);
        container.run(2);
        assertEquals(List.of(), counter().signals);
        assertEquals(List.of(Signals.SIGUSR1), container.pendingSignalsOf(1));
        container.setBlockedMask(1, 0);
        container.run(1);
        assertEquals(List.of(Signals.SIGUSR1), counter().signals);
        assertEquals(List.of(), container.pendingSignalsOf(1));
    }

    @Test
    void sigkillCannotBeBlockedAndEndsTheTask() throws IOException {
        container.setBlockedMask(1, -1L);
        assertFalse((container.blockedMaskOf(1) & Signals.mask(Signals.SIGKILL)) != 0);
        container.kill(1, Signals.SIGKILL);
        assertEquals(RunOutcome.FINISHED, container.run(5));
        assertEquals(List.of(), container.taskIds());
    }

    @Test
    void theDefaultActionOfSigtermEndsTheTask() throws IOException {
        container.kill(1, Signals.SIGTERM);
        assertEquals(RunOutcome.FINISHED, container.run(5));
        assertEquals(List.of(), container.taskIds());
    }

    @Test
    void sigchldIsIgnoredByDefault() throws IOException {
        container.kill(1, Signals.SIGCHLD);
        container.run(1);
        assertEquals(List.of(1), container.taskIds());
    }

    @Test
    void aSignalNumberOutOfRangeIsRejectedWithTheNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> container.kill(1, 64));
        assertEquals("signal 64 out of range 1..63", e.getMessage());
    }

    @Test
    void aSignalToAMissingTaskReportsFalse() {
        assertFalse(container.kill(99, Signals.SIGUSR1));
    }

    @Test
    void aSignalToAFullQueueIsAnErrorToTheSenderNamingTheTaskAndTheLimit() {
        container.setBlockedMask(1, Signals.mask(Signals.SIGUSR1));
        for (int i = 0; i < Signals.MAX_PENDING; i++) {
            assertTrue(container.kill(1, Signals.SIGUSR1));
        }
        SignalQueueFullException e = assertThrows(SignalQueueFullException.class,
                () -> container.kill(1, Signals.SIGUSR2));
        assertEquals("task 1 already has 1024 signals pending: SIGUSR2 not queued", e.getMessage());
        assertEquals(Signals.MAX_PENDING, container.pendingSignalsOf(1).size(), "nothing was queued");
    }
}
