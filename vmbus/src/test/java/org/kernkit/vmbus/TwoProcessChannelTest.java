package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.testkit.ChildJvm;

/** A guest in this JVM and an echoing host in a child JVM, over a mapped file. */
class TwoProcessChannelTest {

    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    @Test
    void everyPacketComesBackIntactFromTheHostProcess() throws Exception {
        try (EchoHostChild host = EchoHostChild.start(dir)) {
            Channel guest = Channel.attach(host.region(), Channel.Role.GUEST, 20_000);
            SplittableRandom random = new SplittableRandom(7);
            ArrayDeque<Long> expected = new ArrayDeque<>();
            int packets = 20_000;
            int[] mismatches = {0};
            long[] received = {0};
            MemorySegment payload = host.arena().allocate(1024, 8);
            for (long id = 0; id < packets; id++) {
                int length = 8 * (1 + random.nextInt(100));
                for (int i = 8; i < length; i++) {
                    payload.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
                }
                long crc = crcOf(payload, length);
                payload.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, crc);
                guest.send(6, 1, id, payload, 0, length, TIMEOUT);
                expected.add(id);
                // keep up to 32 in flight, then collect
                while (expected.size() > 32 || (id == packets - 1 && !expected.isEmpty())) {
                    guest.receive(p -> {
                        long want = expected.poll();
                        MemorySegment got = p.payload();
                        if (p.transId() != want || p.getLong(0) != crcOf(got, p.payloadLength())) {
                            mismatches[0]++;
                        }
                        received[0]++;
                    }, 64, TIMEOUT);
                }
            }
            guest.close();
            assertEquals(packets, received[0]);
            assertEquals(0, mismatches[0]);
            assertTrue(host.process().waitFor(20, TimeUnit.SECONDS), "host process exits after the guest closes");
            assertEquals(0, host.process().exitValue(), Files.readString(host.log()));
        }
    }

    @Test
    void guestNoticesThatTheHostProcessDied() throws Exception {
        try (EchoHostChild host = EchoHostChild.start(dir)) {
            Channel guest = Channel.attach(host.region(), Channel.Role.GUEST, 20_000);
            guest.send(6, 0, 1, new byte[8], TIMEOUT);
            assertEquals(1, guest.receive(p -> { }, 1, TIMEOUT));
            host.process().destroyForcibly().waitFor();
            var e = assertThrows(PeerUnavailableException.class, () -> guest.receive(p -> { }, 1, TIMEOUT));
            assertTrue(e.getMessage().contains("died"), e.getMessage());
        }
    }

    @Test
    void aSecondHostIsRefusedWhileTheFirstHostProcessLives() throws Exception {
        try (EchoHostChild host = EchoHostChild.start(dir)) {
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
        try (EchoHostChild host = EchoHostChild.start(dir); Arena second = Arena.ofShared()) {
            Channel guest = Channel.attach(host.region(), Channel.Role.GUEST, 20_000); // the child host is ready
            var e = assertThrows(PeerUnavailableException.class,
                    () -> ChannelFile.create(dir.resolve("ring"), 64 * 1024, second));
            assertTrue(e.getMessage().contains("already has a host, pid " + host.process().pid()), e.getMessage());
            guest.send(6, 1, 42, new byte[8], TIMEOUT);
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
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.create(ring, 64 * 1024, arena);
            Process parent = startUnderNonReapingParent(EchoHostProcess.class, log, ring.toString());
            try {
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
     * An {@link EchoHostProcess} in a child JVM on a fresh 64 KiB-per-ring channel file in {@code dir}. Closing it
     * kills the child if it still runs, then unmaps the channel.
     */
    private record EchoHostChild(Arena arena, MemorySegment region, Process process, Path log)
            implements AutoCloseable {

        static EchoHostChild start(Path dir) throws IOException {
            Path ring = dir.resolve("ring");
            Path log = dir.resolve("host.log");
            Arena arena = Arena.ofShared();
            try {
                MemorySegment region = ChannelFile.create(ring, 64 * 1024, arena);
                Process process = ChildJvm.start(EchoHostProcess.class, log, ring.toString());
                return new EchoHostChild(arena, region, process, log);
            } catch (IOException | RuntimeException e) {
                arena.close();
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

    static long crcOf(MemorySegment segment, int length) {
        CRC32 crc = new CRC32();
        crc.update(segment.asSlice(8, length - 8).asByteBuffer());
        return crc.getValue();
    }
}
