package org.kernkit.cli.clock;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kernkit.cli.JsonObject;
import org.kernkit.cli.ProgressLine;
import org.kernkit.clock.CachedClock;
import org.kernkit.clock.ClockId;
import org.kernkit.clock.KernelClock;
import org.kernkit.clock.TimeScale;
import org.kernkit.clock.TimeSource;

/** Prints every clock kernkit offers, with the JDK's for comparison: value, resolution, native or not, read cost. */
final class ClockTable {

    private ClockTable() {}

    /** The kernel clocks, the cached clock's two views, and the JDK's calls, in print order. */
    static List<TimeSource> sources(CachedClock cached) {
        List<TimeSource> sources = new ArrayList<>();
        for (ClockId id : ClockId.values()) {
            sources.add(KernelClock.of(id));
        }
        sources.add(cached.realtime());
        sources.add(cached.monotonic());
        sources.add(new JdkSource("System.currentTimeMillis()", TimeScale.EPOCH, 1_000_000L) {
            @Override public long nanos() { return System.currentTimeMillis() * 1_000_000L; }
        });
        sources.add(new JdkSource("System.nanoTime()", TimeScale.MONOTONIC, 1L) {
            @Override public long nanos() { return System.nanoTime(); }
        });
        sources.add(new JdkSource("Instant.now()", TimeScale.EPOCH, 1_000L) {
            @Override public long nanos() {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
        });
        return sources;
    }

    /**
     * One clock's line: its name, scale, a reading, its stated resolution, whether it is the real kernel clock
     * ({@code null} for clocks that are not kernel clocks), why not where it fell back, and the measured read cost.
     */
    record Row(String name, TimeScale scale, long value, long resolutionNanos, Boolean isNative,
               String fallbackReason, double nanosPerRead) {

        String shownValue() {
            return scale == TimeScale.EPOCH ? TimeSource.toInstant(value).toString()
                    : String.format("%.9f s", value / 1e9);
        }

        JsonObject json() {
            return new JsonObject().put("clock", name).put("scale", scale.name().toLowerCase(java.util.Locale.ROOT))
                    .put("value_ns", value).put("value", shownValue())
                    .put("resolution_ns", resolutionNanos).put("native", isNative)
                    .put("fallback_reason", fallbackReason).put("ns_per_read", nanosPerRead);
        }
    }

    /** Reads and times every source, reporting which one it is timing on {@code progress}. */
    static List<Row> measure(CachedClock cached, ReadCostMeter meter, ProgressLine progress) {
        List<TimeSource> sources = sources(cached);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            TimeSource source = sources.get(i);
            int number = i + 1;
            progress.update(() -> "timing " + source.name() + " (" + number + " of " + sources.size() + ")");
            long value = source.nanos();
            Boolean isNative = source instanceof KernelClock kernel ? kernel.isNative() : null;
            String reason = source instanceof KernelClock kernel && !kernel.isNative() ? kernel.fallbackReason() : null;
            rows.add(new Row(source.name(), source.scale(), value, source.resolutionNanos(), isNative, reason,
                    meter.nanosPerRead(source)));
        }
        progress.finish(() -> "timed " + sources.size() + " clocks");
        return rows;
    }

    static void print(PrintWriter out, List<Row> rows) {
        out.printf("%-28s %-32s %14s %-7s %12s%n", "clock", "value", "resolution", "native", "ns/read");
        for (Row row : rows) {
            String isNative = row.isNative() == null ? "-" : row.isNative() ? "yes" : "NO";
            out.printf("%-28s %-32s %14s %-7s %12.1f%n", row.name(), row.shownValue(),
                    resolution(row.resolutionNanos()), isNative, row.nanosPerRead());
            if (row.fallbackReason() != null) {
                out.printf("    %s%n", row.fallbackReason());
            }
        }
        out.printf("(JDK resolutions: currentTimeMillis 1 ms, Instant.now 1 us on Linux, as documented by the JDK; "
                + "cached = tick + sampled clock's resolution)%n");
        out.flush();
    }

    static String resolution(long nanos) {
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + " ms";
        }
        if (nanos >= 1_000_000L) {
            return String.format("%.6f ms", nanos / 1e6);
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + " us";
        }
        return nanos + " ns";
    }

    /** A JDK clock call shown next to ours. */
    private abstract static class JdkSource implements TimeSource {
        private final String name;
        private final TimeScale scale;
        private final long resolutionNanos;

        JdkSource(String name, TimeScale scale, long resolutionNanos) {
            this.name = name;
            this.scale = scale;
            this.resolutionNanos = resolutionNanos;
        }

        @Override public String name() { return name; }
        @Override public long resolutionNanos() { return resolutionNanos; }
        @Override public TimeScale scale() { return scale; }
    }
}
