package org.kernkit.cli.flexarray;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FlexarrayTourTest {

    @Test
    void theTourStoresAMillionElementsAndShowsTheKernelSemantics() {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            new FlexarrayTour().run(out);
        }
        String printed = text.toString();
        for (String expected : new String[] {
                "0 values read back wrong",
                "getLong(12345) = 0x6c6c6c6c6c6c6c6c",
                "shrink() = 1, parts left 1",
                "allocated 0 more",
                "lives in the base, parts 1, shrink() = 0",
                "is closed"}) {
            assertTrue(printed.contains(expected), () -> "tour output lacks \"" + expected + "\":\n" + printed);
        }
    }
}
