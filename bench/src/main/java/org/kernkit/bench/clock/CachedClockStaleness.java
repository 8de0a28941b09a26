package org.kernkit.bench.clock;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.CachedNanoClock;
import org.kernkit.clock.CachedClock;
import org.kernkit.clock.KernelClock;

/**
 * Staleness distribution: for each read, {@code System.nanoTime()} taken just before minus the value read, recorded
 * in an HdrHistogram. Measures kernkit's cached clock, the kernel's CLOCK_MONOTONIC_COARSE, and Agrona's
 * CachedNanoClock refreshed every tick by a thread (what a user would build with it), one after the other.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *        org.kernkit.bench.clock.CachedClockStaleness [seconds per clock, default 10]
 * </pre>
 */
public final class CachedClockStaleness {

    private CachedClockStaleness() {}

    interface Reader {
        long read();
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        try (CachedClock cached = CachedClock.builder().idleTimeout(Duration.ofMinutes(10)).start()) {
            long tick = cached.tick().toNanos();
            System.out.printf("tick %.3f ms, %d s per clock, load %s%n", tick / 1e6, seconds, loadAverage());
            report("kernkit CachedClock.monotonicNanos", measure(cached::monotonicNanos, seconds));

            KernelClock coarse = KernelClock.monotonicCoarse();
            report(coarse.name() + " (native " + coarse.isNative() + ")", measure(coarse::nanos, seconds));

            CachedNanoClock agrona = new CachedNanoClock();
            agrona.update(System.nanoTime());
            Thread updater = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(tick);
                    agrona.update(System.nanoTime());
                }
            });
            report("Agrona CachedNanoClock + updater thread every tick", measure(agrona::nanoTime, seconds));
            updater.interrupt();
        }
    }

    static Histogram measure(Reader reader, long seconds) {
        Histogram histogram = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() - warmupEnd < 0) {
            reader.read();
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long now;
        while ((now = System.nanoTime()) - end < 0) {
            long read = reader.read();
            histogram.recordValue(Math.max(0, now - read));
        }
        return histogram;
    }

    static void report(String name, Histogram h) {
        System.out.printf("%-52s n=%,d  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  p99.99 %.3f  max %.3f ms%n",
                name, h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getValueAtPercentile(99.99)),
                ms(h.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
