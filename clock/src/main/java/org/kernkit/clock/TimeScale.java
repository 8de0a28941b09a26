package org.kernkit.clock;

/** What a clock's nanosecond readings count from, and whether they may go backwards. */
public enum TimeScale {
    /**
     * Nanoseconds since 1970-01-01T00:00:00Z (like {@code CLOCK_REALTIME}). Follows the system's wall clock, so a
     * reading may be smaller than an earlier one when the clock is set backwards. Fits a {@code long} until 2262.
     */
    EPOCH,
    /**
     * Nanoseconds since an unspecified origin (like {@code CLOCK_MONOTONIC} and {@link System#nanoTime()}); never
     * smaller than an earlier reading. Only differences between readings mean something.
     */
    MONOTONIC
}
