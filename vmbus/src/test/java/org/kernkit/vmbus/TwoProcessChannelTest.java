package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.testkit.ChildJvm;

/**
 * A guest in this JVM and a host in a child JVM over a mapped file: the raw channel's packets, liveness and the
 * one-host rule. The child is the block service's host, the one host process the vmbus tests start.
 */
class TwoProcessChannelTest {

    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);
    static final int SECTORS = 256;
    /** A CAPACITY request of the block service: the smallest request the host answers. */
    static final byte[] CAPACITY_REQUEST = {BlockMessageDescriptor.OP_CAPACITY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0};

    @TempDir
    Path dir;

    @Test
    void mixedSizePacketsEachWayComeBackIntactFromTheHostProcess() throws Exception {
        try (HostChild host = HostChild.start(dir)) {
            Channel guest = Channel.attach(host.region(), Channel.Role.GUEST, 20_000);
            RequestClient client = new RequestClient(guest, TIMEOUT);
            byte[] model = host.image().clone();
            SplittableRandom random = new SplittableRandom(7);
            MemorySegment request = host.arena().allocate(16 + 8 * 512, 8);
            int requests = 20_000;
            int[] mismatches = {0};
            long[] completed = {0};
            for (int i = 0; i < requests; i++) {
                // 0..8 sectors each way: requests of 16..4112 bytes guest to host, completions of 16..4112 bytes
                // back, so the rings wrap at many offsets.
                int count = random.nextInt(9);
                long first = random.nextInt(SECTORS - count + 1);
                boolean write = random.nextBoolean();
                request.set(ValueLayout.JAVA_INT_UNALIGNED, 0, write ? BlockMessageDescriptor.OP_WRITE
                        : BlockMessageDescriptor.OP_READ);
                request.set(ValueLayout.JAVA_INT_UNALIGNED, 4, count);
                request.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, first);
                int length = 16;
                if (write) {
                    for (int b = 0; b < count * 512; b++) {
                        request.set(ValueLayout.JAVA_BYTE, 16 + b, (byte) random.nextInt());
                    }
                    MemorySegment.copy(request, ValueLayout.JAVA_BYTE, 16, model, (int) first * 512, count * 512);
                    length += count * 512;
                }
                // The bytes expected as of this request (the host serves requests in order).
                byte[] expected = write ? new byte[0]
                        : java.util.Arrays.copyOfRange(model, (int) first * 512, (int) (first + count) * 512);
                client.submit(request, 0, length, c -> {
                    byte[] got = c.payload().asSlice(16).toArray(ValueLayout.JAVA_BYTE);
                    if (c.getInt(0) != BlockMessageDescriptor.STATUS_OK || !java.util.Arrays.equals(expected, got)) {
                        mismatches[0]++;
                    }
                    completed[0]++;
                });
                client.awaitUntilInFlightAtMost(32);
            }
            client.awaitAll();
            guest.close();
            assertEquals(requests, completed[0]);
            assertEquals(0, mismatches[0]);
            assertTrue(host.process().waitFor(20, TimeUnit.SECONDS), "host process exits after the guest closes");
            assertEquals(0, host.process().exitValue(), Files.readString(host.log()));
            assertArrayEquals(model, Files.readAllBytes(host.imagePath()));
        }
    }

    @Test
    void guestNoticesThatTheHostProcessDied() throws Exception {
        try (HostChild host = HostChild.start(dir)) {
            Channel guest = Channel.attach(host.region(), Channel.Role.GUEST, 20_000);
            guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, 1,
                    CAPACITY_REQUEST, TIMEOUT);
            assertEquals(1, guest.receive(p -> { }, 1, TIMEOUT));
            host.process().destroyForcibly().waitFor();
            var e = assertThrows(PeerUnavailableException.class, () -> guest.receive(p -> { }, 1, TIMEOUT));
            assertTrue(e.getMessage().contains("died"), e.getMessage());
        }
    }

    @Test
    void aSecondHostIsRefusedWhileTheFirstHostProcessLives() throws Exception {
        try (HostChild host = HostChild.start(dir)) {
            Channel guest = Channel.attach(host.region(), Channel.Role.GUEST, 20_000); // the child host is ready
            var e = assertThrows(PeerUnavailableException.class,
                    () -> Channel.attach(host.region(), Channel.Role.HOST, 0));
            assertTrue(e.getMessage().contains("already has a host, pid " + host.process().pid()), e.getMessage());
            guest.close();
            assertTrue(host.process().waitFor(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSecondHostIsRefusedNamingTheLiveOneAndTheFirstKeepsServing() throws Exception {
        try (HostChild host = HostChild.start(dir); Arena second = Arena.ofShared()) {
            Channel guest = Channel.attach(host.region(), Channel.Role.GUEST, 20_000); // the child host is ready
            var e = assertThrows(PeerUnavailableException.class,
                    () -> ChannelFile.create(dir.resolve("ring"), 64 * 1024, second));
            assertTrue(e.getMessage().contains("already has a host, pid " + host.process().pid()), e.getMessage());
            guest.send(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, 42,
                    CAPACITY_REQUEST, TIMEOUT);
            long[] id = {0};
            assertEquals(1, guest.receive(p -> id[0] = p.transId(), 1, TIMEOUT));
            assertEquals(42, id[0], "the first host still serves the channel");
            guest.close();
            assertTrue(host.process().waitFor(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aHostLeftAsAZombieIsNoticedBeforeTheSendTimeout() throws Exception {
        Path ring = dir.resolve("ring");
        Path log = dir.resolve("host.log");
        Path image = dir.resolve("disk.img");
        Files.write(image, new byte[SECTORS * 512]);
        try (Arena arena = Arena.ofShared()) {
            Process parent = startUnderNonReapingParent(BlockHostProcess.class, log, ring.toString(), image.toString());
            try {
                MemorySegment region = ChannelFile.open(ring, arena, 20_000);
                Channel guest = Channel.attach(region, Channel.Role.GUEST, 20_000);
                long hostPid = guest.peerPid();
                assertTrue(ProcessHandle.of(hostPid).orElseThrow().parent().map(ProcessHandle::pid)
                        .orElse(-1L) == parent.pid(), "the host's parent is the non-reaping shell");
                ProcessHandle.of(hostPid).orElseThrow().destroyForcibly();
                while (procState(hostPid) != 'Z') {
                    Thread.sleep(5); // until the kill has landed: a zombie, which the shell's sleep never reaps
                }
                while (guest.trySend(6, 0, 0, MemorySegment.ofArray(new byte[1024]), 0, 1024)) {
                }
                // The send would end with "not reading" after its timeout if the zombie were taken as alive.
                var e = assertThrows(PeerUnavailableException.class,
                        () -> guest.send(6, 0, 0, new byte[1024], TimeUnit.SECONDS.toNanos(20)));
                assertTrue(e.getMessage().contains("host process " + hostPid + " died (a zombie"), e.getMessage());
            } finally {
                parent.destroyForcibly();
            }
        }
    }

    /**
     * Starts the JVM as the child of a shell that then becomes {@code sleep} and never reaps it: once the JVM is
     * killed it stays a zombie until the returned process (the sleep) is destroyed.
     */
    private static Process startUnderNonReapingParent(Class<?> main, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" & exec sleep 300", "sh"));
        command.addAll(ChildJvm.command(main, args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * A {@link BlockHostProcess} in a child JVM serving a random {@link #SECTORS}-sector image, on a 256 KiB-per-ring
     * channel file in {@code dir} that the child creates. Closing it kills the child if it still runs, then unmaps
     * the channel.
     */
    private record HostChild(Arena arena, MemorySegment region, Process process, Path log, Path imagePath,
                             byte[] image) implements AutoCloseable {

        static HostChild start(Path dir) throws IOException, InterruptedException {
            Path ring = dir.resolve("ring");
            Path log = dir.resolve("host.log");
            Path imagePath = dir.resolve("disk.img");
            byte[] image = new byte[SECTORS * 512];
            new java.util.Random(3).nextBytes(image);
            Files.write(imagePath, image);
            Process process = ChildJvm.start(BlockHostProcess.class, log, ring.toString(), imagePath.toString());
            Arena arena = Arena.ofShared();
            try {
                MemorySegment region = ChannelFile.open(ring, arena, 20_000);
                return new HostChild(arena, region, process, log, imagePath, image);
            } catch (IOException | RuntimeException e) {
                arena.close();
                process.destroyForcibly();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                process.destroyForcibly();
            } finally {
                arena.close();
            }
        }
    }

    /** The state letter of /proc/PID/stat, read here independently of the code under test; '?' if gone. */
    static char procState(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (java.nio.file.NoSuchFileException e) {
            return '?';
        }
    }
}
