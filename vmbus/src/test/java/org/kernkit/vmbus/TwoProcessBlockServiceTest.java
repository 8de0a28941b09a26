package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The block host in a child JVM serves an image file; this JVM writes and reads it through the channel. */
class TwoProcessBlockServiceTest {

    @TempDir
    Path dir;

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
