package org.kernkit.cli.vfat;

import java.io.PrintWriter;
import org.kernkit.cli.TourStep;

/** The vfat part of {@code kernkit tour}. */
public final class VfatTour implements TourStep {

    @Override
    public String title() {
        return "vfat";
    }

    @Override
    public void run(PrintWriter out) {
        out.println("vfat: not built yet");
    }
}
