package org.kernkit.clock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** {@link TimeSource#isAfter} against the model "a reading lags its true time by 0..resolution". */
class TimeSourceIsAfterTest {

    private static TimeSource withResolution(long resolution) {
        return new TimeSource() {
            @Override public String name() { return "model"; }
            @Override public long nanos() { return 0; }
            @Override public long resolutionNanos() { return resolution; }
            @Override public TimeScale scale() { return TimeScale.MONOTONIC; }
        };
    }

    @Property
    void isAfterIsTrueOnlyWhenEveryTrueTimeOfAIsLaterThanEveryTrueTimeOfB(
            @ForAll @LongRange(min = 1, max = 10_000_000) long resolution,
            @ForAll @LongRange(min = -1_000_000_000, max = 1_000_000_000) long a,
            @ForAll @LongRange(min = -30_000_000, max = 30_000_000) long delta,
            @ForAll @LongRange(min = 0, max = 1_000_000) long lagPermilleA,
            @ForAll @LongRange(min = 0, max = 1_000_000) long lagPermilleB) {
        long b = a - delta;
        TimeSource source = withResolution(resolution);
        long trueA = a + resolution * lagPermilleA / 1_000_000;
        long trueB = b + resolution * lagPermilleB / 1_000_000;
        if (source.isAfter(a, b)) {
            assertTrue(trueA > trueB, "isAfter(" + a + ", " + b + ") with resolution " + resolution
                    + " but true times " + trueA + " <= " + trueB);
        }
    }

    @Property
    void isAfterIsTrueWhenTheReadingsDifferByMoreThanTheResolution(
            @ForAll @LongRange(min = 1, max = 10_000_000) long resolution,
            @ForAll long a,
            @ForAll @LongRange(min = 1, max = 1_000_000_000) long beyond) {
        TimeSource source = withResolution(resolution);
        assertTrue(source.isAfter(a + resolution + beyond, a));
        assertFalse(source.isAfter(a, a + resolution + beyond));
    }

    @Property
    void readingsWithinTheResolutionAreNotOrdered(
            @ForAll @LongRange(min = 1, max = 10_000_000) long resolution,
            @ForAll long a,
            @ForAll @LongRange(min = 0, max = 10_000_000) long within) {
        long b = a + Math.min(within, resolution);
        TimeSource source = withResolution(resolution);
        assertFalse(source.isAfter(a, b));
        assertFalse(source.isAfter(b, a));
    }
}
