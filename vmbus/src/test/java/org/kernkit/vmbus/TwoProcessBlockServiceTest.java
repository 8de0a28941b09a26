package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.testkit.ChildJvm;

/** The block host in a child JVM serves an image file; this JVM writes and reads it through the channel. */
class TwoProcessBlockServiceTest {

    @TempDir
    Path dir;

    @Test
    void hostEndsTheSessionOfAGuestThatSendsACorruptPacketAndServesTheNextGuest() throws Exception {
        Path ring = dir.resolve("ring");
        Path imagePath = dir.resolve("disk.img");
        Files.write(imagePath, new byte[64 * 512]);
        Path log = dir.resolve("host.log");
        Process child = ChildJvm.start(BlockHostProcess.class, log, ring.toString(), imagePath.toString(), "2");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.open(ring, arena, 20_000);
            Channel bad = Channel.attach(region, Channel.Role.GUEST, 20_000);
            // A request whose descriptor says offset8 0: the header would overlap itself.
            assertTrue(bad.tryAppend(PacketDescriptor.TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, 1,
                    MemorySegment.ofArray(new byte[16]), 0, 16));
            long descriptor = ChannelDescriptor.guestToHostRingOffset() + RingBufferDescriptor.DATA_OFFSET;
            region.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN),
                    descriptor + PacketDescriptor.OFFSET8_OFFSET, (short) 0);
            bad.publish();
            var e = assertThrows(PeerUnavailableException.class, () -> {
                while (true) {
                    bad.receive(p -> { }, 1, TimeUnit.SECONDS.toNanos(20));
                }
            });
            assertTrue(e.getMessage().contains("session"), e.getMessage());
            bad.close();

            Channel next = Channel.attach(region, Channel.Role.GUEST, 20_000);
            try (ChannelBlockDevice device = new ChannelBlockDevice(next, TimeUnit.SECONDS.toNanos(20))) {
                assertEquals(64, device.sectorCount());
                byte[] sector = new byte[512];
                new Random(5).nextBytes(sector);
                device.write(3, ByteBuffer.wrap(sector));
                ByteBuffer back = ByteBuffer.allocate(512);
                device.read(3, back);
                assertArrayEquals(sector, back.array());
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "host exits after its two sessions");
            String hostLog = Files.readString(log);
            assertEquals(0, child.exitValue(), hostLog);
            assertTrue(hostLog.contains("corrupt ring from the guest (pid " + ProcessHandle.current().pid()
                    + "): packet at read_index 0 has offset8 0"), hostLog);
            assertEquals(2, hostLog.lines().count(), "one line per session: " + hostLog);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void guestWritesThroughTheChannelLandInTheHostsImageFile() throws Exception {
        Path ring = dir.resolve("ring");
        Path imagePath = dir.resolve("disk.img");
        Files.write(imagePath, new byte[4 * 1024 * 1024]);
        Path log = dir.resolve("host.log");
        Process child = ChildJvm.start(BlockHostProcess.class, log, ring.toString(), imagePath.toString());
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.open(ring, arena, 20_000);
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 20_000);
            byte[] model = new byte[4 * 1024 * 1024];
            try (ChannelBlockDevice device = new ChannelBlockDevice(guest, TimeUnit.SECONDS.toNanos(20))) {
                assertEquals(8192, device.sectorCount());
                Random random = new Random(11);
                for (int i = 0; i < 100; i++) {
                    int count = 1 + random.nextInt(300);
                    int first = random.nextInt(8192 - count + 1);
                    byte[] data = new byte[count * 512];
                    random.nextBytes(data);
                    device.write(first, ByteBuffer.wrap(data));
                    System.arraycopy(data, 0, model, first * 512, data.length);
                }
                device.flush();
                ByteBuffer all = ByteBuffer.allocate(model.length);
                device.read(0, all);
                assertArrayEquals(model, all.array());
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "host exits when the guest closes");
            assertEquals(0, child.exitValue(), Files.readString(log));
            assertArrayEquals(model, Files.readAllBytes(imagePath));
        } finally {
            child.destroyForcibly();
        }
    }
}
