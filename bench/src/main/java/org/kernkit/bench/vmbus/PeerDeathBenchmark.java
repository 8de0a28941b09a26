package org.kernkit.bench.vmbus;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.kernkit.cli.KernkitChildJvm;
import org.kernkit.vmbus.Channel;
import org.kernkit.vmbus.ChannelFile;
import org.kernkit.vmbus.PeerUnavailableException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a guest blocked in {@code receive} takes to notice that its host process was killed: from the
 * SIGKILL to the {@link PeerUnavailableException}, for a host that its parent reaps at once (this JVM's process
 * reaper) and for one left a zombie (its parent is a shell that became {@code sleep}).
 *
 * <p>Each invocation starts a host JVM ({@code kernkit vmbus pong}, the CLI's echo host) and a guest thread asleep in {@code receive} outside
 * the measured time; the measured part is the kill and the wait for the guest to give up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PeerDeathBenchmark {

    @Param({"reaped", "zombie"})
    String parent;

    Arena arena;
    Path dir;
    Process process;
    long hostPid;
    CompletableFuture<String> noticed;

    @Setup(Level.Invocation)
    public void startHostAndBlockTheGuest() throws Exception {
        arena = Arena.ofShared();
        dir = Files.createTempDirectory("kernkit-bench-peer-death");
        Path ring = dir.resolve("ring");
        MemorySegment region = ChannelFile.create(ring, 64 * 1024, arena);
        List<String> java = KernkitChildJvm.command("vmbus", "pong", "--ring", ring.toString());
        List<String> command = new ArrayList<>();
        if (parent.equals("zombie")) {
            command.addAll(List.of("sh", "-c", "\"$@\" & exec sleep 600", "sh"));
        }
        command.addAll(java);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("host.log").toFile()).start();
        Channel guest = Channel.attach(region, Channel.Role.GUEST, 30_000);
        hostPid = guest.peerPid();
        noticed = CompletableFuture.supplyAsync(() -> {
            try {
                guest.receive(p -> { }, 1, TimeUnit.MINUTES.toNanos(5));
                return "a packet arrived";
            } catch (PeerUnavailableException e) {
                return e.getMessage();
            } catch (Exception e) {
                return e.toString();
            }
        });
        Thread.sleep(200); // the guest is past its spin and asleep on the futex
    }

    @Benchmark
    public String killHostUntilTheGuestNotices() throws Exception {
        ProcessHandle.of(hostPid).orElseThrow().destroyForcibly();
        String why = noticed.get(5, TimeUnit.MINUTES);
        if (!why.contains("died")) {
            throw new IllegalStateException("guest gave up for another reason: " + why);
        }
        return why;
    }

    @TearDown(Level.Invocation)
    public void stopAll() throws Exception {
        process.destroyForcibly().waitFor();
        arena.close();
        Files.deleteIfExists(dir.resolve("ring"));
        Files.deleteIfExists(dir.resolve("host.log"));
        Files.deleteIfExists(dir);
    }
}
