package org.kernkit.bench.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.kernkit.vmbus.PacketHandler;
import org.kernkit.vmbus.RingBuffer;
import org.kernkit.vmbus.WakeupSignal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Messages of 64 bytes and 1 KiB from the benchmark thread to a consumer thread that drains in batches, through
 * kernkit's VMBus {@link RingBuffer} and through Agrona's {@link OneToOneRingBuffer}, both with 2 MiB of data
 * area, in the same run. One operation = one message produced and consumed (each invocation pushes a burst and
 * waits until the consumer has taken all of it).
 *
 * <p>On a machine with few cores the two threads may share one CPU for a whole fork, which measures the scheduler
 * rather than the ring. Each iteration therefore prints, from the fork, how many CPUs the pair held on average:
 * (producer CPU time + consumer CPU time) / wall time, from {@link ThreadMXBean}. Both threads spin or yield all the
 * time, so about 2 means they ran in parallel and about 1 means they shared one CPU (or other processes took the
 * rest). Run several forks ({@code -f 3}) and compare forks with the same figure.
 *
 * <p>kernkit runs in two modes ({@code signalling}): {@code vmbus} attaches real wake-up signals to both ends, so
 * every publish and every batch read runs the VMBus signalling protocol (a full fence after the index store, then
 * the {@code interrupt_mask} or {@code pending_send_sz} check), as a {@code Channel} does; the consumer still polls,
 * with {@code interrupt_mask} set as a busy VMBus reader sets it, so no signal is ever sent. {@code polling}
 * attaches {@link RingBuffer#NO_SIGNAL} to both ends, which skips the fences and checks (nobody can be woken), as
 * Agrona's ring, which has no wake-up at all, never does them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Agrona 2.x reaches jdk.internal.misc.Unsafe, which java.base exports only on request.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class ThreadRingBenchmark {

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

    /** Base: a consumer thread that counts what it drained, and the pair's CPU use per iteration. */
    abstract static class Pipe {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        final AtomicLong consumed = new AtomicLong();
        long produced;
        volatile boolean running = true;
        Thread consumer;
        Thread producer;
        long wallStart;
        long producerCpuStart;
        long consumerCpuStart;
        int iteration;

        abstract String name();

        /** Called by the iteration set-up on the benchmark thread: start counting CPU time. */
        void startIteration() {
            producer = Thread.currentThread();
            wallStart = System.nanoTime();
            producerCpuStart = THREADS.getThreadCpuTime(producer.threadId());
            consumerCpuStart = THREADS.getThreadCpuTime(consumer.threadId());
        }

        /** Prints the CPUs the two threads held on average during the iteration. */
        void endIteration() {
            long wall = System.nanoTime() - wallStart;
            double producerShare = (THREADS.getThreadCpuTime(producer.threadId()) - producerCpuStart) / (double) wall;
            double consumerShare = (THREADS.getThreadCpuTime(consumer.threadId()) - consumerCpuStart) / (double) wall;
            double cpus = producerShare + consumerShare;
            System.out.printf("%n[cpu-share] %s iteration %d: producer %.2f + consumer %.2f = %.2f CPUs (%s)%n",
                    name(), ++iteration, producerShare, consumerShare, cpus,
                    cpus >= 1.6 ? "parallel" : cpus <= 1.25 ? "SHARED: one CPU or less for both" : "partly shared");
        }

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

    /**
     * A real signal as far as the ring can tell (not {@link RingBuffer#NO_SIGNAL}), so the protocol runs; it is
     * never sent here (the reader masks interrupts, no writer asks for space), so its body does not matter.
     */
    static final WakeupSignal ATTACHED = new WakeupSignal() {
        @Override
        public int prepareWait() {
            return 0;
        }

        @Override
        public void await(int ticket, long timeoutNanos) {
        }

        @Override
        public void signal() {
        }
    };

    @State(Scope.Benchmark)
    public static class KernkitPipe extends Pipe {
        @Param({"64", "1024"})
        public int size;
        /** {@code vmbus}: real signals on both ends, the fences run; {@code polling}: NO_SIGNAL, no fences. */
        @Param({"vmbus", "polling"})
        public String signalling;
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
            WakeupSignal signal = switch (signalling) {
                case "vmbus" -> ATTACHED;
                case "polling" -> RingBuffer.NO_SIGNAL;
                default -> throw new IllegalArgumentException("signalling " + signalling + ": vmbus or polling");
            };
            writer = RingBuffer.attach(ring, signal, signal);
            reader = RingBuffer.attach(ring, signal, signal);
            reader.maskInterrupts(); // the consumer polls: no signals, as a busy VMBus reader would set it
            message = arena.allocate(size, 8);
            startConsumer();
        }

        @Override
        String name() {
            return "kernkit-" + signalling + "/" + size;
        }

        @Setup(Level.Iteration)
        public void iterationStarts() {
            startIteration();
        }

        @TearDown(Level.Iteration)
        public void iterationEnds() {
            endIteration();
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
        @Param({"64", "1024"})
        public int size;
        OneToOneRingBuffer ring;
        UnsafeBuffer message;
        long sink;
        final MessageHandler handler = (type, buffer, index, length) -> sink += buffer.getLong(index);

        @Setup(Level.Trial)
        public void setUp() {
            ring = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(DATA + RingBufferDescriptor.TRAILER_LENGTH)));
            message = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
            startConsumer();
        }

        @Override
        String name() {
            return "agrona/" + size;
        }

        @Setup(Level.Iteration)
        public void iterationStarts() {
            startIteration();
        }

        @TearDown(Level.Iteration)
        public void iterationEnds() {
            endIteration();
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
        final int size = pipe.size;
        for (int i = 0; i < BURST; i++) {
            for (int idle = 0; !ring.tryWrite(6, 0, i, message, 0, size); ) {
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
        final int size = pipe.size;
        for (int i = 0; i < BURST; i++) {
            for (int idle = 0; !ring.tryAppend(6, 0, i, message, 0, size); ) {
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
        final int size = pipe.size;
        for (int i = 0; i < BURST; i++) {
            message.putLong(0, i);
            for (int idle = 0; !ring.write(1, message, 0, size); ) {
                idle = idle(idle);
            }
        }
        pipe.produced += BURST;
        pipe.awaitConsumed();
    }
}
