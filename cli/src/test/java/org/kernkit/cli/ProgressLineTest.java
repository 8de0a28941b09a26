package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final StringWriter text = new StringWriter();
    private final long[] now = {0};

    private ProgressLine line(boolean enabled) {
        return new ProgressLine(new PrintWriter(text), enabled, () -> now[0]);
    }

    @Test
    void nothingIsDrawnInTheFirstSecond() {
        ProgressLine line = line(true);
        now[0] = ProgressLine.SHOW_AFTER_NANOS - 1;
        line.update(() -> "working");
        line.finish(() -> "done");
        assertEquals("", text.toString());
    }

    @Test
    void afterASecondTheLineIsDrawnInPlaceAtMostFiveTimesASecondAndEndedWithANewline() {
        ProgressLine line = line(true);
        now[0] = ProgressLine.SHOW_AFTER_NANOS;
        line.update(() -> "step 1 of 3");
        now[0] += ProgressLine.REDRAW_NANOS - 1;
        line.update(() -> "step 2 of 3");
        now[0] += 1;
        line.update(() -> "step 3");
        line.finish(() -> "all");
        assertEquals("\rstep 1 of 3\rstep 3     \rall   " + System.lineSeparator(), text.toString());
    }

    @Test
    void aDisabledLineNeverWritesAndNeverAsksForItsText() {
        ProgressLine line = line(false);
        now[0] = 10 * ProgressLine.SHOW_AFTER_NANOS;
        line.update(() -> {
            throw new AssertionError("text asked for by a disabled line");
        });
        line.finish(() -> "done");
        assertEquals("", text.toString());
    }

    @Test
    void restartPutsOffTheFirstDraw() {
        ProgressLine line = line(true);
        now[0] = 5 * ProgressLine.SHOW_AFTER_NANOS;
        line.restart();
        now[0] += ProgressLine.SHOW_AFTER_NANOS - 1;
        line.update(() -> "early");
        assertEquals("", text.toString());
        now[0] += 1;
        line.update(() -> "late");
        assertEquals("\rlate", text.toString());
    }
}
