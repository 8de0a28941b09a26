package org.kernkit.bench.flexarray;

import it.unimi.dsi.fastutil.BigArrays;
import it.unimi.dsi.fastutil.longs.LongBigArrays;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.kernkit.flexarray.FlexArray;
import org.kernkit.flexarray.Storage;

/**
 * A load-tolerant companion of {@link FlexArrayAccessBench}, for judging a change on a machine shared with other
 * builds: the same random {@code getLong}/{@code putLong} batches (4096 precomputed indexes) and sequential
 * sums over the same structures, taken in turns (structure A, B, C, ..., A, B, C, ...) for many rounds, and
 * reported as the <b>minimum</b> time per element (per scan for sums) over the rounds. Another process can only
 * add time to a batch, so the minimum approaches what the machine does alone, and the structures share the
 * same moments of load. Not a replacement for JMH (no forks, no blackhole; results are summed into a printed
 * checksum so that nothing is dead code): the targets are judged on the JMH run.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Xmx6g -cp bench/target/benchmarks.jar \
 *     org.kernkit.bench.flexarray.FlexArrayMinTime [size] [rounds]</pre>
 */
public final class FlexArrayMinTime {

    private static final int BATCH = 4096;

    private FlexArrayMinTime() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 16;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long[] plain = new long[size];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < size; i++) {
            plain[i] = random.nextLong();
        }
        long[][] fastutil = LongBigArrays.newBigArray(size);
        for (int i = 0; i < size; i++) {
            BigArrays.set(fastutil, i, plain[i]);
        }
        Arena arena = Arena.ofShared();
        MemorySegment flat = arena.allocate((long) size * Long.BYTES, Long.BYTES);
        for (int i = 0; i < size; i++) {
            flat.setAtIndex(ValueLayout.JAVA_LONG, i, plain[i]);
        }
        FlexArray heap = FlexArray.builder().elementSize(8).capacity(size).storage(Storage.HEAP).build();
        for (int i = 0; i < size; i++) {
            heap.putLong(i, plain[i]);
        }
        FlexArray off = FlexArray.builder().elementSize(8).capacity(size).storage(Storage.NATIVE).build();
        for (int i = 0; i < size; i++) {
            off.putLong(i, plain[i]);
        }
        long[] idx = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            idx[i] = random.nextInt(size);
        }
        String[] names = {"get long[]", "get fastutil", "get MemorySegment", "get flex heap", "get flex native",
            "put long[]", "put fastutil", "put MemorySegment", "put flex heap", "put flex native",
            "sum long[]", "sum fastutil", "sum MemorySegment", "sum flex heap", "sum flex native"};
        long[] best = new long[names.length];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        long check = 0;
        int sumEvery = size >= 1 << 20 ? 10 : 1; // a big scan takes milliseconds: fewer of them
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.length; k++) {
                if (k >= 10 && r % sumEvery != 0) {
                    continue;
                }
                long t0 = System.nanoTime();
                check += switch (k) {
                    case 0 -> getArray(plain, idx);
                    case 1 -> getFastutil(fastutil, idx);
                    case 2 -> getSegment(flat, idx);
                    case 3 -> getFlex(heap, idx);
                    case 4 -> getFlex(off, idx);
                    case 5 -> putArray(plain, idx);
                    case 6 -> putFastutil(fastutil, idx);
                    case 7 -> putSegment(flat, idx);
                    case 8 -> putFlex(heap, idx);
                    case 9 -> putFlex(off, idx);
                    case 10 -> sumArray(plain);
                    case 11 -> sumFastutil(fastutil);
                    case 12 -> sumSegment(flat, size);
                    case 13 -> heap.reduceLongs(0, size, 0, Long::sum);
                    default -> off.reduceLongs(0, size, 0, Long::sum);
                };
                best[k] = Math.min(best[k], System.nanoTime() - t0);
            }
        }
        System.out.printf("size %d, %d rounds (sums every %d), min over rounds; checksum %d%n", size, rounds,
                sumEvery, check);
        for (int k = 0; k < names.length; k++) {
            int group = k / 5 * 5;
            double per = k < 10 ? (double) best[k] / BATCH : best[k];
            System.out.printf("%-20s %12.3f %s   %.2fx long[]%n", names[k], per, k < 10 ? "ns/element" : "ns/scan",
                    (double) best[k] / best[group]);
        }
        heap.close();
        off.close();
        arena.close();
    }

    private static long getArray(long[] a, long[] idx) {
        long sum = 0;
        for (long i : idx) {
            sum += a[(int) i];
        }
        return sum;
    }

    private static long getFastutil(long[][] a, long[] idx) {
        long sum = 0;
        for (long i : idx) {
            sum += BigArrays.get(a, i);
        }
        return sum;
    }

    private static long getSegment(MemorySegment a, long[] idx) {
        long sum = 0;
        for (long i : idx) {
            sum += a.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return sum;
    }

    private static long getFlex(FlexArray a, long[] idx) {
        long sum = 0;
        for (long i : idx) {
            sum += a.getLong(i);
        }
        return sum;
    }

    private static long putArray(long[] a, long[] idx) {
        for (long i : idx) {
            a[(int) i] = i;
        }
        return a[0];
    }

    private static long putFastutil(long[][] a, long[] idx) {
        for (long i : idx) {
            BigArrays.set(a, i, i);
        }
        return a[0][0];
    }

    private static long putSegment(MemorySegment a, long[] idx) {
        for (long i : idx) {
            a.setAtIndex(ValueLayout.JAVA_LONG, i, i);
        }
        return a.get(ValueLayout.JAVA_LONG, 0);
    }

    private static long putFlex(FlexArray a, long[] idx) {
        for (long i : idx) {
            a.putLong(i, i);
        }
        return a.getLong(0);
    }

    private static long sumArray(long[] a) {
        long sum = 0;
        for (long v : a) {
            sum += v;
        }
        return sum;
    }

    private static long sumFastutil(long[][] a) {
        long sum = 0;
        for (long[] segment : a) {
            for (long v : segment) {
                sum += v;
            }
        }
        return sum;
    }

    private static long sumSegment(MemorySegment a, long n) {
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += a.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        return sum;
    }
}
