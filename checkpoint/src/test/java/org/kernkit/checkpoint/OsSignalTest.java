package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernkit.testkit.ChildJvm.awaitOutput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.testkit.ChildJvm;

/**
 * Real signals from another process: {@code kill -USR1/-USR2/-HUP <pid>} reach the pipeline's init task (which logs
 * them) instead of ending the JVM, and a checkpoint requested from outside is written while the job runs.
 */
class OsSignalTest {

    private static final long RECORDS = 1_500_000;

    @TempDir
    Path dir;

    @Test
    void userSignalsFromOutsideReachTheJobAndNeverKillTheJvm() throws Exception {
        Path job = dir.resolve("job");
        Path out = dir.resolve("child.out");
        // No timed checkpoints: only the request makes the log durable before the end.
        Process child = ChildJvm.start(NumberPipelineMain.class, out, job.toString(),
                Long.toString(RECORDS), "3600000");
        assertTrue(awaitOutput(child, out, "running"), Files.readString(out));
        for (String signal : new String[] {"USR1", "USR2", "HUP"}) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + signal);
        }
        Path log = job.resolve(NumberPipeline.SIGNAL_LOG);
        Set<String> logged = new TreeSet<>();
        // Each signal reaches the JVM's handler thread asynchronously: ask for checkpoints until all are logged.
        for (int attempt = 0; attempt < 100 && logged.size() < 3 && child.isAlive(); attempt++) {
            Path image = CheckpointRequest.send(job, Duration.ofSeconds(60));
            assertNotNull(image);
            logged.addAll(Files.readAllLines(log));
        }
        assertTrue(child.isAlive(), "a user signal ended the JVM: " + Files.readString(out));
        assertEquals(Set.of("SIGHUP", "SIGUSR1", "SIGUSR2"), logged);
        assertTrue(child.waitFor(300, TimeUnit.SECONDS), "child did not finish");
        assertEquals(0, child.exitValue(), Files.readString(out));
        assertArrayEquals(NumberPipeline.expectedOutput(RECORDS),
                Files.readAllBytes(job.resolve(NumberPipeline.OUTPUT)));
    }
}
