package org.kernkit.cli.flexarray;

import java.io.PrintWriter;
import org.kernkit.cli.TourStep;

/** The flexarray part of {@code kernkit tour}. */
public final class FlexarrayTour implements TourStep {

    @Override
    public String title() {
        return "flexarray";
    }

    @Override
    public void run(PrintWriter out) {
        out.println("flexarray: not built yet");
    }
}
