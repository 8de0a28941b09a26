package org.kernkit.cli.clock;

import java.io.PrintWriter;
import org.kernkit.cli.TourStep;

/** The clock part of {@code kernkit tour}. */
public final class ClockTour implements TourStep {

    @Override
    public String title() {
        return "clock";
    }

    @Override
    public void run(PrintWriter out) {
        out.println("clock: not built yet");
    }
}
