package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.CliRun;
import org.kernkit.cli.Kernkit;
import org.kernkit.cli.SizeOptions;
import org.kernkit.testkit.ChildJvm;

/** {@code kernkit checkpoint status}: job, live and pid, tasks, newest image, committed output; text and JSON. */
class CheckpointStatusTest {

    @TempDir
    Path dir;

    @Test
    void statusOfAFinishedJobShowsItsImageAndCommittedOutput() {
        CliRun.expectExit(0, "checkpoint", "run", "pipeline", "--dir", dir.toString(), "--size", "1000");
        String text = CliRun.expectExit(0, "checkpoint", "status", "--dir", dir.toString());
        assertTrue(text.startsWith("job pipeline in " + dir + ": finished"), text);
        assertTrue(text.contains("output pipeline.out: "), text);
        String json = CliRun.expectExit(0, "checkpoint", "status", "--dir", dir.toString(), "--json");
        assertTrue(json.contains("\"job\":\"pipeline\"") && json.contains("\"state\":\"finished\"")
                && json.contains("\"live\":false") && json.contains("\"pid\":null")
                && json.contains("\"committed_bytes\":"), json);
    }

    @Test
    void dashHPrintsStatusAndListSizesInBinaryUnitsAndHelpStaysAtDoubleDashHelp() throws Exception {
        CliRun.expectExit(0, "checkpoint", "run", "pipeline", "--dir", dir.toString(), "--size", "20000");
        long committed = Files.size(dir.resolve("pipeline.out"));
        String exact = CliRun.expectExit(0, "checkpoint", "status", "--dir", dir.toString());
        assertTrue(exact.contains("output pipeline.out: " + committed + " bytes committed"), exact);
        String human = CliRun.expectExit(0, "checkpoint", "status", "--dir", dir.toString(), "-h");
        assertTrue(human.contains("output pipeline.out: " + SizeOptions.human(committed) + " committed"), human);
        String list = CliRun.expectExit(0, "checkpoint", "list", "--dir", dir.toString(), "-h");
        assertTrue(list.matches("(?s).*image-\\S+ +[0-9.]+ (B|KiB|MiB)  .*"), list);
        assertTrue(CliRun.expectExit(0, "checkpoint", "status", "--help").contains("--human-readable"));
    }

    @Test
    void statusOfALiveJobNamesItsPidAndItsTasks() throws Exception {
        Path log = dir.resolve("live.log");
        Path job = dir.resolve("job");
        Process live = ChildJvm.start(Kernkit.class, log, "checkpoint", "run", "pipeline", "--dir",
                job.toString(), "--size", "1500000", "--interval-ms", "20");
        try {
            assertTrue(ChildJvm.awaitOutput(live, log, "started in"), Files.readString(log));
            // The first image holds only init; wait for the request to make one with the whole pipeline.
            CliRun.expectExit(0, "checkpoint", "request", "--dir", job.toString());
            String json = CliRun.expectExit(0, "checkpoint", "status", "--dir", job.toString(), "--json");
            assertTrue(json.contains("\"live\":true") && json.contains("\"pid\":" + live.pid()), json);
            assertTrue(json.contains("\"program\":\"pipeline.init\""), json);
            String text = CliRun.expectExit(0, "checkpoint", "status", "--dir", job.toString());
            assertTrue(text.contains(": live (pid " + live.pid() + ")") && text.contains("task 1  pipeline.init"),
                    text);
        } finally {
            live.destroy();
            assertTrue(live.waitFor(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void statusOfAMissingDirectoryNamesIt() {
        String out = CliRun.expectExit(1, "checkpoint", "status", "--dir", dir.resolve("nope").toString());
        assertEquals("kernkit checkpoint status: no job directory " + dir.resolve("nope") + "\n", out);
    }
}
