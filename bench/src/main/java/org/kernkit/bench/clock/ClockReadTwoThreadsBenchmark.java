package org.kernkit.bench.clock;

import org.openjdk.jmh.annotations.Threads;

/** {@link ClockReadBenchmark} with two reader threads sharing each clock: is the read cost flat as readers are added? */
@Threads(2)
public class ClockReadTwoThreadsBenchmark extends ClockReadBenchmark {
}
