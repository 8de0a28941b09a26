package org.kernkit.cli.checkpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.kernkit.checkpoint.JobDirectoryLock;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.image.RunIdentity;
import org.kernkit.cli.CommandFailure;
import org.kernkit.cli.JsonObject;
import org.kernkit.cli.SizeOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code kernkit checkpoint status --dir DIR [--json]}: the job, whether a live process owns the directory (and its
 * pid), the tasks of the newest valid image of the directory's run, that image's age and size, and each output's
 * committed and current length. Reads only; safe while the job runs (an image being written is not yet visible).
 */
@Command(name = "status",
        description = "Show the job in DIR: live or not (pid), tasks, newest image's age and size, committed output.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    JobDirectoryReport report = new JobDirectoryReport();

    @Override
    public Integer call() {
        try {
            Status status = Status.of(report.dir);
            PrintWriter out = spec.commandLine().getOut();
            out.print(report.json ? status.json() : status.text(report.sizes));
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return CommandFailure.report(spec, "checkpoint status", e.getMessage());
        }
    }

    /** One output of the newest image: committed length and the file's length now. */
    record OutputStatus(String name, long committed, long current) {}

    /** What status shows. */
    record Status(Path dir, RunIdentity run, OptionalLong ownerPid, Image newest, long newestBytes, long ageMillis,
            int invalidImages, List<OutputStatus> outputs) {

        static Status of(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                throw new IOException("no job directory " + dir);
            }
            RunIdentity run = RunIdentity.read(dir);
            OptionalLong owner = JobDirectoryLock.owner(dir);
            List<Path> images = ImageStore.local(dir).images();
            Image newest = null;
            int invalid = 0;
            for (int i = images.size() - 1; i >= 0 && newest == null; i--) {
                try {
                    Image image = ImageCodec.read(images.get(i));
                    if (run == null || image.runId().equals(run.runId())) {
                        newest = image;
                    } else {
                        invalid++;
                    }
                } catch (IOException e) {
                    invalid++;
                }
            }
            List<OutputStatus> outputs = new ArrayList<>();
            long bytes = 0;
            long age = -1;
            if (newest != null) {
                bytes = Files.size(newest.path());
                age = System.currentTimeMillis() - newest.epochMillis();
                for (Image.OutputImage o : newest.outputs()) {
                    Path file = dir.resolve(o.name());
                    outputs.add(new OutputStatus(o.name(), o.length(),
                            Files.isRegularFile(file) ? Files.size(file) : -1));
                }
            }
            return new Status(dir, run, owner, newest, bytes, age, invalid, outputs);
        }

        String state() {
            if (ownerPid.isPresent()) {
                return "live";
            }
            if (newest != null && newest.tasks().isEmpty()) {
                return "finished";
            }
            return run == null && newest == null ? "empty" : "stopped";
        }

        String text(SizeOptions sizes) {
            StringBuilder s = new StringBuilder();
            s.append(String.format("job %s in %s: %s%s%n", run != null ? run.job() : newest != null ? newest.job() : "-",
                    dir, state(), ownerPid.isPresent() ? " (pid " + ownerPid.getAsLong() + ")" : ""));
            if (run != null) {
                s.append(String.format("run %s, fingerprint %016x%n", run.runId(), run.fingerprint()));
            }
            if (newest == null) {
                s.append(String.format("no valid image yet (%d invalid)%n", invalidImages));
                return s.toString();
            }
            s.append(String.format("newest image %s: %s, %.1f s old, %d rounds%s%n", newest.path().getFileName(),
                    sizes.withUnit(newestBytes), ageMillis / 1000.0, newest.rounds(),
                    invalidImages > 0 ? ", " + invalidImages + " newer invalid" : ""));
            for (Image.TaskImage t : newest.tasks()) {
                s.append(String.format("task %d  %-20s parent %d, state v%d %s, pending %s%n", t.id(),
                        t.program(), t.parentId(), t.stateVersion(), sizes.withUnit(t.state().length), pending(t.pending())));
            }
            for (OutputStatus o : outputs) {
                s.append(String.format("output %s: %s committed, %s in the file%n", o.name(),
                        sizes.withUnit(o.committed()), o.current() < 0 ? "none" : sizes.withUnit(o.current())));
            }
            return s.toString();
        }

        String json() {
            JsonObject o = new JsonObject().put("dir", dir.toString())
                    .put("job", run != null ? run.job() : newest != null ? newest.job() : null)
                    .put("state", state())
                    .put("live", ownerPid.isPresent())
                    .put("pid", ownerPid.isPresent() ? ownerPid.getAsLong() : null)
                    .put("run", run != null ? run.runId().toString() : null)
                    .put("invalid_images", invalidImages);
            if (newest != null) {
                o.put("newest_image", new JsonObject().put("name", newest.path().getFileName().toString())
                        .put("bytes", newestBytes).put("age_ms", ageMillis).put("rounds", newest.rounds()));
                List<JsonObject> tasks = new ArrayList<>();
                for (Image.TaskImage t : newest.tasks()) {
                    tasks.add(new JsonObject().put("id", t.id()).put("program", t.program())
                            .put("parent", t.parentId()).put("state_version", t.stateVersion())
                            .put("state_bytes", t.state().length).put("pending_signals", t.pending().length));
                }
                List<JsonObject> files = new ArrayList<>();
                for (OutputStatus output : outputs) {
                    files.add(new JsonObject().put("name", output.name()).put("committed_bytes", output.committed())
                            .put("file_bytes", output.current()));
                }
                o.put("tasks", tasks).put("outputs", files);
            }
            return o + System.lineSeparator();
        }

        private static String pending(int[] signals) {
            return signals.length == 0 ? "none" : String.join(",", Signals.names(signals));
        }
    }
}
