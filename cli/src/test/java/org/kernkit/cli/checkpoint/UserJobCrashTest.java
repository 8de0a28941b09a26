package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.RunIdentity;
import org.kernkit.cli.Kernkit;
import org.kernkit.testkit.ChildJvm;

/**
 * The crash test through the CLI path with a user job: {@code kernkit checkpoint run --class-path JAR --job numbers}
 * in a child JVM, SIGKILLed at random instants, then {@code kernkit checkpoint restart --dir D} (which finds the job
 * from the run record) until it finishes; the output must be byte-identical to an uninterrupted run.
 * {@code -Dkernkit.crash.userKills=N} (default 15) and {@code -Dkernkit.crash.seed=S}.
 */
class UserJobCrashTest {

    @TempDir
    Path dir;

    @Test
    void aUserJobRunThroughTheCliAndKilledAtRandomInstantsWritesTheOutputOfAnUninterruptedRun() throws Exception {
        int targetKills = Integer.getInteger("kernkit.crash.userKills", 15);
        long seed = Long.getLong("kernkit.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path jar = UserJobJar.build(dir.resolve("build"), true);
        int kills = 0;
        int runs = 0;
        // Fresh directories until the kill target is reached: a life may finish before its kill comes.
        while (kills < targetKills) {
            runs++;
            Path job = dir.resolve("job-" + runs);
            kills += runUntilFinished(jar, job, random, targetKills - kills, seed);
            assertArrayEquals(UserJobJar.expectedOutput(), Files.readAllBytes(job.resolve(UserJobJar.OUTPUT)),
                    "output of run " + runs + " after " + kills + " kills in all (seed " + seed + ")");
        }
        System.out.printf("user-job crash test: %d runs to completion, %d kills, seed %d%n", runs, kills, seed);
    }

    /** @return the kills it took */
    private int runUntilFinished(Path jar, Path job, Random random, int killsLeft, long seed) throws Exception {
        Path log = dir.resolve("child.log");
        int kills = 0;
        for (int life = 1; ; life++) {
            if (life > 500) {
                fail("no finish after " + life + " lives (seed " + seed + ")");
            }
            List<String> args = new ArrayList<>();
            if (Files.exists(job.resolve(RunIdentity.FILE_NAME))) {
                args.addAll(List.of("checkpoint", "restart", "--dir", job.toString()));
            } else {
                args.addAll(UserJobJar.runArgs(jar, UserJobJar.JOB, job));
            }
            args.addAll(List.of("--interval-ms", "5"));
            Process child = ChildJvm.start(Kernkit.class, log, args.toArray(String[]::new));
            if (kills < killsLeft) {
                Thread.sleep(200 + random.nextInt(900));
                if (child.isAlive()) {
                    child.destroyForcibly(); // SIGKILL
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    kills++;
                    continue;
                }
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish (seed " + seed + ")");
            String output = Files.readString(log);
            assertEquals(0, child.exitValue(), output + " (seed " + seed + ")");
            assertTrue(output.contains("finished"), output);
            return kills;
        }
    }
}
