package org.kernkit.checkpoint.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

/**
 * The crash test: the example pipeline runs in a child JVM that is killed with SIGKILL at random instants (during JVM
 * start, restore, steps and image writes), restarted from its directory each time until it finishes; its output must
 * be byte-identical to an uninterrupted run.
 *
 * <p>{@code -Dkernkit.crash.kills=N} (default 40) sets the number of kills, {@code -Dkernkit.crash.seed=S} replays
 * a run. About 0.5 s per kill on a 2-core machine.
 */
class CrashRestartTest {

    private static final long RECORDS = 300_000;
    private static final String INTERVAL_MS = "5";
    private static final Pattern RESTORED_TASKS = Pattern.compile("tasks \\[([0-9, ]*)\\], next id (\\d+)");

    @TempDir
    Path dir;

    @Test
    void aPipelineKilledAtRandomInstantsWritesTheOutputOfAnUninterruptedRun() throws Exception {
        int targetKills = Integer.getInteger("kernkit.crash.kills", 40);
        long seed = Long.getLong("kernkit.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path jobDir = dir.resolve("job");
        byte[] expected = PipelineJob.expectedOutput(RECORDS, ExampleJobs.DEFAULT_SEED);
        int kills = 0;
        int killsBeforeRunning = 0;
        int killsDuringImageWrite = 0;
        int restarts = 0;
        List<String> restoreNotes = new ArrayList<>();
        for (int life = 1; ; life++) {
            if (life > targetKills * 3 + 20) {
                fail("no finish after " + life + " lives (" + kills + " kills, seed " + seed + ")");
            }
            Path stdout = dir.resolve("stdout-" + life);
            Path stderr = dir.resolve("stderr-" + life);
            Process process = start(jobDir, stdout, stderr);
            if (kills < targetKills) {
                if (random.nextInt(4) == 0) {
                    // A random instant from process start: JVM start-up, restore, output truncation, or running.
                    Thread.sleep(random.nextInt(700));
                } else {
                    awaitRunning(process, stdout);
                    Thread.sleep(random.nextInt(150));
                }
                if (process.isAlive()) {
                    boolean running = Files.exists(stdout) && Files.readString(stdout).contains("running");
                    process.destroyForcibly(); // SIGKILL on Linux
                    process.waitFor(30, TimeUnit.SECONDS);
                    kills++;
                    killsBeforeRunning += running ? 0 : 1;
                    killsDuringImageWrite += temporaryImageLeft(jobDir) ? 1 : 0;
                    collectRestoreNotes(stderr, restoreNotes);
                    restarts++;
                    continue;
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("child did not finish in 120 s (seed " + seed + ")");
            }
            collectRestoreNotes(stderr, restoreNotes);
            if (process.exitValue() != 0) {
                fail("child exited " + process.exitValue() + " (seed " + seed + "): " + Files.readString(stderr));
            }
            assertTrue(Files.readString(stdout).contains("finished"), Files.readString(stdout));
            break;
        }
        System.out.printf("crash test: %d kills (%d before 'running', %d left a half-written image), %d restarts,"
                + " seed %d%n", kills, killsBeforeRunning, killsDuringImageWrite, restarts, seed);
        restoreNotes.stream().filter(n -> n.contains("rejected")).forEach(n -> System.out.println("  " + n));
        assertEquals(targetKills, kills);
        byte[] actual = Files.readAllBytes(jobDir.resolve(PipelineJob.OUTPUT));
        assertEquals(expected.length, actual.length, "output length (seed " + seed + ")");
        assertArrayEquals(expected, actual, "output bytes (seed " + seed + ")");
    }

    private static Process start(Path jobDir, Path stdout, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classes = Path.of(ExampleJobMain.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classes,
                ExampleJobMain.class.getName(), PipelineJob.NAME, jobDir.toString(), Long.toString(RECORDS),
                INTERVAL_MS)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    private static void awaitRunning(Process process, Path stdout) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(stdout) && Files.readString(stdout).contains("running")) {
                return;
            }
            Thread.sleep(2);
        }
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
    private static void collectRestoreNotes(Path stderr, List<String> notes) throws IOException {
        if (!Files.exists(stderr)) {
            return;
        }
        for (String line : Files.readAllLines(stderr)) {
            notes.add(line);
            Matcher m = RESTORED_TASKS.matcher(line);
            if (m.find()) {
                int next = Integer.parseInt(m.group(2));
                assertEquals(5, next, line);
                if (!m.group(1).isBlank()) {
                    for (String id : m.group(1).split(", ")) {
                        int value = Integer.parseInt(id);
                        assertTrue(value >= 1 && value <= 4, "restored id " + value + ": " + line);
                    }
                }
            }
        }
    }
}
