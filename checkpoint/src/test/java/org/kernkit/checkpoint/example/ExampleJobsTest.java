package org.kernkit.checkpoint.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.RunOutcome;

class ExampleJobsTest {

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

    /** Stops after a random number of rounds (checkpointing), restarts from the directory, repeats: same output. */
    @Property(tries = 12)
    void aPipelineStoppedAndRestartedAnywhereWritesTheSameOutput(@ForAll @IntRange(min = 2, max = 60) int slice,
            @ForAll @IntRange(min = 0, max = 1000) int seed) throws IOException {
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
            assertArrayEquals(PipelineJob.expectedOutput(2000, seed), Files.readAllBytes(d.resolve(PipelineJob.OUTPUT)),
                    "slice " + slice + ", " + restarts + " restarts");
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

    @Property(tries = 10)
    void aTerminalJobStoppedAndRestartedAnywhereWritesTheSameLogAndConsole(
            @ForAll @IntRange(min = 3, max = 60) int slice) throws IOException {
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
                assertArrayEquals(Files.readAllBytes(once.resolve(file)), Files.readAllBytes(pieces.resolve(file)),
                        file + " with slices of " + slice + " rounds");
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
