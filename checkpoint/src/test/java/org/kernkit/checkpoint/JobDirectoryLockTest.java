package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernkit.testkit.ChildJvm.awaitOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.testkit.ChildJvm;

/** One live owner per job directory, across real processes: the second is refused and the first is unharmed. */
class JobDirectoryLockTest {

    /** Enough records that the first child is still running while the test starts a second one. */
    private static final long RECORDS = 1_500_000;
    private static final CheckpointPolicy POLICY = CheckpointPolicy.every(Duration.ofMillis(20));

    @TempDir
    Path dir;

    @Test
    void aSecondOwnerInTheSameProcessIsRefusedNamingThisPid() throws IOException {
        Path job = dir.resolve("job");
        try (Container first = Container.create(job, new NumberPipeline(10), POLICY)) {
            JobDirectoryInUseException refused = assertThrows(JobDirectoryInUseException.class,
                    () -> Container.restore(job, new NumberPipeline(10), POLICY));
            assertEquals(ProcessHandle.current().pid(), refused.ownerPid());
            assertTrue(refused.getMessage().contains("pid " + ProcessHandle.current().pid()), refused.getMessage());
            assertEquals(OptionalLong.of(ProcessHandle.current().pid()), JobDirectoryLock.owner(job));
        }
        assertEquals(OptionalLong.empty(), JobDirectoryLock.owner(job));
    }

    @Test
    void aSecondProcessIsRefusedWhileTheFirstIsLiveAndTheLiveOutputStaysIntact() throws Exception {
        Path job = dir.resolve("job");
        Process first = start(job, "first");
        assertTrue(awaitOutput(first, dir.resolve("first.out"), "running"));
        Process second = start(job, "second");
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "second child did not exit");
        assertTrue(first.isAlive(), "the first child must still be running for this test to mean anything");
        String refusal = Files.readString(dir.resolve("second.err"));
        assertEquals(3, second.exitValue(), refusal);
        assertTrue(refusal.contains("in use by pid " + first.pid()), refusal);
        // And from this (third) process, through the library:
        JobDirectoryInUseException refused = assertThrows(JobDirectoryInUseException.class,
                () -> Container.open(job, new NumberPipeline(RECORDS), POLICY));
        assertEquals(first.pid(), refused.ownerPid());
        assertEquals(OptionalLong.of(first.pid()), JobDirectoryLock.owner(job));

        assertTrue(first.waitFor(300, TimeUnit.SECONDS), "first child did not finish");
        assertEquals(0, first.exitValue(), Files.readString(dir.resolve("first.err")));
        assertArrayEquals(NumberPipeline.expectedOutput(RECORDS),
                Files.readAllBytes(job.resolve(NumberPipeline.OUTPUT)));
    }

    @Test
    void aKilledOwnerLeavesNoStaleLock() throws Exception {
        Path job = dir.resolve("job");
        Process first = start(job, "first");
        assertTrue(awaitOutput(first, dir.resolve("first.out"), "running"));
        first.destroyForcibly(); // SIGKILL: no code of the child runs
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertFalse(JobDirectoryLock.owner(job).isPresent(), "lock outlived its owner");
        try (Container restarted = Container.restore(job, new NumberPipeline(RECORDS), POLICY)) {
            assertTrue(restarted.restoredFrom() != null);
        }
    }

    private Process start(Path job, String name) throws IOException {
        // Separate stdout and stderr: the refusal is read from stderr alone.
        return new ProcessBuilder(ChildJvm.command(NumberPipelineMain.class, job.toString(),
                Long.toString(RECORDS), "20"))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

}
