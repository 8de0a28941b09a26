package org.kernkit.cli.clock;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    static void print(PrintWriter out, CachedClock cached, ReadCostMeter meter) {
        out.printf("%-28s %-32s %14s %-7s %12s%n", "clock", "value", "resolution", "native", "ns/read");
        for (TimeSource source : sources(cached)) {
            long value = source.nanos();
            String shown = source.scale() == TimeScale.EPOCH
                    ? TimeSource.toInstant(value).toString()
                    : String.format("%.9f s", value / 1e9);
            String isNative = source instanceof KernelClock kernel ? (kernel.isNative() ? "yes" : "NO") : "-";
            out.printf("%-28s %-32s %14s %-7s %12.1f%n", source.name(), shown, resolution(source.resolutionNanos()),
                    isNative, meter.nanosPerRead(source));
            if (source instanceof KernelClock kernel && !kernel.isNative()) {
                out.printf("    %s%n", kernel.fallbackReason());
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
