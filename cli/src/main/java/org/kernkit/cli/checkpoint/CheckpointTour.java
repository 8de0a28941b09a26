package org.kernkit.cli.checkpoint;

import java.io.PrintWriter;
import org.kernkit.cli.TourStep;

/** The checkpoint part of {@code kernkit tour}. */
public final class CheckpointTour implements TourStep {

    @Override
    public String title() {
        return "checkpoint";
    }

    @Override
    public void run(PrintWriter out) {
        out.println("checkpoint: not built yet");
    }
}
