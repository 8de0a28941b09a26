package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.cli.CliRun;

/** Your own job from a JAR: found by ServiceLoader name or by class name, and found again at restart. */
class UserJobTest {

    @TempDir
    Path dir;

    @Test
    void aUserJobFoundByItsProviderNameRunsAndRestartFindsItFromTheRunRecord() throws Exception {
        Path jar = UserJobJar.build(dir.resolve("build"), true);
        Path job = dir.resolve("job");
        String run = CliRun.expectExit(0, UserJobJar.runArgs(jar, UserJobJar.JOB, job).toArray(String[]::new));
        assertTrue(run.contains("numbers: started in"), run);
        assertArrayEquals(UserJobJar.expectedOutput(), Files.readAllBytes(job.resolve(UserJobJar.OUTPUT)));
        // As if killed after the first image: restart needs no --job and no --class-path.
        Files.delete(ImageStore.local(job).images().getLast());
        String restart = CliRun.expectExit(0, "checkpoint", "restart", "--dir", job.toString());
        assertTrue(restart.contains("numbers: restarted from"), restart);
        assertArrayEquals(UserJobJar.expectedOutput(), Files.readAllBytes(job.resolve(UserJobJar.OUTPUT)));
    }

    @Test
    void aUserJobCanBeNamedByItsClass() throws Exception {
        Path jar = UserJobJar.build(dir.resolve("build"), false);
        Path job = dir.resolve("job");
        CliRun.expectExit(0, UserJobJar.runArgs(jar, UserJobJar.CLASS, job).toArray(String[]::new));
        assertArrayEquals(UserJobJar.expectedOutput(), Files.readAllBytes(job.resolve(UserJobJar.OUTPUT)));
    }

    @Test
    void anUnknownUserJobIsAUsageErrorNamingWhatWasFound() throws Exception {
        Path jar = UserJobJar.build(dir.resolve("build"), true);
        String out = CliRun.expectExit(2, UserJobJar.runArgs(jar, "nosuch", dir.resolve("job"))
                .toArray(String[]::new));
        assertTrue(out.contains("no job nosuch on " + jar.toAbsolutePath()) && out.contains("[numbers]"), out);
    }

    @Test
    void restartWithAClassPathThatNoLongerHoldsTheJobFailsNamingIt() throws Exception {
        Path jar = UserJobJar.build(dir.resolve("build"), true);
        Path job = dir.resolve("job");
        CliRun.expectExit(0, UserJobJar.runArgs(jar, UserJobJar.JOB, job).toArray(String[]::new));
        Files.delete(jar);
        String out = CliRun.expectExit(1, "checkpoint", "restart", "--dir", job.toString());
        assertTrue(out.contains("class path entry " + jar.toAbsolutePath() + " does not exist"), out);
    }
}
