package org.kernkit.cli.vfat;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A progress bar for copies, drawn only when standard error is a terminal (a redirected log gets no carriage-return
 * litter): silent for the first second (short copies print nothing), then redrawn on one line at most five times a
 * second, and finished with a newline. With a known total it shows a bar and a percentage; with an unknown total
 * (negative) only the bytes copied and the rate. Not thread-safe: one copy drives it.
 */
final class CopyProgress {

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private long total = -1;
    private long start;
    private long done;
    private long lastDraw;
    private boolean drawn;

    CopyProgress(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** A bar on {@code err} if {@code wanted} and the process's console is a terminal; otherwise silent. */
    static CopyProgress forTerminal(PrintWriter err, boolean wanted) {
        java.io.Console console = System.console();
        return new CopyProgress(err, wanted && console != null && console.isTerminal(), System::nanoTime);
    }

    /** Starts the clock; {@code totalBytes} negative means unknown. */
    void start(long totalBytes) {
        this.total = totalBytes;
        this.start = nanoTime.getAsLong();
    }

    void advance(long bytes) {
        done += bytes;
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - start < SHOW_AFTER_NANOS || (drawn && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        draw(now);
    }

    private void draw(long now) {
        lastDraw = now;
        drawn = true;
        double seconds = Math.max((now - start) / 1e9, 1e-9);
        double rate = done / 1048576.0 / seconds;
        if (total < 0) {
            err.printf("\r%8.1f MiB copied %7.1f MiB/s", done / 1048576.0, rate);
        } else {
            long whole = Math.max(total, 1);
            int filled = (int) Math.min(WIDTH, done * WIDTH / whole);
            err.printf("\r[%s%s] %3d%% %8.1f MiB of %.1f MiB %7.1f MiB/s", "#".repeat(filled),
                    ".".repeat(WIDTH - filled), Math.min(100, done * 100 / whole), done / 1048576.0,
                    total / 1048576.0, rate);
        }
        err.flush();
    }

    void finish() {
        if (drawn) {
            draw(nanoTime.getAsLong());
            err.println();
            err.flush();
        }
    }
}
