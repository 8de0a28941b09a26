package org.kernkit.cli.checkpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.image.RunIdentity;
import org.kernkit.cli.CommandFailure;
import org.kernkit.cli.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code kernkit checkpoint list --dir DIR [--json]}: the images in DIR, oldest first, each valid or not, and each
 * valid one marked when it belongs to another run than the directory's run record (restart would refuse it). Reads
 * only; safe while the job runs.
 */
@Command(name = "list",
        description = "List the images in DIR, newest last, with their validity; images of another run are marked.")
final class ListCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    JobDirectoryReport report = new JobDirectoryReport();

    /**
     * One image as listed.
     *
     * @param path the image file
     * @param bytes its size
     * @param image the decoded image, or null if it does not read
     * @param problem why it does not read, or null
     */
    record Entry(Path path, long bytes, Image image, String problem) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<Path> paths = ImageStore.local(report.dir).images();
            RunIdentity run = null;
            String runProblem = null;
            try {
                run = RunIdentity.read(report.dir);
            } catch (IOException e) {
                // Listing is for looking at a damaged directory too: the images are still shown.
                runProblem = e.getMessage();
            }
            List<Entry> entries = new ArrayList<>();
            for (Path path : paths) {
                long bytes = Files.size(path);
                try {
                    entries.add(new Entry(path, bytes, ImageCodec.read(path), null));
                } catch (IOException e) {
                    entries.add(new Entry(path, bytes, null, e.getMessage()));
                }
            }
            out.print(report.json ? json(run, runProblem, entries) : text(run, runProblem, entries));
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return CommandFailure.report(spec, "checkpoint list", e.getMessage());
        }
    }

    private String text(RunIdentity run, String runProblem, List<Entry> entries) {
        StringBuilder s = new StringBuilder();
        if (runProblem != null) {
            s.append(String.format("run record: %s%n", runProblem));
        }
        if (entries.isEmpty()) {
            return s.append(String.format("no checkpoint images in %s%n", report.dir)).toString();
        }
        for (Entry e : entries) {
            s.append(String.format("%s  %15s  ", e.path().getFileName(), report.sizes.withUnit(e.bytes())));
            if (e.image() == null) {
                s.append(String.format("INVALID: %s%n", e.problem()));
                continue;
            }
            Image image = e.image();
            s.append(String.format("%s  job %s, %d tasks, %d rounds", Instant.ofEpochMilli(image.epochMillis()),
                    image.job(), image.tasks().size(), image.rounds()));
            if (run != null && !image.runId().equals(run.runId())) {
                s.append(String.format("  OTHER RUN %s (this directory's run is %s): restart refuses it",
                        image.runId().toString().substring(0, 8), run.shortId()));
            }
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    private String json(RunIdentity run, String runProblem, List<Entry> entries) {
        List<JsonObject> images = new ArrayList<>();
        for (Entry e : entries) {
            Image image = e.image();
            images.add(new JsonObject()
                    .put("name", e.path().getFileName().toString())
                    .put("bytes", e.bytes())
                    .put("valid", image != null)
                    .put("problem", e.problem())
                    .put("sequence", image != null ? image.sequence() : null)
                    .put("written_epoch_ms", image != null ? image.epochMillis() : null)
                    .put("job", image != null ? image.job() : null)
                    .put("run", image != null ? image.runId().toString() : null)
                    .put("this_run", image != null && run != null ? image.runId().equals(run.runId()) : null)
                    .put("tasks", image != null ? image.tasks().size() : null)
                    .put("rounds", image != null ? image.rounds() : null));
        }
        return new JsonObject()
                .put("dir", report.dir.toString())
                .put("run", run != null ? run.runId().toString() : null)
                .put("run_record_problem", runProblem)
                .put("images", images) + System.lineSeparator();
    }
}
