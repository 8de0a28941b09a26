package org.kernkit.flexarray;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws for the property and model tests. Ranges are drawn with a bias toward their boundaries (one draw in eight is
 * {@code min}, {@code min + 1}, {@code max - 1} or {@code max}), as the generators these tests replaced did: most
 * defects of a page-sized structure sit at the first and last slot of a range.
 */
final class Draw {

    private Draw() {
    }

    /** A long in {@code [min, max]}, biased toward the four boundary values. */
    static long between(SplittableRandom random, long min, long max) {
        if (random.nextInt(8) == 0) {
            return switch (random.nextInt(4)) {
                case 0 -> min;
                case 1 -> Math.min(max, min + 1);
                case 2 -> Math.max(min, max - 1);
                default -> max;
            };
        }
        return max == Long.MAX_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong(min, max + 1);
    }

    /** An int in {@code [min, max]}, biased toward the four boundary values. */
    static int between(SplittableRandom random, int min, int max) {
        return (int) between(random, (long) min, (long) max);
    }

    /** Any long, biased toward 0, ±1 and the extremes. */
    static long anyLong(SplittableRandom random) {
        if (random.nextInt(8) == 0) {
            return List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE).get(random.nextInt(5));
        }
        return random.nextLong();
    }

    /** Any int, biased toward 0, ±1 and the extremes. */
    static int anyInt(SplittableRandom random) {
        if (random.nextInt(8) == 0) {
            return List.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE).get(random.nextInt(5));
        }
        return random.nextInt();
    }

    /** One of {@code choices}, uniformly. */
    @SafeVarargs
    static <T> T oneOf(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
