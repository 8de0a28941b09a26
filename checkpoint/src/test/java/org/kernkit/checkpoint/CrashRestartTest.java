package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernkit.testkit.ChildJvm.awaitOutput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.testkit.ChildJvm;

/**
 * The crash test: the test pipeline ({@link NumberPipeline}) runs in a child JVM that is killed with SIGKILL at random instants (during JVM
 * start, restore, steps and image writes), restarted from its directory each time until it finishes; its output must
 * be byte-identical to an uninterrupted run.
 *
 * <p>{@code -Dkernkit.crash.kills=N} (default 80) sets the number of kills, {@code -Dkernkit.crash.seed=S} replays
 * a run. About 0.5 s per kill on a 2-core machine.
 */
class CrashRestartTest {

    private static final long RECORDS = 20_000;
    private static final String INTERVAL_MS = "5";
    private static final Pattern RESTORED_TASKS = Pattern.compile("tasks \\[([0-9, ]*)\\], next id (\\d+)");

    @TempDir
    Path dir;

    /**
     * Runs the pipeline to completion under random kills, in fresh directories, until the target number of kills is
     * reached; each completed run's output is checked.
     */
    @Test
    void aPipelineKilledAtRandomInstantsWritesTheOutputOfAnUninterruptedRun() throws Exception {
        int targetKills = Integer.getInteger("kernkit.crash.kills", 80);
        long seed = Long.getLong("kernkit.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        byte[] expected = NumberPipeline.expectedOutput(RECORDS);
        Tally tally = new Tally();
        int runs = 0;
        while (tally.kills < targetKills) {
            runs++;
            Path jobDir = dir.resolve("job-" + runs);
            runUntilFinished(jobDir, random, targetKills, tally, seed);
            byte[] actual = Files.readAllBytes(jobDir.resolve(NumberPipeline.OUTPUT));
            assertEquals(expected.length, actual.length, "output length of run " + runs + " (seed " + seed + ")");
            assertArrayEquals(expected, actual, "output bytes of run " + runs + " (seed " + seed + ")");
        }
        System.out.printf("crash test: %d runs to completion, %d kills (%d before 'running', %d left a half-written"
                + " image), %d fallbacks past a rejected image, seed %d%n", runs, tally.kills, tally.beforeRunning,
                tally.duringImageWrite, tally.rejections.size(), seed);
        tally.rejections.forEach(n -> System.out.println("  " + n));
        assertTrue(tally.kills >= targetKills);
    }

    private static final class Tally {
        int kills;
        int beforeRunning;
        int duringImageWrite;
        final List<String> rejections = new ArrayList<>();
    }

    private void runUntilFinished(Path jobDir, Random random, int targetKills, Tally tally, long seed)
            throws Exception {
        for (int life = 1; ; life++) {
            if (life > 2000) {
                fail("no finish after " + life + " lives (seed " + seed + ")");
            }
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            Process process = start(jobDir, stdout, stderr);
            if (tally.kills < targetKills) {
                if (random.nextInt(4) == 0) {
                    // A random instant from process start: JVM start-up, restore, output truncation, or running.
                    Thread.sleep(random.nextInt(700));
                } else {
                    awaitOutput(process, stdout, "running");
                    Thread.sleep(random.nextInt(150));
                }
                if (process.isAlive()) {
                    boolean running = Files.exists(stdout) && Files.readString(stdout).contains("running");
                    process.destroyForcibly(); // SIGKILL on Linux
                    process.waitFor(30, TimeUnit.SECONDS);
                    tally.kills++;
                    tally.beforeRunning += running ? 0 : 1;
                    tally.duringImageWrite += temporaryImageLeft(jobDir) ? 1 : 0;
                    checkRestartLines(stderr, tally.rejections);
                    continue;
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("child did not finish in 120 s (seed " + seed + ")");
            }
            checkRestartLines(stderr, tally.rejections);
            if (process.exitValue() != 0) {
                fail("child exited " + process.exitValue() + " (seed " + seed + "): " + Files.readString(stderr));
            }
            assertTrue(Files.readString(stdout).contains("finished"), Files.readString(stdout));
            return;
        }
    }

    @Test
    void sigtermWritesACheckpointFromTheShutdownHookBeforeTheJvmExits() throws Exception {
        Path jobDir = dir.resolve("term");
        Path stdout = dir.resolve("stdout-term");
        Path stderr = dir.resolve("stderr-term");
        // No timed checkpoints: the only images are the first one and the shutdown hook's.
        Process process = start(jobDir, stdout, stderr, "3600000");
        awaitOutput(process, stdout, "running");
        Thread.sleep(300);
        process.destroy(); // SIGTERM on Linux
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child did not exit after SIGTERM");
        List<Path> images = org.kernkit.checkpoint.image.ImageStore.local(jobDir).images();
        assertEquals(2, images.size(), images + " " + Files.readString(stderr));
        org.kernkit.checkpoint.image.Image last = org.kernkit.checkpoint.image.ImageCodec.read(images.getLast());
        assertTrue(last.rounds() > 0, "the hook's image is taken after some rounds: " + last.rounds());
        long committed = last.outputs().getFirst().length();
        assertTrue(committed > 0 && Files.size(jobDir.resolve(NumberPipeline.OUTPUT)) >= committed);
        // And the job resumes from it to the right output.
        Process rest = start(jobDir, stdout, stderr, INTERVAL_MS);
        assertTrue(rest.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, rest.exitValue(), Files.readString(stderr));
        assertArrayEquals(NumberPipeline.expectedOutput(RECORDS),
                Files.readAllBytes(jobDir.resolve(NumberPipeline.OUTPUT)));
    }

    private static Process start(Path jobDir, Path stdout, Path stderr) throws IOException {
        return start(jobDir, stdout, stderr, INTERVAL_MS);
    }

    private static Process start(Path jobDir, Path stdout, Path stderr, String intervalMs) throws IOException {
        // Separate stdout and stderr: the restart lines are checked on stderr alone.
        return new ProcessBuilder(ChildJvm.command(NumberPipelineMain.class, jobDir.toString(),
                Long.toString(RECORDS), intervalMs))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    private static boolean temporaryImageLeft(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(jobDir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".kkc.tmp"));
        }
    }

    /** Checks the restart lines: restored ids are the pipeline's original ones, and the next id is above them. */
    private static void checkRestartLines(Path stderr, List<String> rejections) throws IOException {
        if (!Files.exists(stderr)) {
            return;
        }
        for (String line : Files.readAllLines(stderr)) {
            if (line.contains("rejected")) {
                rejections.add(line);
            }
            Matcher m = RESTORED_TASKS.matcher(line);
            if (m.find()) {
                // Before init's first step only task 1 exists (next id 2); afterwards ids 1..4 (next id 5).
                int next = Integer.parseInt(m.group(2));
                assertTrue(next == 2 || next == 5, "next id " + next + ": " + line);
                if (!m.group(1).isBlank()) {
                    for (String id : m.group(1).split(", ")) {
                        int value = Integer.parseInt(id);
                        assertTrue(value >= 1 && value < next, "restored id " + value + ": " + line);
                    }
                }
            }
        }
    }
}
