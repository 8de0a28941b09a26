package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A guest in this JVM and an echoing host in a child JVM, over a mapped file. */
class TwoProcessChannelTest {

    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    @Test
    void everyPacketComesBackIntactFromTheHostProcess() throws Exception {
        Path ring = dir.resolve("ring");
        Path log = dir.resolve("host.log");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.create(ring, 64 * 1024, arena);
            Process child = ChildJvm.start(EchoHostProcess.class, log, ring.toString());
            try {
                Channel guest = Channel.attach(region, Channel.Role.GUEST, 20_000);
                SplittableRandom random = new SplittableRandom(7);
                ArrayDeque<Long> expected = new ArrayDeque<>();
                int packets = 20_000;
                int[] mismatches = {0};
                long[] received = {0};
                MemorySegment payload = arena.allocate(1024, 8);
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
                assertTrue(child.waitFor(20, TimeUnit.SECONDS), "host process exits after the guest closes");
                assertEquals(0, child.exitValue(), Files.readString(log));
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void guestNoticesThatTheHostProcessDied() throws Exception {
        Path ring = dir.resolve("ring");
        Path log = dir.resolve("host.log");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.create(ring, 64 * 1024, arena);
            Process child = ChildJvm.start(EchoHostProcess.class, log, ring.toString());
            try {
                Channel guest = Channel.attach(region, Channel.Role.GUEST, 20_000);
                guest.send(6, 0, 1, new byte[8], TIMEOUT);
                assertEquals(1, guest.receive(p -> { }, 1, TIMEOUT));
                child.destroyForcibly().waitFor();
                var e = assertThrows(PeerUnavailableException.class, () -> guest.receive(p -> { }, 1, TIMEOUT));
                assertTrue(e.getMessage().contains("died"), e.getMessage());
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void aSecondHostIsRefusedWhileTheFirstHostProcessLives() throws Exception {
        Path ring = dir.resolve("ring");
        Path log = dir.resolve("host.log");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.create(ring, 64 * 1024, arena);
            Process child = ChildJvm.start(EchoHostProcess.class, log, ring.toString());
            try {
                Channel guest = Channel.attach(region, Channel.Role.GUEST, 20_000); // the child host is ready
                var e = assertThrows(PeerUnavailableException.class, () -> Channel.attach(region, Channel.Role.HOST, 0));
                assertTrue(e.getMessage().contains("already has a host, pid " + child.pid()), e.getMessage());
                guest.close();
                assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
        }
    }

    static long crcOf(MemorySegment segment, int length) {
        CRC32 crc = new CRC32();
        crc.update(segment.asSlice(8, length - 8).asByteBuffer());
        return crc.getValue();
    }
}
