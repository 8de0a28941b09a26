package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.cli.CliRun;
import org.kernkit.cli.Kernkit;
import org.kernkit.cli.checkpoint.jobs.BuiltInJobs;
import org.kernkit.cli.checkpoint.jobs.PipelineJob;
import org.kernkit.testkit.ChildJvm;

/** {@code kernkit checkpoint run} and {@code restart} refuse a directory a live {@code kernkit} process owns. */
class CheckpointLockTest {

    private static final long RECORDS = 1_500_000;

    @TempDir
    Path dir;

    @Test
    void aCheckpointRequestWithNoLiveOwnerIsRefused() {
        CliRun.expectExit(0, "checkpoint", "run", "pipeline", "--dir", dir.toString(), "--size", "10");
        String out = CliRun.expectExit(1, "checkpoint", "request", "--dir", dir.toString());
        assertTrue(out.contains("no live process owns " + dir), out);
    }

    @Test
    void runAndRestartAreRefusedWhileAnotherProcessRunsTheJobAndItsOutputStaysIntact() throws Exception {
        Path job = dir.resolve("job");
        Path log = dir.resolve("live.log");
        Process live = ChildJvm.start(Kernkit.class, log, "checkpoint", "run", "pipeline", "--dir",
                job.toString(), "--size", Long.toString(RECORDS), "--interval-ms", "0");
        assertTrue(ChildJvm.awaitOutput(live, log, "started in"), Files.readString(log));
        String restart = CliRun.expectExit(1, "checkpoint", "restart", "--dir", job.toString());
        String run = CliRun.expectExit(1, "checkpoint", "run", "pipeline", "--dir", job.toString());
        assertTrue(live.isAlive(), "the live run must still be running for this test to mean anything");
        assertTrue(restart.contains("in use by pid " + live.pid()), restart);
        assertTrue(run.contains("in use by pid " + live.pid()), run);

        int imagesBefore = ImageStore.local(job).images().size();
        String request = CliRun.expectExit(0, "checkpoint", "request", "--dir", job.toString());
        assertTrue(request.contains("checkpoint written: "), request);
        assertTrue(ImageStore.sequenceOf(ImageStore.local(job).images().getLast()) >= imagesBefore + 1, request);

        assertTrue(live.waitFor(300, TimeUnit.SECONDS), "live run did not finish");
        assertEquals(0, live.exitValue(), Files.readString(log));
        assertArrayEquals(PipelineJob.expectedOutput(RECORDS, BuiltInJobs.DEFAULT_SEED),
                Files.readAllBytes(job.resolve(PipelineJob.OUTPUT)));
    }
}
