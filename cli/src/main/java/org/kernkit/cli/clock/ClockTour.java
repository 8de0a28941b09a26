package org.kernkit.cli.clock;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.kernkit.cli.ProgressLine;
import org.kernkit.cli.TourStep;
import org.kernkit.clock.CachedClock;

/** The clock part of {@code kernkit tour}: the clocks and their costs, then the cached clock going idle and back. */
public final class ClockTour implements TourStep {

    @Override
    public String title() {
        return "clock: coarse clocks, and a cached clock whose ticker stops when nobody reads";
    }

    @Override
    public void run(PrintWriter out) {
        try (CachedClock cached = CachedClock.start()) {
            ClockTable.print(out, ClockTable.measure(cached, new ReadCostMeter(1_000_000, 3),
                    ProgressLine.silent()));
        }
        try (CachedClock cached = CachedClock.builder().tick(Duration.ofMillis(1)).idleTimeout(Duration.ofMillis(20)).start()) {
            out.printf("tickless idle: a cached clock with tick 1 ms and idle timeout 20 ms%n");
            for (int i = 0; i < 50; i++) {
                cached.monotonicNanos();
                LockSupport.parkNanos(1_000_000L);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (cached.isTicking() && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(1_000_000L);
            }
            long ticks = cached.ticks();
            out.printf("  read for ~50 ms, then stopped reading: ticker %s after %d ticks%n",
                    cached.isTicking() ? "STILL TICKING" : "parked", ticks);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            out.printf("  200 ms later: %d ticks (%s)%n", cached.ticks(),
                    cached.ticks() == ticks ? "none while idle" : "TICKED WHILE IDLE");
            long before = System.nanoTime();
            long read = cached.monotonicNanos();
            out.printf("  first read after idle: %d ns %s the call started (fresh: sampled by the reader), wake-ups %d%n",
                    Math.abs(read - before), read >= (before & ~1L) ? "after" : "BEFORE", cached.wakeups());
        }
        out.flush();
    }
}
