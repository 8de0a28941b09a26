package org.kernkit.cli.vfat;

import java.io.PrintWriter;

/**
 * A progress bar for copies: silent for the first second (short copies print nothing), then redrawn on one line at
 * most five times a second, and finished with a newline.
 */
final class CopyProgress {

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;
    private boolean drawn;

    CopyProgress(PrintWriter err, long total, boolean enabled) {
        this.err = err;
        this.total = Math.max(total, 1);
        this.enabled = enabled;
    }

    void advance(long bytes) {
        done += bytes;
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - start < SHOW_AFTER_NANOS || (drawn && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        draw(now);
    }

    private void draw(long now) {
        lastDraw = now;
        drawn = true;
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        double seconds = (now - start) / 1e9;
        err.printf("\r[%s%s] %3d%% %8.1f MiB of %.1f MiB %7.1f MiB/s", "#".repeat(filled), ".".repeat(WIDTH - filled),
                done * 100 / total, done / 1048576.0, total / 1048576.0, done / 1048576.0 / Math.max(seconds, 1e-9));
        err.flush();
    }

    void finish() {
        if (drawn) {
            draw(System.nanoTime());
            err.println();
            err.flush();
        }
    }
}
