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
import org.kernkit.checkpoint.Image;
import org.kernkit.checkpoint.ImageCodec;
import org.kernkit.checkpoint.ImageStore;
import org.kernkit.checkpoint.example.ChildJvm;
import org.kernkit.checkpoint.example.ExampleJobMain;
import org.kernkit.checkpoint.example.ExampleJobs;
import org.kernkit.checkpoint.example.PipelineJob;
import org.kernkit.cli.TourStep;

/**
 * The checkpoint part of {@code kernkit tour}: runs the example pipeline in a child JVM, kills it with SIGKILL once,
 * restarts it from its directory, and shows that the output matches an uninterrupted run.
 */
public final class CheckpointTour implements TourStep {

    private static final long RECORDS = 400_000;

    @Override
    public String title() {
        return "checkpoint: a batch job killed with SIGKILL, restarted with its original task ids";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        Path dir = Files.createTempDirectory("kernkit-tour-checkpoint");
        try {
            Path stdout = dir.resolve("child.out");
            Path stderr = dir.resolve("child.err");
            Path job = dir.resolve("job");
            out.printf("pipeline of %d records: generate -> FIFO raw -> transform -> FIFO cooked -> sink ->"
                    + " pipeline.out, checkpoint every 20 ms%n", RECORDS);
            Process first = start(job, stdout, stderr);
            if (!ChildJvm.awaitOutput(first, stdout, "running")) {
                throw new IllegalStateException("child did not start: " + Files.readString(stdout));
            }
            Thread.sleep(250);
            long before = System.nanoTime();
            first.destroyForcibly(); // SIGKILL
            first.waitFor(30, TimeUnit.SECONDS);
            out.printf("killed the child JVM (pid %d) with SIGKILL 250 ms after it started running (%.1f ms to die)%n",
                    first.pid(), (System.nanoTime() - before) / 1e6);
            Path newest = ImageStore.local(job).images().getLast();
            Image image = ImageCodec.read(newest);
            out.printf("newest image %s: %d bytes, tasks %s, output committed at %d of %d bytes on disk%n",
                    newest.getFileName(), Files.size(newest), image.tasks().stream().map(Image.TaskImage::id).toList(),
                    image.outputs().getFirst().length(), Files.size(job.resolve(PipelineJob.OUTPUT)));
            long restartStart = System.nanoTime();
            Process second = start(job, stdout, stderr);
            if (!second.waitFor(120, TimeUnit.SECONDS) || second.exitValue() != 0) {
                second.destroyForcibly();
                throw new IllegalStateException("restarted child failed: " + Files.readString(stderr));
            }
            try (Stream<String> lines = Files.lines(stderr)) {
                lines.forEach(line -> out.println("child: " + line));
            }
            out.printf("restarted child finished in %.2f s%n", (System.nanoTime() - restartStart) / 1e9);
            byte[] actual = Files.readAllBytes(job.resolve(PipelineJob.OUTPUT));
            byte[] expected = PipelineJob.expectedOutput(RECORDS, ExampleJobs.DEFAULT_SEED);
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

    private static Process start(Path job, Path stdout, Path stderr) throws IOException {
        return ChildJvm.of(ExampleJobMain.class.getName(), PipelineJob.NAME, job.toString(),
                Long.toString(RECORDS), "20")
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
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
