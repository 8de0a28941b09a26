package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.CliRun;

/** Bad numbers are usage errors (exit 2), failures name the file and the operation, and nothing prints a trace. */
class CheckpointUsageTest {

    @TempDir
    Path dir;

    private static void assertNoTrace(String output) {
        assertFalse(output.contains("Exception") || output.contains("\tat "), output);
    }

    @Test
    void aNegativeSizeIsAUsageError() {
        String out = CliRun.expectExit(2, "checkpoint", "run", "pipeline", "--dir", dir.resolve("j").toString(),
                "--size", "-7");
        assertTrue(out.contains("--size -7 is negative"), out);
        assertFalse(Files.exists(dir.resolve("j")), "nothing was created");
    }

    @Test
    void retainBelowTwoIsAUsageErrorWithoutATrace() {
        String out = CliRun.expectExit(2, "checkpoint", "run", "pipeline", "--dir", dir.toString(), "--retain", "1");
        assertTrue(out.contains("--retain 1 must be at least 2"), out);
        assertNoTrace(out);
    }

    @Test
    void aNegativeIntervalIsAUsageErrorForRunAndRestart() {
        String run = CliRun.expectExit(2, "checkpoint", "run", "pipeline", "--dir", dir.toString(),
                "--interval-ms", "-1");
        String restart = CliRun.expectExit(2, "checkpoint", "restart", "--dir", dir.toString(), "--interval-ms", "-1");
        assertTrue(run.contains("--interval-ms -1 is negative") && restart.contains("--interval-ms -1 is negative"),
                run + restart);
    }

    @Test
    void aTerminalJobBeyondItsLimitIsAUsageErrorNotSilentlyCut() {
        String out = CliRun.expectExit(2, "checkpoint", "run", "terminal", "--dir", dir.toString(), "--size",
                "5000000");
        assertTrue(out.contains("repeats 5000000 exceed 1000000"), out);
    }

    @Test
    void aNegativePreviewIsAUsageError() {
        String out = CliRun.expectExit(2, "checkpoint", "inspect", dir.resolve("x").toString(), "--bytes", "-3");
        assertTrue(out.contains("--bytes -3 is negative"), out);
    }

    @Test
    void aDirectoryThatIsAFileNamesTheOperationAndThePath() throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        String out = CliRun.expectExit(1, "checkpoint", "run", "pipeline", "--dir", file.toString());
        assertTrue(out.contains("cannot create job directory " + file + ": already exists"), out);
        assertNoTrace(out);
    }

    @Test
    void inspectOfAMissingImageNamesTheOperationAndThePath() {
        Path missing = dir.resolve("image-000000000001.kkc");
        String out = CliRun.expectExit(1, "checkpoint", "inspect", missing.toString());
        assertTrue(out.contains("cannot read checkpoint image " + missing + ": no such file or directory"), out);
    }
}
