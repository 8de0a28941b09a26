package org.kernkit.cli.checkpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.cli.KernkitChildJvm;
import org.kernkit.cli.TourStep;
import org.kernkit.cli.checkpoint.jobs.BuiltInJobs;
import org.kernkit.cli.checkpoint.jobs.PipelineJob;

/**
 * The checkpoint part of {@code kernkit tour}: runs {@code kernkit checkpoint run pipeline} in a child JVM, kills it
 * with SIGKILL once, runs {@code kernkit checkpoint restart} on its directory, and shows that the output matches an
 * uninterrupted run.
 */
public final class CheckpointTour implements TourStep {

    private static final long RECORDS = 400_000;
    private static final String INTERVAL_MS = "20";

    @Override
    public String title() {
        return "checkpoint: a batch job killed with SIGKILL, restarted with its original task ids";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("kernkit-tour-checkpoint");
        try {
            Path firstLog = dir.resolve("run.log");
            Path secondLog = dir.resolve("restart.log");
            Path job = dir.resolve("job");
            out.printf("pipeline of %d records: generate -> FIFO raw -> transform -> FIFO cooked -> sink ->"
                    + " pipeline.out, checkpoint every 20 ms%n", RECORDS);
            Process first = KernkitChildJvm.start(firstLog, "checkpoint", "run", PipelineJob.NAME, "--dir",
                    job.toString(), "--size", Long.toString(RECORDS), "--interval-ms", INTERVAL_MS);
            awaitFirstImage(first, job, firstLog);
            Thread.sleep(250);
            long before = System.nanoTime();
            first.destroyForcibly(); // SIGKILL
            first.waitFor(30, TimeUnit.SECONDS);
            out.printf("killed the child JVM (pid %d) with SIGKILL 250 ms after its first image (%.1f ms to die)%n",
                    first.pid(), (System.nanoTime() - before) / 1e6);
            Path newest = ImageStore.local(job).images().getLast();
            Image image = ImageCodec.read(newest);
            out.printf("newest image %s: %d bytes, tasks %s, output committed at %d of %d bytes on disk%n",
                    newest.getFileName(), Files.size(newest), image.tasks().stream().map(Image.TaskImage::id).toList(),
                    image.outputs().getFirst().length(), Files.size(job.resolve(PipelineJob.OUTPUT)));
            long restartStart = System.nanoTime();
            Process second = KernkitChildJvm.start(secondLog, "checkpoint", "restart", "--dir", job.toString(),
                    "--interval-ms", INTERVAL_MS);
            if (!second.waitFor(120, TimeUnit.SECONDS) || second.exitValue() != 0) {
                second.destroyForcibly();
                throw new IllegalStateException("restarted child failed: " + Files.readString(secondLog));
            }
            try (Stream<String> lines = Files.lines(secondLog)) {
                lines.forEach(line -> out.println("child: " + line));
            }
            out.printf("restarted child finished in %.2f s%n", (System.nanoTime() - restartStart) / 1e9);
            byte[] actual = Files.readAllBytes(job.resolve(PipelineJob.OUTPUT));
            byte[] expected = PipelineJob.expectedOutput(RECORDS, BuiltInJobs.DEFAULT_SEED);
            out.printf("output:   %d bytes, sha256 %s%n", actual.length, sha256(actual));
            out.printf("expected: %d bytes, sha256 %s (uninterrupted run, computed directly)%n", expected.length,
                    sha256(expected));
            if (!java.util.Arrays.equals(actual, expected)) {
                throw new IllegalStateException("output differs from the uninterrupted run");
            }
            out.println("identical: no record lost, none duplicated");
        } finally {
            deleteTree(dir);
        }
    }

    /** Waits for the job's first image: from then on a kill leaves something to restart from. */
    private static void awaitFirstImage(Process child, Path job, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ImageStore.local(job).images().isEmpty()) {
            if (!child.isAlive() || System.nanoTime() - deadline >= 0) {
                child.destroyForcibly();
                throw new IllegalStateException("child wrote no image: " + Files.readString(log));
            }
            Thread.sleep(5);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16) + "...";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
