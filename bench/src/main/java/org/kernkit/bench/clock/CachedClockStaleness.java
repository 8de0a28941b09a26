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
 * CachedNanoClock refreshed every tick by a thread (what a user would build with it), read in turn in one loop so
 * that all three are measured at the same moments, under the same load.
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
            KernelClock coarse = KernelClock.monotonicCoarse();
            CachedNanoClock agrona = new CachedNanoClock();
            agrona.update(System.nanoTime());
            Thread updater = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(tick);
                    agrona.update(System.nanoTime());
                }
            });
            String[] names = {
                "kernkit CachedClock.monotonicNanos",
                coarse.name() + " (native " + coarse.isNative() + ")",
                "Agrona CachedNanoClock + updater thread every tick"
            };
            Reader[] readers = {cached::monotonicNanos, coarse::nanos, agrona::nanoTime};
            Histogram[] histograms = new Histogram[readers.length];
            for (int i = 0; i < readers.length; i++) {
                histograms[i] = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
            }
            measureTogether(readers, 1_000_000_000L, null); // warm-up
            System.out.printf("tick %.3f ms, %d s, the three clocks read in turn in one loop (same moments, same "
                    + "load), load %s%n", tick / 1e6, seconds, loadAverage());
            measureTogether(readers, seconds * 1_000_000_000L, histograms);
            for (int i = 0; i < readers.length; i++) {
                report(names[i], histograms[i]);
            }
            System.out.printf("cached clock: %d ticks, %d parks, %d wake-ups; load after %s%n",
                    cached.ticks(), cached.parks(), cached.wakeups(), loadAverage());
            updater.interrupt();
        }
    }

    /**
     * Reads every clock in turn for {@code nanos}, recording each read's lag behind the nanoTime() taken just before
     * it into the clock's histogram (null: warm-up). Reading them in one loop means a stall of one ticker thread
     * shows in its own clock only, while a stall of the reader shows in none.
     */
    static void measureTogether(Reader[] readers, long nanos, Histogram[] histograms) {
        long end = System.nanoTime() + nanos;
        long now;
        while ((now = System.nanoTime()) - end < 0) {
            for (int i = 0; i < readers.length; i++) {
                long before = i == 0 ? now : System.nanoTime();
                long read = readers[i].read();
                if (histograms != null) {
                    histograms[i].recordValue(Math.max(0, before - read));
                }
            }
        }
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
