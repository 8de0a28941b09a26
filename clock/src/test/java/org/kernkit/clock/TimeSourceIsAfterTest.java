package org.kernkit.clock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Trials;

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

    /** A source whose isAfter forgets the resolution: the broken variant the first property must catch. */
    private static TimeSource ignoringResolution(long resolution) {
        return new TimeSource() {
            @Override public String name() { return "broken"; }
            @Override public long nanos() { return 0; }
            @Override public long resolutionNanos() { return resolution; }
            @Override public TimeScale scale() { return TimeScale.MONOTONIC; }
            @Override public boolean isAfter(long a, long b) { return a > b; }
        };
    }

    /** A value in [min, max], one draw in eight at a bound, as jqwik's edge cases were. */
    private static long draw(SplittableRandom random, long min, long max) {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextBoolean() ? min : max;
            default -> random.nextLong(min, max + 1);
        };
    }

    /** Every true time of reading a lies in [a, a + resolution]; isAfter must only answer true when a is later. */
    private static void checkIsAfterIsSound(SplittableRandom random, java.util.function.LongFunction<TimeSource> make) {
        long resolution = draw(random, 1, 10_000_000);
        long a = draw(random, -1_000_000_000, 1_000_000_000);
        long delta = draw(random, -30_000_000, 30_000_000);
        long b = a - delta;
        TimeSource source = make.apply(resolution);
        long trueA = a + resolution * draw(random, 0, 1_000_000) / 1_000_000;
        long trueB = b + resolution * draw(random, 0, 1_000_000) / 1_000_000;
        if (source.isAfter(a, b)) {
            assertTrue(trueA > trueB, "isAfter(" + a + ", " + b + ") with resolution " + resolution
                    + " but true times " + trueA + " <= " + trueB);
        }
    }

    @Test
    void isAfterIsTrueOnlyWhenEveryTrueTimeOfAIsLaterThanEveryTrueTimeOfB() {
        Trials.forEach("isAfterIsSound", 2000, random -> checkIsAfterIsSound(random,
                TimeSourceIsAfterTest::withResolution));
    }

    @Test
    void thePropertyCatchesAnIsAfterThatIgnoresTheResolution() {
        assertThrows(AssertionError.class, () -> Trials.forEach("isAfterIsSound", 2000,
                random -> checkIsAfterIsSound(random, TimeSourceIsAfterTest::ignoringResolution)));
    }

    @Test
    void isAfterIsTrueWhenTheReadingsDifferByMoreThanTheResolution() {
        Trials.forEach("isAfterBeyondResolution", 1000, random -> {
            long resolution = draw(random, 1, 10_000_000);
            long a = draw(random, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
            long beyond = draw(random, 1, 1_000_000_000);
            TimeSource source = withResolution(resolution);
            assertTrue(source.isAfter(a + resolution + beyond, a));
            assertFalse(source.isAfter(a, a + resolution + beyond));
        });
    }

    @Test
    void readingsWithinTheResolutionAreNotOrdered() {
        Trials.forEach("withinResolutionUnordered", 1000, random -> {
            long resolution = draw(random, 1, 10_000_000);
            long a = draw(random, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
            long b = a + Math.min(draw(random, 0, 10_000_000), resolution);
            TimeSource source = withResolution(resolution);
            assertFalse(source.isAfter(a, b));
            assertFalse(source.isAfter(b, a));
        });
    }
}
