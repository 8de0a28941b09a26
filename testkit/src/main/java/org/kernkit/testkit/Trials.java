package org.kernkit.testkit;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Property and model tests as seeded random trials.
 *
 * <p>A property runs {@code count} trials. Trial {@code i} gets a {@link SplittableRandom} seeded with
 * {@code seedOf(name, i)}, so every run of the suite tries the same cases and a failure reproduces exactly. When a
 * trial fails, the {@link AssertionError} names the property and the seed, and says how to re-run that one trial:
 * {@code -Dkernkit.seed=SEED}. {@code -Dkernkit.trials=N} runs N trials per property instead of the count the test
 * asks for (for longer local runs).
 *
 * <p>{@link #forEachOperationList} adds shrinking for model tests: on failure it looks for a shorter operation list
 * that still fails ({@link Shrinker}) and reports both the seed and that list.
 *
 * <p>Stateless and thread-safe; the trials of one call run sequentially on the calling thread.
 */
public final class Trials {

    /** System property: run only the trial with this seed (decimal or 0x-hex). */
    public static final String SEED_PROPERTY = "kernkit.seed";

    /** System property: the number of trials per property, overriding the test's own count. */
    public static final String TRIALS_PROPERTY = "kernkit.trials";

    private Trials() {
    }

    /** One trial of a property: throws (an assertion error, usually) when the property does not hold. */
    @FunctionalInterface
    public interface Trial {
        /**
         * Runs the trial.
         *
         * @param random the trial's generator, seeded for this trial alone
         * @throws Exception when the property does not hold or the code under test fails
         */
        void run(SplittableRandom random) throws Exception;
    }

    /** Checks one operation list against the model: throws when the system and the model disagree. */
    @FunctionalInterface
    public interface Check<T> {
        /**
         * Runs {@code operations} against the system under test and the model.
         *
         * @param operations the operations, in order
         * @throws Exception when the system and the model disagree
         */
        void run(List<T> operations) throws Exception;
    }

    /**
     * Runs {@code count} seeded trials of the property {@code name}, or only the one named by {@code -Dkernkit.seed}.
     *
     * @param name the property's name, which also determines its seeds
     * @param count the number of trials, at least 1
     * @param trial the property
     * @throws AssertionError naming the property and the failing seed, with the failure as its cause
     * @throws IllegalArgumentException if {@code count < 1} or a system property is malformed
     */
    public static void forEach(String name, int count, Trial trial) {
        for (long seed : seeds(name, count)) {
            try {
                trial.run(new SplittableRandom(seed));
            } catch (Throwable failure) {
                throw new AssertionError(name + " failed for seed " + seedText(seed) + "; re-run it with -D"
                        + SEED_PROPERTY + "=" + seedText(seed) + ": " + failure, failure);
            }
        }
    }

    /**
     * Model-test form of {@link #forEach}: each trial generates an operation list and checks it; a failing list is
     * shrunk to a shorter one that still fails, and both the seed and the shrunk list are reported.
     *
     * @param name the property's name, which also determines its seeds
     * @param count the number of trials, at least 1
     * @param generate makes one trial's operation list from its generator
     * @param check runs a list against the system and the model, throwing on disagreement
     * @param <T> the operation type, whose {@code toString} appears in the report
     * @throws AssertionError naming the property, the seed and the shrunk operations
     */
    public static <T> void forEachOperationList(String name, int count, Function<SplittableRandom, List<T>> generate,
            Check<T> check) {
        for (long seed : seeds(name, count)) {
            List<T> operations = List.copyOf(generate.apply(new SplittableRandom(seed)));
            Throwable failure = failureOf(check, operations);
            if (failure != null) {
                List<T> shrunk = Shrinker.shrink(operations, candidate -> failureOf(check, candidate) != null);
                Throwable shrunkFailure = failureOf(check, shrunk);
                throw new AssertionError(name + " failed for seed " + seedText(seed) + " (re-run it with -D"
                        + SEED_PROPERTY + "=" + seedText(seed) + "); " + operations.size()
                        + " operations shrank to " + shrunk.size() + ": " + shrunk + "\n  failure: " + shrunkFailure,
                        shrunkFailure);
            }
        }
    }

    /** The seed of trial {@code index} of property {@code name}: fixed, so every run tries the same cases. */
    public static long seedOf(String name, int index) {
        return mix(name.hashCode() * 0x9E3779B97F4A7C15L + index);
    }

    private static long[] seeds(String name, int count) {
        String only = System.getProperty(SEED_PROPERTY);
        if (only != null && !only.isBlank()) {
            return new long[] {parseSeed(only.strip())};
        }
        int trials = Integer.getInteger(TRIALS_PROPERTY, count);
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, got " + trials + " for " + name);
        }
        long[] seeds = new long[trials];
        for (int i = 0; i < trials; i++) {
            seeds[i] = seedOf(name, i);
        }
        return seeds;
    }

    private static <T> Throwable failureOf(Check<T> check, List<T> operations) {
        try {
            check.run(operations);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static long parseSeed(String text) {
        try {
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + "=" + text + " is not a seed (decimal or 0x-hex)");
        }
    }

    private static String seedText(long seed) {
        return "0x" + Long.toHexString(seed);
    }

    /** SplitMix64's finaliser: neighbouring indexes give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
