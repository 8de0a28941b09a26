package org.kernkit.checkpoint;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs {@link NumberPipeline} in its own JVM, restarting from DIR's images if there are any: the child of the crash,
 * lock and signal tests, which kill it at random instants.
 *
 * <pre>
 * java -cp ... org.kernkit.checkpoint.NumberPipelineMain DIR LINES INTERVAL_MS
 * </pre>
 *
 * Prints {@code running} once the container is set up (restored or fresh) and {@code finished} at the end; the
 * restart lines go to stderr. Exit codes: 0 finished, 2 usage, 3 failed.
 */
public final class NumberPipelineMain {

    private NumberPipelineMain() {}

    /**
     * Runs the pipeline.
     *
     * @param args DIR LINES INTERVAL_MS
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: NumberPipelineMain DIR LINES INTERVAL_MS");
            System.exit(2);
        }
        try {
            CheckpointPolicy policy = CheckpointPolicy.every(Duration.ofMillis(Long.parseLong(args[2])));
            NumberPipeline job = new NumberPipeline(Long.parseLong(args[1]));
            try (Container container = Container.open(Path.of(args[0]), job, policy)) {
                container.restoreMessages().forEach(m -> System.err.println("restart: " + m));
                if (container.restoredFrom() != null) {
                    System.err.println("restart: from " + container.restoredFrom().getFileName() + ", tasks "
                            + container.taskIds() + ", next id " + container.nextTaskId());
                }
                container.installShutdownHook(Duration.ofSeconds(10));
                container.installSignalHandlers();
                System.out.println("running");
                System.out.flush();
                RunOutcome outcome = container.run();
                System.out.println(outcome == RunOutcome.FINISHED ? "finished" : "stopped");
            }
            System.exit(0);
        } catch (Exception e) {
            System.err.println("NumberPipelineMain: " + e);
            System.exit(3);
        }
    }
}
