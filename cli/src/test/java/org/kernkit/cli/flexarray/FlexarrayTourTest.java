package org.kernkit.cli.flexarray;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FlexarrayTourTest {

    /**
     * The random part runs at the default 4 KiB pages and prints the overhead docs/BENCHMARKS.md gives for the
     * same seeded workload (SparseFootprint 4096 100000): a change of either shows here.
     */
    @Test
    void theTourStoresRandomElementsAtDefaultPagesAndShowsTheKernelSemantics() {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            new FlexarrayTour().run(out);
        }
        String printed = text.toString();
        for (String expected : new String[] {
                "0 values read back wrong",
                "4096-byte pages",
                "memory held 393.8 MiB (+0.81%",
                "poison: a new part is filled with the byte 0x6c",
                "getLong(12345) = 0x6c6c6c6c6c6c6c6c",
                "shrink() = 1, parts left 1",
                "allocated 0 more",
                "lives in the base, parts 1, shrink() = 0",
                "is closed"}) {
            assertTrue(printed.contains(expected), () -> "tour output lacks \"" + expected + "\":\n" + printed);
        }
    }
}
