package org.kernkit.bench.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.CachedNanoClock;
import org.kernkit.clock.CachedClock;
import org.kernkit.clock.KernelClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Read cost of one clock reading, single-threaded: kernkit's cached clock and native coarse clocks against the
 * JDK's calls and Agrona's {@code CachedNanoClock} (refreshed every 4 ms by its own thread, as our ticker does), plus
 * a plain volatile load as the floor. {@link ClockReadTwoThreadsBenchmark} runs the same methods with 2 threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class ClockReadBenchmark {

    /** Clocks shared by all benchmark threads, like a process-wide clock. */
    @State(Scope.Benchmark)
    public static class Clocks {
        CachedClock cached;
        KernelClock monotonicCoarse;
        KernelClock realtimeCoarse;
        CachedNanoClock agrona;
        Thread agronaUpdater;
        volatile long volatileField = 42;
        volatile boolean running;

        @Setup(Level.Trial)
        public void setUp() {
            cached = CachedClock.builder().idleTimeout(Duration.ofMinutes(10)).start();
            monotonicCoarse = KernelClock.monotonicCoarse();
            realtimeCoarse = KernelClock.realtimeCoarse();
            if (!monotonicCoarse.isNative() || !realtimeCoarse.isNative()) {
                throw new IllegalStateException("coarse clocks are not native here: " + monotonicCoarse.fallbackReason());
            }
            agrona = new CachedNanoClock();
            agrona.update(System.nanoTime());
            running = true;
            long tick = cached.tick().toNanos();
            agronaUpdater = Thread.ofPlatform().daemon().name("agrona-updater").start(() -> {
                while (running) {
                    java.util.concurrent.locks.LockSupport.parkNanos(tick);
                    agrona.update(System.nanoTime());
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            running = false;
            agronaUpdater.join();
            cached.close();
        }
    }

    @Benchmark
    public long cachedMonotonic(Clocks clocks) {
        return clocks.cached.monotonicNanos();
    }

    @Benchmark
    public long cachedRealtime(Clocks clocks) {
        return clocks.cached.realtimeNanos();
    }

    @Benchmark
    public long nativeMonotonicCoarse(Clocks clocks) {
        return clocks.monotonicCoarse.nanos();
    }

    @Benchmark
    public long nativeRealtimeCoarse(Clocks clocks) {
        return clocks.realtimeCoarse.nanos();
    }

    @Benchmark
    public long agronaCachedNanoClock(Clocks clocks) {
        return clocks.agrona.nanoTime();
    }

    @Benchmark
    public long systemNanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public long systemCurrentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Benchmark
    public Instant instantNow() {
        return Instant.now();
    }

    @Benchmark
    public long volatileLoadFloor(Clocks clocks) {
        return clocks.volatileField;
    }
}
