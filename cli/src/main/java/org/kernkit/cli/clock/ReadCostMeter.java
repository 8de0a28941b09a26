package org.kernkit.cli.clock;

import org.kernkit.clock.TimeSource;

/**
 * A rough read-cost figure for the command line: the best of several timed loops of {@code reads} reads. It
 * includes an interface call per read (the loop is shared by all sources); JMH figures are in docs/bench/clock.md.
 */
final class ReadCostMeter {
    private final int reads;
    private final int rounds;
    private long sink;

    /**
     * @throws IllegalArgumentException when {@code reads} or {@code rounds} is not positive, naming it
     */
    ReadCostMeter(int reads, int rounds) {
        if (reads <= 0) {
            throw new IllegalArgumentException("reads " + reads + " must be positive");
        }
        if (rounds <= 0) {
            throw new IllegalArgumentException("rounds " + rounds + " must be positive");
        }
        this.reads = reads;
        this.rounds = rounds;
    }

    /** Nanoseconds per read of {@code source}, the best round. */
    double nanosPerRead(TimeSource source) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long sum = 0;
            long start = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                sum += source.nanos();
            }
            long elapsed = System.nanoTime() - start;
            sink += sum; // keeps the reads alive
            best = Math.min(best, elapsed);
        }
        return (double) best / reads;
    }

    /** The sum of all readings, so that no read can be optimised away. */
    long sink() {
        return sink;
    }
}
