package org.kernkit.checkpoint.example;

import java.nio.file.Path;
import java.time.Duration;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.RunOutcome;

/**
 * Runs an example job in its own JVM, restarting from DIR's images if there are any; used by the crash test and the
 * tour, which kill it with SIGKILL at random instants.
 *
 * <pre>
 * java -cp ... org.kernkit.checkpoint.example.ExampleJobMain JOB DIR [SIZE] [INTERVAL_MS]
 * </pre>
 *
 * Prints {@code running} once the container is set up (restored or fresh), {@code finished} at the end. Exit codes:
 * 0 finished, 3 failed.
 */
public final class ExampleJobMain {

    private ExampleJobMain() {}

    /**
     * Runs an example job in its directory, restoring it if the directory has images; exits 0 when the job
     * finishes, 2 on a usage error, 3 when it fails.
     *
     * @param args JOB DIR [SIZE] [INTERVAL_MS]
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ExampleJobMain JOB DIR [SIZE] [INTERVAL_MS]");
            System.exit(2);
        }
        try {
            long size = args.length > 2 ? Long.parseLong(args[2]) : -1;
            long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : 50;
            CheckpointPolicy policy = CheckpointPolicy.every(Duration.ofMillis(intervalMs));
            try (Container container = Container.open(Path.of(args[1]), ExampleJobs.byName(args[0], size), policy)) {
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
            System.err.println("ExampleJobMain: " + e);
            System.exit(3);
        }
    }
}
