package org.kernkit.cli;

import java.io.PrintWriter;

/** One component's part of {@code kernkit tour}: runs on built-in defaults, prints what it did and measured. */
public interface TourStep {

    /** A short heading, such as {@code "flexarray: sparse arrays from page-sized parts"}. */
    String title();

    /**
     * Runs this part of the tour.
     *
     * @param out where to print; the step prints its own results and measurements
     * @throws Exception when the step fails; the tour reports it and goes on with the next step
     */
    void run(PrintWriter out) throws Exception;
}
