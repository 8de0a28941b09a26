package org.kernkit.cli.checkpoint.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.RunOutcome;
import org.kernkit.testkit.Trials;

class BuiltInJobsTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 2);

    @TempDir
    Path dir;

    @Test
    void anUninterruptedPipelineWritesWhatTheReferenceModelComputes() throws IOException {
        try (Container c = Container.create(dir, new PipelineJob(5000, 7), MANUAL)) {
            assertEquals(RunOutcome.FINISHED, c.run());
            assertEquals(java.util.List.of(), c.taskIds());
            assertEquals(5, c.nextTaskId(), "init, generate, transform, sink");
        }
        byte[] out = Files.readAllBytes(dir.resolve(PipelineJob.OUTPUT));
        assertArrayEquals(PipelineJob.expectedOutput(5000, 7), out);
        assertTrue(new String(out).endsWith("\n") && new String(out).contains("# 5000 lines"));
    }

    /** A model that expects one byte other than the reference output: the restart properties must catch it. */
    private static final UnaryOperator<byte[]> ONE_BYTE_OFF = expected -> {
        byte[] wrong = expected.clone();
        wrong[wrong.length - 1] ^= 1;
        return wrong;
    };

    /** Stops after a random number of rounds (checkpointing), restarts from the directory, repeats: same output. */
    @Test
    void aPipelineStoppedAndRestartedAnywhereWritesTheSameOutput() {
        Trials.forEach("aPipelineStoppedAndRestartedAnywhereWritesTheSameOutput", 12,
                random -> pipelineInSlices(random, UnaryOperator.identity()));
    }

    @Test
    void thePipelineRestartPropertyCatchesAnOutputThatDiffersInOneByte() {
        assertThrows(AssertionError.class, () -> Trials.forEach(
                "aPipelineStoppedAndRestartedAnywhereWritesTheSameOutput", 12,
                random -> pipelineInSlices(random, ONE_BYTE_OFF)));
    }

    /** A value in {@code [min, max]}, the bounds themselves a quarter of the time (where off-by-ones live). */
    private static int between(SplittableRandom random, int min, int max) {
        return random.nextInt(4) == 0 ? (random.nextBoolean() ? min : max) : random.nextInt(min, max + 1);
    }

    private static void pipelineInSlices(SplittableRandom random, UnaryOperator<byte[]> expected) throws IOException {
        int slice = between(random, 2, 60);
        int seed = between(random, 0, 1000);
        Path d = Files.createTempDirectory("kernkit-pipeline");
        try {
            PipelineJob job = new PipelineJob(2000, seed);
            RunOutcome outcome;
            try (Container c = Container.create(d, job, MANUAL)) {
                outcome = c.run(slice);
            }
            int restarts = 0;
            while (outcome != RunOutcome.FINISHED) {
                try (Container c = Container.restore(d, job, MANUAL)) {
                    assertEquals(5, c.nextTaskId());
                    outcome = c.run(slice + restarts % 7);
                }
                restarts++;
            }
            assertArrayEquals(expected.apply(PipelineJob.expectedOutput(2000, seed)),
                    Files.readAllBytes(d.resolve(PipelineJob.OUTPUT)),
                    "slice " + slice + ", seed " + seed + ", " + restarts + " restarts");
        } finally {
            try (var files = Files.walk(d)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theTerminalJobHandlesEveryLineInterruptAndSignal() throws IOException {
        int repeats = 20;
        try (Container c = Container.create(dir, new TerminalJob(repeats), MANUAL)) {
            assertEquals(RunOutcome.FINISHED, c.run());
        }
        String log = Files.readString(dir.resolve(TerminalJob.LOG));
        assertTrue(log.endsWith("exit after " + (5 * repeats + 1) + " lines, " + repeats + " interrupts, "
                + (3 * repeats) + " SIGUSR1\n"), log.substring(Math.max(0, log.length() - 200)));
        assertTrue(log.contains("line 2: echo typo fixed 0\n"), "erase characters edited the line");
        assertTrue(log.contains("SIGINT #1 after line 4\n"), "Ctrl-C interrupted the shell");
        String console = Files.readString(dir.resolve(TerminalJob.CONSOLE));
        // Echo and the shell's replies interleave, as on a real terminal; every Ctrl-C is echoed once.
        assertEquals(repeats, console.split("\\^C\n", -1).length - 1, console.substring(0, 300));
        assertTrue(console.endsWith("logout\n"));
        // While SIGUSR1 is blocked (between "block" and "unblock"), no SIGUSR1 is handled.
        boolean blocked = false;
        for (String line : log.lines().toList()) {
            if (line.endsWith(": block")) {
                blocked = true;
            } else if (line.endsWith(": unblock")) {
                blocked = false;
            } else if (blocked) {
                assertTrue(!line.startsWith("SIGUSR1"), "SIGUSR1 handled while blocked: " + line);
            }
        }
    }

    @Test
    void aTerminalJobStoppedAndRestartedAnywhereWritesTheSameLogAndConsole() {
        Trials.forEach("aTerminalJobStoppedAndRestartedAnywhereWritesTheSameLogAndConsole", 10,
                random -> terminalInSlices(between(random, 3, 60), UnaryOperator.identity()));
    }

    @Test
    void theTerminalRestartPropertyCatchesALogThatDiffersInOneByte() {
        assertThrows(AssertionError.class, () -> Trials.forEach(
                "aTerminalJobStoppedAndRestartedAnywhereWritesTheSameLogAndConsole", 10,
                random -> terminalInSlices(between(random, 3, 60), ONE_BYTE_OFF)));
    }

    /** Runs the terminal job whole and in slices with restarts; {@code expected} maps the whole run's files. */
    private static void terminalInSlices(int slice, UnaryOperator<byte[]> expected) throws IOException {
        Path once = Files.createTempDirectory("kernkit-tty-once");
        Path pieces = Files.createTempDirectory("kernkit-tty-pieces");
        try {
            TerminalJob job = new TerminalJob(8);
            try (Container c = Container.create(once, job, MANUAL)) {
                c.run();
            }
            RunOutcome outcome;
            try (Container c = Container.create(pieces, job, MANUAL)) {
                outcome = c.run(slice);
            }
            while (outcome != RunOutcome.FINISHED) {
                try (Container c = Container.restore(pieces, job, MANUAL)) {
                    outcome = c.run(slice);
                }
            }
            for (String file : new String[] {TerminalJob.LOG, TerminalJob.CONSOLE}) {
                assertArrayEquals(expected.apply(Files.readAllBytes(once.resolve(file))),
                        Files.readAllBytes(pieces.resolve(file)), file + " with slices of " + slice + " rounds");
            }
        } finally {
            for (Path d : new Path[] {once, pieces}) {
                try (var files = Files.walk(d)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
