package org.kernkit.bench.flexarray;

import it.unimi.dsi.fastutil.BigArrays;
import it.unimi.dsi.fastutil.longs.LongBigArrays;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.kernkit.flexarray.FlexArray;
import org.kernkit.flexarray.Storage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sparse fill: create an array of 2^24 longs (128 MiB logical), store {@value #STORES} values at random indexes,
 * drop it. The dense peers must allocate and zero everything; FlexArray allocates only the parts touched.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlexArraySparseFillBench {

    static final int SIZE = 1 << 24;
    static final int STORES = 1000;

    long[] indexes;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        indexes = new long[STORES];
        for (int i = 0; i < STORES; i++) {
            indexes[i] = random.nextInt(SIZE);
        }
    }

    @Benchmark
    public long sparseFillLongArray() {
        long[] a = new long[SIZE];
        for (long i : indexes) {
            a[(int) i] = i;
        }
        return a[(int) indexes[0]];
    }

    @Benchmark
    public long sparseFillFastutilBigArrays() {
        long[][] a = LongBigArrays.newBigArray(SIZE);
        for (long i : indexes) {
            BigArrays.set(a, i, i);
        }
        return BigArrays.get(a, indexes[0]);
    }

    @Benchmark
    public long sparseFillMemorySegment() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate((long) SIZE * Long.BYTES, Long.BYTES);
            for (long i : indexes) {
                a.setAtIndex(ValueLayout.JAVA_LONG, i, i);
            }
            return a.getAtIndex(ValueLayout.JAVA_LONG, indexes[0]);
        }
    }

    @Benchmark
    public long sparseFillFlexHeap() {
        try (FlexArray a = FlexArray.builder().elementSize(8).capacity(SIZE).storage(Storage.HEAP).build()) {
            for (long i : indexes) {
                a.putLong(i, i);
            }
            return a.getLong(indexes[0]);
        }
    }

    @Benchmark
    public long sparseFillFlexNative() {
        try (FlexArray a = FlexArray.builder().elementSize(8).capacity(SIZE).storage(Storage.NATIVE).build()) {
            for (long i : indexes) {
                a.putLong(i, i);
            }
            return a.getLong(indexes[0]);
        }
    }
}
