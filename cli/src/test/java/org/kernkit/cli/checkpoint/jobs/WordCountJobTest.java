package org.kernkit.cli.checkpoint.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.RunOutcome;

/** The word count with derived codecs counts right, uninterrupted and across restarts mid-stream. */
class WordCountJobTest {

    private static final long LINES = 20_000;
    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 3);

    @TempDir
    Path dir;

    @Test
    void anUninterruptedRunWritesTheDirectCount() throws IOException {
        try (Container c = Container.create(dir, new WordCountJob(LINES), MANUAL)) {
            assertEquals(RunOutcome.FINISHED, c.run());
        }
        assertArrayEquals(WordCountJob.expectedOutput(LINES), Files.readAllBytes(dir.resolve(WordCountJob.OUTPUT)));
    }

    @Test
    void restartsEveryFewRoundsGiveTheSameCount() throws IOException {
        Container.create(dir, new WordCountJob(LINES), MANUAL).close();
        RunOutcome outcome = RunOutcome.STOPPED;
        for (int life = 0; outcome == RunOutcome.STOPPED; life++) {
            try (Container c = Container.restore(dir, new WordCountJob(LINES), MANUAL)) {
                outcome = c.run(97 + life % 13);
            }
        }
        assertArrayEquals(WordCountJob.expectedOutput(LINES), Files.readAllBytes(dir.resolve(WordCountJob.OUTPUT)));
    }
}
