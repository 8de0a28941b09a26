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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Random getLong/putLong and sequential sum over {@code size} 8-byte elements: a dense FlexArray (heap and
 * native, 4 KiB pages) against plain {@code long[]}, fastutil {@code LongBigArrays}, one flat
 * {@code MemorySegment} and a 16 KiB-page Elasticsearch-style paged array, all in the same run.
 *
 * <p>Random benchmarks read/write {@value #BATCH} precomputed random indexes per invocation (reported per
 * element); the same indexes for every structure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FlexArrayAccessBench {

    static final int BATCH = 4096;

    /** Elements: 2^16 (512 KiB, cache-resident) and 2^24 (128 MiB, memory-bound). */
    @Param({"65536", "16777216"})
    public int size;

    long[] plain;
    long[][] fastutil;
    MemorySegment flat;
    Arena arena;
    PagedLongArray paged;
    FlexArray flexHeap;
    FlexArray flexNative;
    /** Built without a capacity: the tree grew to cover the elements written (no flat-root fast path). */
    FlexArray flexGrowable;
    long[] indexes;
    long[] chunk = new long[512];

    @Setup(Level.Trial)
    public void setUp() {
        plain = new long[size];
        fastutil = LongBigArrays.newBigArray(size);
        arena = Arena.ofShared();
        flat = arena.allocate((long) size * Long.BYTES, Long.BYTES);
        paged = new PagedLongArray(size);
        flexHeap = FlexArray.builder().elementSize(8).capacity(size).storage(Storage.HEAP).build();
        flexNative = FlexArray.builder().elementSize(8).capacity(size).storage(Storage.NATIVE).build();
        flexGrowable = FlexArray.builder().elementSize(8).storage(Storage.HEAP).build();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < size; i++) {
            plain[i] = random.nextLong();
        }
        // One structure at a time, as a program fills one array: filled in one loop together, the heap
        // structures' pages would alternate in memory (a part of flexHeap, one of flexGrowable, ...), and every
        // scan would skip every other page.
        for (int i = 0; i < size; i++) {
            BigArrays.set(fastutil, i, plain[i]);
        }
        for (int i = 0; i < size; i++) {
            flat.setAtIndex(ValueLayout.JAVA_LONG, i, plain[i]);
        }
        for (int i = 0; i < size; i++) {
            paged.set(i, plain[i]);
        }
        for (int i = 0; i < size; i++) {
            flexHeap.putLong(i, plain[i]);
        }
        for (int i = 0; i < size; i++) {
            flexNative.putLong(i, plain[i]);
        }
        for (int i = 0; i < size; i++) {
            flexGrowable.putLong(i, plain[i]);
        }
        indexes = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            indexes[i] = random.nextInt(size);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        flexHeap.close();
        flexNative.close();
        flexGrowable.close();
        arena.close();
    }

    // ----- random get

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long randomGetLongArray() {
        long[] a = plain;
        long[] idx = indexes;
        long sum = 0;
        for (long i : idx) {
            sum += a[(int) i];
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long randomGetFastutilBigArrays() {
        long[][] a = fastutil;
        long[] idx = indexes;
        long sum = 0;
        for (long i : idx) {
            sum += BigArrays.get(a, i);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long randomGetMemorySegment() {
        MemorySegment a = flat;
        long[] idx = indexes;
        long sum = 0;
        for (long i : idx) {
            sum += a.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long randomGetPaged16k() {
        PagedLongArray a = paged;
        long[] idx = indexes;
        long sum = 0;
        for (long i : idx) {
            sum += a.get(i);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long randomGetFlexHeap() {
        FlexArray a = flexHeap;
        long[] idx = indexes;
        long sum = 0;
        for (long i : idx) {
            sum += a.getLong(i);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long randomGetFlexNative() {
        FlexArray a = flexNative;
        long[] idx = indexes;
        long sum = 0;
        for (long i : idx) {
            sum += a.getLong(i);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long randomGetFlexGrowable() {
        FlexArray a = flexGrowable;
        long[] idx = indexes;
        long sum = 0;
        for (long i : idx) {
            sum += a.getLong(i);
        }
        return sum;
    }

    // ----- random put

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void randomPutLongArray() {
        long[] a = plain;
        long[] idx = indexes;
        for (long i : idx) {
            a[(int) i] = i;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void randomPutFastutilBigArrays() {
        long[][] a = fastutil;
        long[] idx = indexes;
        for (long i : idx) {
            BigArrays.set(a, i, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void randomPutMemorySegment() {
        MemorySegment a = flat;
        long[] idx = indexes;
        for (long i : idx) {
            a.setAtIndex(ValueLayout.JAVA_LONG, i, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void randomPutPaged16k() {
        PagedLongArray a = paged;
        long[] idx = indexes;
        for (long i : idx) {
            a.set(i, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void randomPutFlexHeap() {
        FlexArray a = flexHeap;
        long[] idx = indexes;
        for (long i : idx) {
            a.putLong(i, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void randomPutFlexNative() {
        FlexArray a = flexNative;
        long[] idx = indexes;
        for (long i : idx) {
            a.putLong(i, i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void randomPutFlexGrowable() {
        FlexArray a = flexGrowable;
        long[] idx = indexes;
        for (long i : idx) {
            a.putLong(i, i);
        }
    }

    // ----- sequential sum (reported per whole scan)

    @Benchmark
    public long sumLongArray() {
        long sum = 0;
        for (long v : plain) {
            sum += v;
        }
        return sum;
    }

    @Benchmark
    public long sumFastutilBigArrays() {
        long sum = 0;
        for (long[] segment : fastutil) {
            for (long v : segment) {
                sum += v;
            }
        }
        return sum;
    }

    @Benchmark
    public long sumMemorySegment() {
        MemorySegment a = flat;
        long n = size;
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += a.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return sum;
    }

    @Benchmark
    public long sumPaged16k() {
        return paged.sum();
    }

    /** Per-element getLong: a tree walk per element. */
    @Benchmark
    public long sumFlexHeapGetLong() {
        FlexArray a = flexHeap;
        long n = size;
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += a.getLong(i);
        }
        return sum;
    }

    /** Bulk getLongs into a 512-element (one part) buffer: a tree walk per part. */
    @Benchmark
    public long sumFlexHeapBulk() {
        return bulkSum(flexHeap);
    }

    @Benchmark
    public long sumFlexNativeBulk() {
        return bulkSum(flexNative);
    }

    /** {@code reduceLongs(Long::sum)}: a tree walk per part, the operator inlined into a flat loop inside. */
    @Benchmark
    public long sumFlexHeapReduce() {
        return flexHeap.reduceLongs(0, size, 0, Long::sum);
    }

    @Benchmark
    public long sumFlexNativeReduce() {
        return flexNative.reduceLongs(0, size, 0, Long::sum);
    }

    /** One segment view per part ({@code partView}): a tree walk per part, a flat loop inside. */
    @Benchmark
    public long sumFlexHeapPartViews() {
        return partViewSum(flexHeap);
    }

    @Benchmark
    public long sumFlexNativePartViews() {
        return partViewSum(flexNative);
    }

    private static long partViewSum(FlexArray a) {
        long sum = 0;
        long parts = a.partSpan();
        long fill = a.fill().asLong();
        for (long p = 0; p < parts; p++) {
            MemorySegment part = a.partView(p);
            if (part == null) {
                sum += fill * a.elementsPerPart();
                continue;
            }
            long n = part.byteSize() >>> 3;
            for (long i = 0; i < n; i++) {
                sum += part.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
        }
        return sum;
    }

    private long bulkSum(FlexArray a) {
        long[] buffer = chunk;
        long n = size;
        long sum = 0;
        for (long at = 0; at < n; at += buffer.length) {
            int len = (int) Math.min(buffer.length, n - at);
            a.getLongs(at, buffer, 0, len);
            for (int i = 0; i < len; i++) {
                sum += buffer[i];
            }
        }
        return sum;
    }
}
