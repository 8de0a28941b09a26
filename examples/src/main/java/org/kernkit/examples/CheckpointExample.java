package org.kernkit.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.RunOutcome;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;

/** A one-task job that is stopped after three steps, checkpointed, and restarted from its image. */
public final class CheckpointExample {

    private CheckpointExample() {
    }

    /**
     * How the two runs ended and what the job wrote.
     *
     * @param firstRun how the first run ended
     * @param outputAfterFirstRun the output when the first run had stopped
     * @param restoredFrom the image the second container was restored from
     * @param secondRun how the restarted run ended
     * @param output the whole output at the end
     */
    public record Runs(RunOutcome firstRun, String outputAfterFirstRun, Path restoredFrom, RunOutcome secondRun,
            String output) {
    }

    /**
     * Runs the job in {@code directory}, stops it after three rounds, and restarts it from its image.
     *
     * @param directory an empty or missing job directory
     * @return how the runs ended and what the job wrote
     * @throws IOException if the directory, an image or the output cannot be written or read
     */
    public static Runs run(Path directory) throws IOException {
        // tag::example[]
        // A task's whole state is explicit (here the count so far, in a long[1]); its codec puts it in the image.
        TaskProgram<long[]> counter = new TaskProgram<>() {
            public String name() { return "counter"; }
            public StateCodec<long[]> codec() {
                return new StateCodec<>() {
                    public void encode(long[] count, StateWriter out) { out.putLong(count[0]); }
                    public long[] decode(StateReader in) throws ImageFormatException {
                        return new long[] {in.getLong()};
                    }
                };
            }
            public StepResult step(long[] count, TaskContext context) throws IOException {   // one line per step
                if (count[0] == 5) return StepResult.EXIT;
                context.output("count.out").append(++count[0] + "\n");
                return StepResult.PROGRESS;
            }
        };
        Job job = new Job() {
            public String name() { return "count-to-five"; }
            public List<TaskProgram<?>> programs() { return List.of(counter); }
            public void start(Container container) throws IOException {
                container.createOutput("count.out");
                container.spawn(counter, new long[] {0});
            }
        };
        CheckpointPolicy onlyOnStop = new CheckpointPolicy(Duration.ZERO, 2);   // no timed checkpoints; keep 2
        RunOutcome first;
        try (Container container = Container.create(directory, job, onlyOnStop)) {
            first = container.run(3);   // three scheduling rounds, then a checkpoint: STOPPED
        }
        String afterFirst = Files.readString(directory.resolve("count.out"));   // "1\n2\n3\n"
        try (Container container = Container.restore(directory, job, onlyOnStop)) {   // as after a crash
            RunOutcome second = container.run();   // the task goes on from count 3 to the end: FINISHED
            return new Runs(first, afterFirst, container.restoredFrom(), second,
                    Files.readString(directory.resolve("count.out")));   // "1\n2\n3\n4\n5\n", each line once
        }
        // end::example[]
    }

    /**
     * Runs the example in a temporary directory, prints what the job wrote, and deletes the directory.
     *
     * @param args ignored
     * @throws IOException if the directory, an image or the output cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createTempDirectory("kernkit-checkpoint-example");
        try {
            Runs runs = run(directory);
            System.out.println("first run " + runs.firstRun() + " after " + runs.outputAfterFirstRun().lines().count()
                    + " lines; restored from " + runs.restoredFrom().getFileName() + "; second run "
                    + runs.secondRun());
            System.out.print(runs.output());
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {   // children before parents
                    Files.delete(file);
                }
            }
        }
    }
}
