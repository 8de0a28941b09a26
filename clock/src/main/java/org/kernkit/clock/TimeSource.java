package org.kernkit.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.kernkit.clock.internal.EpochInstantSource;

/**
 * A clock read in nanoseconds, with its resolution: what {@code clock_gettime} plus {@code clock_getres} give.
 *
 * <p>Coarse and cached clocks lag the precise time, they never lead it. The resolution {@code R} is the step in
 * which readings advance; the lag of a reading is usually below {@code R} but is <b>not bounded by it</b>:
 * <ul>
 *   <li>the kernel updates {@code CLOCK_*_COARSE} at its timer tick, and the tick (with the timekeeping update after
 *   it) comes late often enough that on a virtual machine such as ours about half the reads of
 *   {@code CLOCK_MONOTONIC_COARSE} lag by more than its {@code clock_getres} (issue 13 measured a median lag just
 *   above one resolution); allow about two resolutions there;</li>
 *   <li>a {@link CachedClock}'s ticker thread can be descheduled for longer than any interval it achieved lately,
 *   which its resolution reports.</li>
 * </ul>
 * So a reading {@code r} stands for a true time in {@code [r, r + R]} only while the clock keeps its step.
 * {@link #isAfter(long, long)} orders two readings only when they are more than {@code R} apart.
 *
 * <p>Thread-safety: every implementation in kernkit is safe for use by any number of threads.
 */
public interface TimeSource {

    /**
     * {@return a name for humans and reports, such as {@code "CLOCK_MONOTONIC_COARSE"} or
     * {@code "cached monotonic"}}
     */
    String name();

    /**
     * Reads the clock.
     *
     * @return nanoseconds on this source's {@link #scale()}
     */
    long nanos();

    /**
     * The granularity of {@link #nanos()}: readings advance in steps of up to this many nanoseconds (for a cached
     * clock, the step its ticker achieved lately, which can be longer than the tick asked for). The analogue of
     * {@code clock_getres}. A reading usually lags the true time by less than this, but that is no bound: a kernel
     * coarse clock can lag by more when its timer tick comes late, a cached clock when its ticker is descheduled
     * (see the class comment).
     *
     * @return a positive number of nanoseconds
     */
    long resolutionNanos();

    /**
     * {@return whether readings count from the epoch (and may step back) or from an arbitrary origin (and never
     * do)}
     */
    TimeScale scale();

    /**
     * Whether reading {@code a} is later than reading {@code b}, both taken from this source, allowing for the error
     * of each: {@code true} only when {@code a - b > resolutionNanos()}. Two readings closer than that are not
     * ordered ({@code isAfter(a, b)} and {@code isAfter(b, a)} are both {@code false}). The order is certain when
     * {@code b} lagged its true time by at most {@link #resolutionNanos()}, which is usual but not guaranteed (see
     * the class comment): a coarse reading taken right after a late kernel tick can lag by more.
     *
     * <p>The difference is computed as {@code a - b}, so readings of a {@link TimeScale#MONOTONIC} source may wrap
     * around as {@link System#nanoTime()} readings may.
     *
     * @param a a reading of this source
     * @param b another reading of this source
     * @return {@code true} when the event read as {@code a} happened after the one read as {@code b}
     */
    default boolean isAfter(long a, long b) {
        return a - b > resolutionNanos();
    }

    /**
     * This source as a {@link InstantSource}: {@code instant()} and {@code millis()} read {@link #nanos()}.
     *
     * @return an adapter that reads this source on every call
     * @throws IllegalStateException when this source's scale is {@link TimeScale#MONOTONIC}: its readings count
     *     from an arbitrary origin, not the epoch, and would be silently wrong as instants
     */
    default InstantSource asInstantSource() {
        if (scale() != TimeScale.EPOCH) {
            throw new IllegalStateException(name() + " counts from an arbitrary origin (scale " + scale()
                    + "), not from the epoch; use a realtime source for an InstantSource");
        }
        return new EpochInstantSource(this);
    }

    /**
     * This source as a {@link Clock} in the given zone, for APIs that take a {@code java.time.Clock}.
     *
     * @param zone the zone of the returned clock
     * @return {@code asInstantSource().withZone(zone)}
     * @throws NullPointerException when {@code zone} is null
     * @throws IllegalStateException when this source's scale is {@link TimeScale#MONOTONIC} (see
     *     {@link #asInstantSource()})
     */
    default Clock asClock(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return asInstantSource().withZone(zone);
    }

    /**
     * This source as a nanosecond ticker, the shape Caffeine's and Guava's {@code Ticker} take
     * ({@code Ticker ticker = source.asNanoTicker()::getAsLong}).
     *
     * @return a supplier that returns {@link #nanos()}
     * @throws IllegalStateException when this source's scale is {@link TimeScale#EPOCH}: a wall clock may step
     *     backwards, which a ticker must never do
     */
    default LongSupplier asNanoTicker() {
        if (scale() != TimeScale.MONOTONIC) {
            throw new IllegalStateException(name() + " follows the wall clock (scale " + scale()
                    + ") and may step backwards; a ticker needs a monotonic source");
        }
        return this::nanos;
    }

    /**
     * Converts a reading on the {@link TimeScale#EPOCH} scale to an {@link Instant}.
     *
     * @param epochNanos nanoseconds since 1970-01-01T00:00:00Z
     * @return the instant
     */
    static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
