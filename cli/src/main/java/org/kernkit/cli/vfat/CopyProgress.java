package org.kernkit.cli.vfat;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.kernkit.cli.ProgressLine;
import org.kernkit.cli.StderrTerminal;

/**
 * A progress bar for copies, drawn only when standard error is a terminal (a redirected log gets no carriage-return
 * litter): silent for the first second (short copies print nothing), then redrawn on one line at most five times a
 * second, and finished with a newline. With a known total it shows a bar and a percentage; with an unknown total
 * (negative) only the bytes copied and the rate. Not thread-safe: one copy drives it.
 */
final class CopyProgress {

    private static final int WIDTH = 30;

    private final ProgressLine line;
    private long total = -1;
    private long done;

    CopyProgress(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
        this.line = new ProgressLine(err, enabled, nanoTime);
    }

    /** A bar on {@code err} if {@code wanted} and the process's standard error is a terminal; otherwise silent. */
    static CopyProgress forTerminal(PrintWriter err, boolean wanted) {
        return new CopyProgress(err, wanted && StderrTerminal.isTerminal(), System::nanoTime);
    }

    /** Starts the clock; {@code totalBytes} negative means unknown. */
    void start(long totalBytes) {
        this.total = totalBytes;
        line.restart();
    }

    void advance(long bytes) {
        done += bytes;
        line.update(this::text);
    }

    private String text() {
        double seconds = Math.max(line.elapsedNanos() / 1e9, 1e-9);
        double rate = done / 1048576.0 / seconds;
        if (total < 0) {
            return String.format("%8.1f MiB copied %7.1f MiB/s", done / 1048576.0, rate);
        }
        long whole = Math.max(total, 1);
        int filled = (int) Math.min(WIDTH, done * WIDTH / whole);
        return String.format("[%s%s] %3d%% %8.1f MiB of %.1f MiB %7.1f MiB/s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.min(100, done * 100 / whole), done / 1048576.0,
                total / 1048576.0, rate);
    }

    void finish() {
        line.finish(this::text);
    }
}
