package org.kernkit.cli.vmbus;

import java.io.PrintWriter;
import org.kernkit.cli.TourStep;

/** The vmbus part of {@code kernkit tour}. */
public final class VmbusTour implements TourStep {

    @Override
    public String title() {
        return "vmbus";
    }

    @Override
    public void run(PrintWriter out) {
        out.println("vmbus: not built yet");
    }
}
