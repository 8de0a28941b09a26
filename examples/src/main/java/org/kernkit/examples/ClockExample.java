package org.kernkit.examples;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import org.kernkit.clock.CachedClock;
import org.kernkit.clock.KernelClock;

/** The kernel's coarse clock read through FFM, and a cached clock handed to {@code java.time} APIs. */
public final class ClockExample {

    private ClockExample() {
    }

    /**
     * What the example read.
     *
     * @param coarseIsNative whether the coarse clock is read through {@code clock_gettime} (not a JDK fallback)
     * @param tickNanos the coarse clock's resolution
     * @param coarseFirst a first coarse reading
     * @param coarseSecond a later one
     * @param cachedNanos a read of the cached monotonic clock
     * @param preciseNanos {@link System#nanoTime()} read after it
     * @param zone the zone of the {@code java.time.Clock} adapter
     * @param instant an instant read through that {@code Clock}
     * @param sourceInstant an instant read through the {@code InstantSource} adapter, after it
     */
    public record Readings(boolean coarseIsNative, long tickNanos, long coarseFirst, long coarseSecond,
            long cachedNanos, long preciseNanos, ZoneOffset zone, Instant instant, Instant sourceInstant) {
    }

    /**
     * Reads the coarse kernel clock and a cached clock, directly and through the {@code java.time} adapters.
     *
     * @return the readings
     */
    public static Readings run() {
        // tag::example[]
        KernelClock coarse = KernelClock.monotonicCoarse();   // CLOCK_MONOTONIC_COARSE through the vDSO
        long tick = coarse.resolutionNanos();                  // clock_getres: one timer tick, 4 ms at HZ=250
        long first = coarse.nanos();
        long second = coarse.nanos();                          // never below first; equal within a tick
        try (CachedClock cached = CachedClock.start()) {       // a read is one memory load; idle, the ticker parks
            long cachedNanos = cached.monotonicNanos();        // up to a tick behind System.nanoTime(), never ahead
            long preciseNanos = System.nanoTime();
            Clock clock = cached.realtime().asClock(ZoneOffset.UTC);          // for APIs that take a Clock
            InstantSource source = cached.realtime().asInstantSource();       // or an InstantSource
            return new Readings(coarse.isNative(), tick, first, second, cachedNanos, preciseNanos,
                    (ZoneOffset) clock.getZone(), clock.instant(), source.instant());
        }
        // end::example[]
    }

    /**
     * Prints what does not depend on timing: the resolution and the orderings the clocks promise.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Readings r = run();
        System.out.println("CLOCK_MONOTONIC_COARSE: resolution " + r.tickNanos() + " ns, "
                + (r.coarseIsNative() ? "read through clock_gettime" : "JDK fallback"));
        System.out.println("coarse readings in order: " + (r.coarseSecond() >= r.coarseFirst()));
        System.out.println("cached clock not ahead of System.nanoTime(): " + (r.cachedNanos() <= r.preciseNanos()));
        System.out.println("java.time.Clock zone: " + r.zone());
    }
}
