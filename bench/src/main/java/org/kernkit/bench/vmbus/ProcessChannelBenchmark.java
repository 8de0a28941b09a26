package org.kernkit.bench.vmbus;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kernkit.cli.KernkitChildJvm;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.ChannelDescriptor;
import org.kernkit.vmbus.ChannelFile;
import org.kernkit.vmbus.PacketDescriptor;
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
 * A VMBus channel between the benchmark JVM (guest) and a child JVM (host: {@code kernkit vmbus pong}, the CLI's echo host) over a mapped
 * file with 2 MiB rings: one-way throughput of 64-byte messages (a burst, then a count query that returns after the
 * host has read the whole burst), and the round trip of a 64-byte request and its echoed completion.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ProcessChannelBenchmark {

    static final int MESSAGE = 64;
    static final int BURST = 100_000;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    Arena arena;
    Path dir;
    Process child;
    Channel guest;
    MemorySegment message;
    final long[] answer = new long[1];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        arena = Arena.ofShared();
        dir = Files.createTempDirectory("kernkit-bench-vmbus");
        Path ring = dir.resolve("ring");
        MemorySegment region = ChannelFile.create(ring, ChannelDescriptor.DEFAULT_RING_LENGTH, arena);
        child = KernkitChildJvm.start(dir.resolve("host.log"), "vmbus", "pong", "--ring", ring.toString());
        guest = Channel.attach(region, Channel.Role.GUEST, 30_000);
        message = arena.allocate(MESSAGE, 8);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        guest.close();
        child.waitFor(30, TimeUnit.SECONDS);
        child.destroyForcibly();
        arena.close();
        for (String f : List.of("ring", "host.log")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    private long countQuery() throws IOException, InterruptedException {
        guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, -1,
                MemorySegment.NULL, 0, 0, TIMEOUT);
        answer[0] = -1;
        while (answer[0] < 0) {
            if (guest.receive(p -> answer[0] = p.getLong(0), 1, TIMEOUT) == 0) {
                throw new IOException("host did not answer the count query");
            }
        }
        return answer[0];
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public long oneWay64(ProcessChannelBenchmark s) throws Exception {
        final Channel channel = s.guest;
        final MemorySegment m = s.message;
        for (int i = 0; i < BURST; i++) {
            if (!channel.trySend(PacketDescriptor.TYPE_DATA_INBAND, 0, i, m, 0, MESSAGE)) {
                channel.send(PacketDescriptor.TYPE_DATA_INBAND, 0, i, m, 0, MESSAGE, TIMEOUT);
            }
        }
        return s.countQuery();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public long oneWay64Batched32(ProcessChannelBenchmark s) throws Exception {
        final Channel channel = s.guest;
        final MemorySegment m = s.message;
        for (int i = 0; i < BURST; i++) {
            if (!channel.tryAppend(PacketDescriptor.TYPE_DATA_INBAND, 0, i, m, 0, MESSAGE)) {
                channel.send(PacketDescriptor.TYPE_DATA_INBAND, 0, i, m, 0, MESSAGE, TIMEOUT);
            } else if ((i & 31) == 31) {
                channel.publish();
            }
        }
        channel.publish();
        return s.countQuery();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long roundTrip64(ProcessChannelBenchmark s) throws Exception {
        s.guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, 7, s.message, 0,
                MESSAGE, TIMEOUT);
        s.answer[0] = -1;
        while (s.answer[0] < 0) {
            if (s.guest.receive(p -> s.answer[0] = p.transId(), 1, TIMEOUT) == 0) {
                throw new IOException("no echo");
            }
        }
        return s.answer[0];
    }
}
