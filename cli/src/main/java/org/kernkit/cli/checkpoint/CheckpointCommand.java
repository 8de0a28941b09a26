package org.kernkit.cli.checkpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.CheckpointRequest;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.RunOutcome;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageDump;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.image.RunIdentity;
import org.kernkit.cli.CommandFailure;
import org.kernkit.cli.StderrTerminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kernkit checkpoint}: run, restart, inspect and list checkpointed batch jobs. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Batch jobs that survive a killed JVM: tasks restored with their original ids.",
        subcommands = {
            CheckpointCommand.Run.class,
            CheckpointCommand.Restart.class,
            CheckpointCommand.Request.class,
            StatusCommand.class,
            CheckpointCommand.Inspect.class,
            ListCommand.class
        })
public final class CheckpointCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Options shared by run and restart. */
    static final class PolicyOptions {
        @Option(names = "--interval-ms", defaultValue = "1000",
                description = "Checkpoint every this many milliseconds, 0 for none (default ${DEFAULT-VALUE}).")
        long intervalMs;

        @Option(names = "--retain", defaultValue = "3",
                description = "Images to keep, at least 2 (default ${DEFAULT-VALUE}).")
        int retain;

        /** @return what is wrong with the options, for a usage error, or null */
        String problem() {
            if (intervalMs < 0) {
                return "--interval-ms " + intervalMs + " is negative (0 means no timed checkpoints)";
            }
            if (retain < 2) {
                return "--retain " + retain + " must be at least 2 (the newest image and a fallback)";
            }
            return null;
        }

        CheckpointPolicy policy() {
            return new CheckpointPolicy(Duration.ofMillis(intervalMs), retain);
        }
    }

    static int runToEnd(Container container, CommandLine.Model.CommandSpec spec) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        container.installShutdownHook(Duration.ofSeconds(30));
        container.installSignalHandlers();
        PrintWriter err = spec.commandLine().getErr();
        boolean progress = StderrTerminal.isTerminal();
        if (progress) {
            container.setCheckpointObserver(c -> {
                err.printf("\r%s: %d rounds, %d checkpoints, %d output bytes   ", c.job().name(), c.rounds(),
                        c.checkpointsWritten(), c.outputBytes());
                err.flush();
            });
        }
        long start = System.nanoTime();
        RunOutcome outcome = container.run();
        if (progress) {
            err.println();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("%s after %d rounds in %.2f s; %d checkpoints written, newest %s%n",
                outcome == RunOutcome.FINISHED ? "finished" : "stopped", container.rounds(), seconds,
                container.checkpointsWritten(), container.lastImage().getFileName());
        for (String name : container.outputNames()) {
            out.printf("output %s: %d bytes%n", container.directory().resolve(name), container.output(name).length());
        }
        out.flush();
        return 0;
    }

    /** {@code kernkit checkpoint run JOB --dir DIR}, or {@code run --class-path CP --job NAME --dir DIR}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start a job afresh in DIR: a built-in one (pipeline: generated input through FIFOs into"
                    + " pipeline.out; terminal: a shell on a pty-like terminal with signals), or your own with"
                    + " --class-path and --job (see docs/checkpoint.md for the job contract).")
    static final class Run implements Callable<Integer> {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "pipeline or terminal")
        String job;

        @Option(names = "--job", paramLabel = "NAME",
                description = "Your job: the name of a Job provider (ServiceLoader) or a Job class on --class-path.")
        String userJob;

        @Option(names = "--class-path", paramLabel = "CP", split = ":", arity = "1..*",
                description = "JARs or class directories holding your job (':'-separated or repeated).")
        List<Path> classPath;

        @Option(names = "--dir", required = true, description = "Directory for images and outputs (must hold no images).")
        Path dir;

        @Option(names = "--size",
                description = "Records (pipeline) or script repeats (terminal, at most 1000000); default per job.")
        Long size;

        @Mixin
        PolicyOptions policy = new PolicyOptions();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (size != null && size < 0) {
                return CommandFailure.report(spec, "checkpoint run", "--size " + size + " is negative", 2);
            }
            if (policy.problem() != null) {
                return CommandFailure.report(spec, "checkpoint run", policy.problem(), 2);
            }
            if ((job == null) == (userJob == null)) {
                return CommandFailure.report(spec, "checkpoint run", "name a built-in JOB or --job NAME with"
                        + " --class-path, not " + (job == null ? "neither" : "both"), 2);
            }
            if (userJob != null && (classPath == null || size != null)) {
                return CommandFailure.report(spec, "checkpoint run", classPath == null
                        ? "--job " + userJob + " needs --class-path" : "--size is for the built-in jobs only", 2);
            }
            long chosenSize = size == null ? -1 : size;
            LaunchedJob launched;
            try {
                launched = userJob != null ? LaunchedJob.user(classPath, userJob)
                        : LaunchedJob.builtIn(job, chosenSize);
            } catch (IOException | IllegalArgumentException e) {
                return CommandFailure.report(spec, "checkpoint run", e.getMessage(), 2);
            }
            Job chosen = launched.job();
            try (launched; Container container = Container.create(dir, chosen, policy.policy(), launched.launch())) {
                out.printf("%s: started in %s with tasks %s; checkpoint every %d ms, keeping %d images%n",
                        chosen.name(), dir, container.taskIds(), policy.intervalMs, policy.retain);
                out.flush();
                return runToEnd(container, spec);
            } catch (IOException | RuntimeException e) {
                return CommandFailure.report(spec, "checkpoint run", e.getMessage());
            }
        }
    }

    /** {@code kernkit checkpoint restart --dir DIR}. */
    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Restart the job in DIR from its newest valid image (falling back past torn ones).")
    static final class Restart implements Callable<Integer> {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", required = true, description = "The job's directory.")
        Path dir;

        @Option(names = "--class-path", paramLabel = "CP", split = ":", arity = "1..*",
                description = "Where your job is now, if not where the run started (default: the run's class path).")
        List<Path> classPath;

        @Mixin
        PolicyOptions policy = new PolicyOptions();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (policy.problem() != null) {
                return CommandFailure.report(spec, "checkpoint restart", policy.problem(), 2);
            }
            try {
                RunIdentity run = RunIdentity.read(dir);
                if (run == null) {
                    return CommandFailure.report(spec, "checkpoint restart", "no checkpoint image and no run record"
                            + " in " + dir + (ImageStore.local(dir).images().isEmpty() ? "" : " (it holds images, but"
                            + " without " + RunIdentity.FILE_NAME + " nothing says which run they belong to)"));
                }
                try (LaunchedJob launched = LaunchedJob.of(run, classPath);
                        Container container = Container.restore(dir, launched.job(), policy.policy())) {
                    Job job = launched.job();
                    container.restoreMessages().forEach(m -> out.println("warning: " + m));
                    if (container.isFinished()) {
                        out.printf("%s in %s is finished (%s, %d rounds): nothing to restart, nothing changed%n",
                                job.name(), dir, container.restoredFrom().getFileName(), container.rounds());
                        out.flush();
                        return 0;
                    }
                    if (container.restoredFrom() == null) {
                        out.printf("%s: run %s had no image yet; started again from the beginning in %s with tasks"
                                + " %s%n", job.name(), run.shortId(), dir, container.taskIds());
                    } else {
                        out.printf("%s: restarted from %s (%d rounds) with tasks %s, next id %d%n", job.name(),
                                container.restoredFrom().getFileName(), container.rounds(), container.taskIds(),
                                container.nextTaskId());
                    }
                    out.flush();
                    return runToEnd(container, spec);
                }
            } catch (IOException | RuntimeException e) {
                return CommandFailure.report(spec, "checkpoint restart", e.getMessage());
            }
        }
    }

    /** {@code kernkit checkpoint request --dir DIR}. */
    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "Ask the live run or restart in DIR for a checkpoint now, and wait until it is durable.")
    static final class Request implements Callable<Integer> {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", required = true, description = "The job's directory.")
        Path dir;

        @Option(names = "--timeout-ms", defaultValue = "60000",
                description = "How long to wait for the image (default ${DEFAULT-VALUE}).")
        long timeoutMs;

        @Override
        public Integer call() throws InterruptedException {
            if (timeoutMs < 1) {
                return CommandFailure.report(spec, "checkpoint request", "--timeout-ms " + timeoutMs
                        + " must be at least 1", 2);
            }
            try {
                Path image = CheckpointRequest.send(dir, Duration.ofMillis(timeoutMs));
                spec.commandLine().getOut().printf("checkpoint written: %s%n", image);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException | RuntimeException e) {
                return CommandFailure.report(spec, "checkpoint request", e.getMessage());
            }
        }
    }

    /** {@code kernkit checkpoint inspect IMAGE}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print every section of an image in readable form (like CRIU's crit show).")
    static final class Inspect implements Callable<Integer> {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "An image file.")
        Path image;

        @Option(names = "--bytes", defaultValue = "64",
                description = "Bytes of each buffer and state to show (default ${DEFAULT-VALUE}; text only).")
        int bytes;

        @Option(names = "--json", description = "Print one JSON object instead of text (lengths, not bytes).")
        boolean json;

        @Override
        public Integer call() {
            if (bytes < 0) {
                return CommandFailure.report(spec, "checkpoint inspect", "--bytes " + bytes + " is negative", 2);
            }
            try {
                Image read = ImageCodec.read(image);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(ImageJson.of(read));
                    out.flush();
                } else {
                    ImageDump.print(read, bytes, out);
                }
                return 0;
            } catch (IOException | RuntimeException e) {
                return CommandFailure.report(spec, "checkpoint inspect", e.getMessage());
            }
        }
    }
}
