package org.kernkit.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One progress line on standard error for a command that may run for more than a second: it appears only when
 * standard error is a terminal, only after the command has run for {@link #SHOW_AFTER_NANOS}, is redrawn at most every
 * {@link #REDRAW_NANOS} (with a carriage return, in place), and is ended by {@link #finish()}. When it is disabled
 * every call is a no-op, so piped and redirected output never carries progress text.
 *
 * <p>The text is asked for only when a redraw is due, so building it costs nothing between redraws. Not thread-safe:
 * the thread doing the work reports its own progress.
 */
public final class ProgressLine {

    /** A command quicker than this never shows a progress line. */
    public static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    /** The shortest time between two redraws. */
    public static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private long start;
    private long lastDraw;
    private int drawnWidth = -1;

    /**
     * A line on {@code err} that is drawn if {@code enabled}, timed by {@code nanoTime}; tests give both.
     */
    public ProgressLine(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** A line on {@code err} if {@code wanted} and this process's standard error is a terminal; otherwise silent. */
    public static ProgressLine onTerminal(PrintWriter err, boolean wanted) {
        return new ProgressLine(err, wanted && StderrTerminal.isTerminal(), System::nanoTime);
    }

    /** A line that never draws, for work whose progress is shown some other way (the tour's own output). */
    public static ProgressLine silent() {
        return new ProgressLine(new PrintWriter(java.io.Writer.nullWriter()), false, System::nanoTime);
    }

    /** Restarts the time after which the line appears, for work that starts later than the line was made. */
    public void restart() {
        start = nanoTime.getAsLong();
    }

    /** Nanoseconds since the line was made or {@link #restart() restarted}. */
    public long elapsedNanos() {
        return nanoTime.getAsLong() - start;
    }

    /** Redraws the line with {@code text} if it is enabled and a redraw is due. */
    public void update(Supplier<String> text) {
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - start < SHOW_AFTER_NANOS || (drawnWidth >= 0 && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        draw(now, text.get());
    }

    /**
     * Ends the line: if it was ever drawn, draws {@code text} a last time and moves to a new line, so that what the
     * command prints next starts on a line of its own.
     */
    public void finish(Supplier<String> text) {
        if (drawnWidth >= 0) {
            draw(nanoTime.getAsLong(), text.get());
            err.println();
            err.flush();
            drawnWidth = -1;
        }
    }

    private void draw(long now, String text) {
        lastDraw = now;
        // Pad over what a longer previous text left on the line.
        String padding = " ".repeat(Math.max(0, drawnWidth - text.length()));
        err.print("\r" + text + padding);
        err.flush();
        drawnWidth = text.length();
    }
}
