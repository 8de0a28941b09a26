package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.testkit.ChildJvm;

/**
 * A host process serves an image file; this process formats it and fills it with vfat through the channel; then
 * the independent {@code fsck.fat -n} judges the image and vfat reads it back from the file directly.
 */
class FatOverChannelTest {

    @TempDir
    Path dir;

    static Path fsckFat() {
        for (String candidate : new String[] {"/usr/sbin/fsck.fat", "/sbin/fsck.fat", "/usr/bin/fsck.fat"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String reason = "fsck.fat (dosfstools) is not installed";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + "; CI=true requires it");
        }
        System.out.println("SKIPPED FatOverChannelTest: " + reason);
        Assumptions.abort(reason);
        return null;
    }

    @Test
    void fatFormattedAndFilledThroughTheChannelPassesFsck() throws Exception {
        Path fsck = fsckFat();
        Path ring = dir.resolve("ring");
        Path imagePath = dir.resolve("disk.img");
        Files.write(imagePath, new byte[32 << 20]);
        Path log = dir.resolve("host.log");
        Map<String, byte[]> files = new LinkedHashMap<>();
        Random random = new Random(2009);
        files.put("/README.TXT", "served over a VMBus ring\n".getBytes(StandardCharsets.US_ASCII));
        files.put("/docs/A long file name.txt", "long names go through the channel too".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20; i++) {
            byte[] content = new byte[random.nextInt(300_000)];
            random.nextBytes(content);
            files.put("/data/blob-" + i + ".bin", content);
        }

        Process child = ChildJvm.start(BlockHostProcess.class, log, ring.toString(), imagePath.toString());
        try (Arena arena = Arena.ofShared()) {
            MemorySegment region = ChannelFile.open(ring, arena, 20_000);
            Channel guest = Channel.attach(region, Channel.Role.GUEST, 20_000);
            ChannelBlockDevice device = new ChannelBlockDevice(guest, TimeUnit.SECONDS.toNanos(20));
            try (FatFileSystem fs = FatFileSystem.format(device, FormatOptions.builder().volumeLabel("VMBUS").build())) {
                fs.createDirectories("/docs");
                fs.createDirectories("/data");
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    fs.writeAllBytes(e.getKey(), e.getValue());
                }
                fs.delete("/data/blob-3.bin");
                files.remove("/data/blob-3.bin");
                assertArrayEquals(files.get("/data/blob-7.bin"), fs.readAllBytes("/data/blob-7.bin"));
            } // closes the file system, the device and the guest's side of the channel
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "host exits after the guest leaves");
            assertEquals(0, child.exitValue(), Files.readString(log));
        } finally {
            child.destroyForcibly();
        }

        Process check = new ProcessBuilder(fsck.toString(), "-n", imagePath.toString()).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), "fsck.fat -n:\n" + report);

        try (FatFileSystem fs = FatFileSystem.openReadOnly(imagePath)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                assertArrayEquals(e.getValue(), fs.readAllBytes(e.getKey()), e.getKey());
            }
            assertEquals("VMBUS", fs.volumeLabel().strip());
        }
    }

}
