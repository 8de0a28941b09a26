package org.kernkit.bench.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-message cost of each ring without a second thread: one thread writes a batch of 256 messages and reads
 * them back, through kernkit's {@link RingBuffer} and Agrona's {@link OneToOneRingBuffer} (2 MiB data each), in
 * the same run. No hand-off, no waiting, no cache line moving between cores: what is left is the code path of a
 * write and a read, fences included. This does not replace {@link ThreadRingBenchmark}; it separates the ring's own
 * cost from the scheduling that dominates the two-thread figures on a loaded machine.
 *
 * <p>{@code kernkit*} methods run the VMBus signalling protocol (real signals attached: a full fence and a check
 * after each index store); {@code kernkitPolling*} attach {@link RingBuffer#NO_SIGNAL}, which skips both, as
 * Agrona's ring never does them (see {@link ThreadRingBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RingCostBenchmark {

    static final int DATA = 2 << 20;
    static final int BATCH = 256;

    @Param({"64", "1024"})
    public int size;

    Arena arena;
    RingBuffer kernkit;
    RingBuffer kernkitPolling;
    MemorySegment kernkitMessage;
    OneToOneRingBuffer agrona;
    UnsafeBuffer agronaMessage;
    long sink;
    final PacketHandler kernkitHandler = p -> sink += p.transId();
    final MessageHandler agronaHandler = (type, buffer, index, length) -> sink += buffer.getLong(index);

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        MemorySegment ring = arena.allocate(4096 + DATA, 4096);
        RingBuffer.format(ring);
        kernkit = RingBuffer.attach(ring, ThreadRingBenchmark.ATTACHED, ThreadRingBenchmark.ATTACHED);
        kernkit.maskInterrupts(); // a polling reader, as in ThreadRingBenchmark
        MemorySegment pollingRing = arena.allocate(4096 + DATA, 4096);
        RingBuffer.format(pollingRing);
        kernkitPolling = RingBuffer.attach(pollingRing, RingBuffer.NO_SIGNAL, RingBuffer.NO_SIGNAL);
        kernkitPolling.maskInterrupts();
        kernkitMessage = arena.allocate(size, 8);
        agrona = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(DATA + RingBufferDescriptor.TRAILER_LENGTH)));
        agronaMessage = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long kernkitWriteThenRead() {
        return writeThenRead(kernkit);
    }

    /** The same with {@link RingBuffer#NO_SIGNAL} on both ends: release stores only, no fence, no check. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long kernkitPollingWriteThenRead() {
        return writeThenRead(kernkitPolling);
    }

    private long writeThenRead(RingBuffer ring) {
        for (int i = 0; i < BATCH; i++) {
            if (!ring.tryWrite(6, 0, i, kernkitMessage, 0, size)) {
                throw new IllegalStateException("ring full");
            }
        }
        for (int read = 0; read < BATCH; ) {
            read += ring.read(kernkitHandler, BATCH - read);
        }
        return sink;
    }

    /**
     * The same messages appended with {@link RingBuffer#tryAppend} and made visible by one {@link RingBuffer#publish()}
     * for the batch: one index store and one full fence per 256 messages instead of per message. Not the same
     * contract as Agrona's per-message {@code write} (the reader sees nothing until the publish); it shows what the
     * per-publish fence costs.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long kernkitAppendThenPublishThenRead() {
        final RingBuffer ring = kernkit;
        for (int i = 0; i < BATCH; i++) {
            if (!ring.tryAppend(6, 0, i, kernkitMessage, 0, size)) {
                throw new IllegalStateException("ring full");
            }
        }
        ring.publish();
        for (int read = 0; read < BATCH; ) {
            read += ring.read(kernkitHandler, BATCH - read);
        }
        return sink;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long agronaWriteThenRead() {
        final OneToOneRingBuffer ring = agrona;
        for (int i = 0; i < BATCH; i++) {
            agronaMessage.putLong(0, i);
            if (!ring.write(1, agronaMessage, 0, size)) {
                throw new IllegalStateException("ring full");
            }
        }
        // Agrona's read stops at the end of its buffer, so a batch that wraps takes two calls.
        for (int read = 0; read < BATCH; ) {
            read += ring.read(agronaHandler, BATCH - read);
        }
        return sink;
    }
}
