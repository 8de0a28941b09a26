package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.cli.CliRun;
import org.kernkit.cli.checkpoint.jobs.BuiltInJobs;
import org.kernkit.cli.checkpoint.jobs.PipelineJob;

/**
 * A named pipe, a directory or a device where an image or an output belongs gets an error naming the path, never a
 * hang (opening a FIFO blocks until its other end opens). Uses a real {@code mkfifo}; the timeout only turns a hang
 * into a failure.
 */
class CheckpointNonRegularFileTest {

    private static final Duration HANG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path job;

    /** A job whose only image is its first one, as if killed right after it: restart has work to do. */
    @BeforeEach
    void runAJobAndDropItsFinalImage() throws IOException {
        job = dir.resolve("job");
        CliRun.expectExit(0, "checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "3000",
                "--interval-ms", "0");
        Files.delete(ImageStore.local(job).images().getLast());
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        boolean present = new ProcessBuilder("sh", "-c", "command -v mkfifo").start().waitFor() == 0;
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("mkfifo is required under CI=true");
        }
        assumeTrue(present, "mkfifo not found: skipping the named-pipe test");
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo " + path);
    }

    @Test
    void aFifoNamedLikeAnImageIsReportedByInspectListAndRestartWithoutHanging() throws Exception {
        Path fifo = job.resolve(ImageStore.fileName(99));
        mkfifo(fifo);
        assertTimeoutPreemptively(HANG, () -> {
            String inspect = CliRun.expectExit(1, "checkpoint", "inspect", fifo.toString());
            assertTrue(inspect.contains(fifo + " is a FIFO"), inspect);
            String list = CliRun.expectExit(0, "checkpoint", "list", "--dir", job.toString());
            assertTrue(list.contains(fifo.getFileName() + "") && list.contains("is a FIFO"), list);
            String restart = CliRun.expectExit(0, "checkpoint", "restart", "--dir", job.toString());
            assertTrue(restart.contains("is a FIFO") && restart.contains("moved to"), restart);
        });
        assertTrue(Files.exists(job.resolve("rejected").resolve(fifo.getFileName())), "moved aside, not deleted");
    }

    @Test
    void aFifoWhereTheOutputBelongsIsRefusedNamingIt() throws Exception {
        Path output = job.resolve(PipelineJob.OUTPUT);
        Files.delete(output);
        mkfifo(output);
        assertTimeoutPreemptively(HANG, () -> {
            String restart = CliRun.expectExit(1, "checkpoint", "restart", "--dir", job.toString());
            assertTrue(restart.contains("output pipeline.out " + output + " is a FIFO"), restart);
            Path fresh = dir.resolve("fresh");
            Files.createDirectories(fresh);
            mkfifo(fresh.resolve(PipelineJob.OUTPUT));
            String run = CliRun.expectExit(1, "checkpoint", "run", "pipeline", "--dir", fresh.toString());
            assertTrue(run.contains(fresh.resolve(PipelineJob.OUTPUT) + " is a FIFO"), run);
        });
    }

    @Test
    void aDirectoryWhereAnImageBelongsIsRejectedAndADeviceWhereTheOutputBelongsIsRefused() throws Exception {
        byte[] expected = PipelineJob.expectedOutput(3000, BuiltInJobs.DEFAULT_SEED);
        Path directory = job.resolve(ImageStore.fileName(98));
        Files.createDirectory(directory);
        String list = CliRun.expectExit(0, "checkpoint", "list", "--dir", job.toString());
        assertTrue(list.contains(directory + " is a directory"), list);
        Path output = job.resolve(PipelineJob.OUTPUT);
        Path moved = dir.resolve("saved.out");
        Files.move(output, moved);
        Files.createSymbolicLink(output, Path.of("/dev/null"));
        String restart = CliRun.expectExit(1, "checkpoint", "restart", "--dir", job.toString());
        assertTrue(restart.contains(output + " is a FIFO, socket or device"), restart);
        assertTrue(restart.contains(directory + " is a directory"), restart);
        assertArrayEquals(expected, Files.readAllBytes(moved), "nothing was written anywhere");
    }
}
