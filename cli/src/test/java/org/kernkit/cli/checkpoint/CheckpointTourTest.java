package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CheckpointTourTest {

    @Test
    void theTourKillsThePipelineOnceAndShowsTheRestartedOutputMatches() throws Exception {
        StringWriter text = new StringWriter();
        new CheckpointTour().run(new PrintWriter(text, true));
        String out = text.toString();
        assertTrue(out.contains("with SIGKILL"), out);
        assertTrue(out.contains("restarted from image-"), out);
        assertTrue(out.contains("identical: no record lost, none duplicated"), out);
    }
}
