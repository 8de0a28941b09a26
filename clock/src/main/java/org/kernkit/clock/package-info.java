/**
 * Coarse clocks after Linux's {@code CLOCK_REALTIME_COARSE} and {@code CLOCK_MONOTONIC_COARSE} (2.6.32).
 *
 * <ul>
 *   <li>{@link org.kernkit.clock.KernelClock}: the kernel's clocks read through {@code clock_gettime} (FFM), with
 *       {@code clock_getres} as their resolution, or a JDK fallback that says so ({@code isNative() == false}).</li>
 *   <li>{@link org.kernkit.clock.CachedClock}: a coarse clock whose read is one memory load, refreshed by a ticker
 *       thread that parks when nobody reads and is woken, with a fresh value, by the first read after.</li>
 *   <li>{@link org.kernkit.clock.TimeSource}: what both offer: nanoseconds, resolution, "is A after B allowing for
 *       the error", and adapters to {@code java.time.Clock}, {@code InstantSource} and nanosecond tickers.</li>
 * </ul>
 */
package org.kernkit.clock;
