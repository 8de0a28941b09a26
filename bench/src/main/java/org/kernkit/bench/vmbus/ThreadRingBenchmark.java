package org.kernkit.bench.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.kernkit.vmbus.PacketHandler;
import org.kernkit.vmbus.RingBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 64-byte messages from the benchmark thread to a consumer thread that drains in batches, through kernkit's
 * VMBus {@link RingBuffer} and through Agrona's {@link OneToOneRingBuffer}, both with 2 MiB of data area, in the
 * same run. One operation = one message produced and consumed (each invocation pushes a burst and waits until the
 * consumer has taken all of it).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Agrona 2.x reaches jdk.internal.misc.Unsafe, which java.base exports only on request.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class ThreadRingBenchmark {

    static final int MESSAGE = 64;
    static final int DATA = 2 << 20;
    static final int BURST = 20_000;

    /**
     * Back-off of every wait in this benchmark, the same for both rings: spin briefly, then yield, so that on a
     * shared 2-core machine a waiting thread gives its core to the one it waits for.
     */
    static int idle(int idle) {
        if (idle < 100) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return idle + 1;
    }

    /** Base: a consumer thread that counts what it drained. */
    abstract static class Pipe {
        final AtomicLong consumed = new AtomicLong();
        long produced;
        volatile boolean running = true;
        Thread consumer;

        abstract int drain();

        void startConsumer() {
            consumer = Thread.ofPlatform().name("consumer").start(() -> {
                long count = 0;
                int idle = 0;
                while (running) {
                    int n = drain();
                    if (n == 0) {
                        idle = idle(idle);
                    } else {
                        idle = 0;
                        count += n;
                        consumed.lazySet(count); // release: the producer only needs an eventually visible count
                    }
                }
            });
        }

        void awaitConsumed() {
            int idle = 0;
            while (consumed.get() < produced) {
                idle = idle(idle);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            consumer.join();
        }
    }

    @State(Scope.Benchmark)
    public static class KernkitPipe extends Pipe {
        Arena arena;
        RingBuffer writer;
        RingBuffer reader;
        MemorySegment message;
        long sink;
        final PacketHandler handler = p -> sink += p.transId();

        @Setup(Level.Trial)
        public void setUp() {
            arena = Arena.ofShared();
            MemorySegment ring = arena.allocate(4096 + DATA, 4096);
            RingBuffer.format(ring);
            writer = RingBuffer.attach(ring, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
            reader = RingBuffer.attach(ring, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
            reader.maskInterrupts(); // the consumer polls: no signals, as a busy VMBus reader would set it
            message = arena.allocate(MESSAGE, 8);
            startConsumer();
        }

        @Override
        int drain() {
            return reader.read(handler, 256);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop();
            arena.close();
        }
    }

    @State(Scope.Benchmark)
    public static class AgronaPipe extends Pipe {
        OneToOneRingBuffer ring;
        UnsafeBuffer message;
        long sink;
        final MessageHandler handler = (type, buffer, index, length) -> sink += buffer.getLong(index);

        @Setup(Level.Trial)
        public void setUp() {
            ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(DATA + RingBufferDescriptor.TRAILER_LENGTH)));
            message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE));
            startConsumer();
        }

        @Override
        int drain() {
            return ring.read(handler, 256);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void kernkitVmbusRing(KernkitPipe pipe) {
        final RingBuffer ring = pipe.writer;
        final MemorySegment message = pipe.message;
        for (int i = 0; i < BURST; i++) {
            for (int idle = 0; !ring.tryWrite(6, 0, i, message, 0, MESSAGE); ) {
                idle = idle(idle);
            }
        }
        pipe.produced += BURST;
        pipe.awaitConsumed();
    }

    /** The same, publishing write_index (one release store + one full fence) once per 32 packets. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public void kernkitVmbusRingBatched32(KernkitPipe pipe) {
        final RingBuffer ring = pipe.writer;
        final MemorySegment message = pipe.message;
        for (int i = 0; i < BURST; i++) {
            for (int idle = 0; !ring.tryAppend(6, 0, i, message, 0, MESSAGE); ) {
                ring.publish();
                idle = idle(idle);
            }
            if ((i & 31) == 31) {
                ring.publish();
            }
        }
        ring.publish();
        pipe.produced += BURST;
        pipe.awaitConsumed();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void agronaOneToOne(AgronaPipe pipe) {
        final OneToOneRingBuffer ring = pipe.ring;
        final UnsafeBuffer message = pipe.message;
        for (int i = 0; i < BURST; i++) {
            message.putLong(0, i);
            for (int idle = 0; !ring.write(1, message, 0, MESSAGE); ) {
                idle = idle(idle);
            }
        }
        pipe.produced += BURST;
        pipe.awaitConsumed();
    }
}
