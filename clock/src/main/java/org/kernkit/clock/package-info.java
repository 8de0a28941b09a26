/** Coarse clocks after Linux's {@code CLOCK_REALTIME_COARSE} and {@code CLOCK_MONOTONIC_COARSE}. */
package org.kernkit.clock;
