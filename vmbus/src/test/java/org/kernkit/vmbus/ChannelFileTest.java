package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelFileTest {

    @TempDir
    Path dir;

    @Test
    void openMapsTheFileOnceHoweverManyTimesItLooks() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "counting mappings needs Linux's /proc/self/maps");
        Path file = dir.resolve("ring");
        Files.write(file, new byte[(int) ChannelDescriptor.regionLength(8192)]); // created, not yet formatted
        try (Arena arena = Arena.ofShared()) {
            CompletableFuture<MemorySegment> opened = CompletableFuture.supplyAsync(() -> {
                try {
                    return ChannelFile.open(file, arena, 30_000);
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200); // let open look at the unformatted file a number of times
            try (Arena creator = Arena.ofConfined()) {
                ChannelFile.create(file, 8192, creator);
            }
            opened.get(30, TimeUnit.SECONDS);
            String path = file.toRealPath().toString();
            long mappings = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith(path)).count();
            assertEquals(1, mappings, "mappings of the channel file");
        }
    }

    @Test
    void openOfAFileThatIsNotAChannelFailsAtOnceSayingSo() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "not a channel\n".repeat(1000));
        try (Arena arena = Arena.ofConfined()) {
            // A ten-minute timeout: only failing fast ends this call within the test's run.
            var e = assertThrows(IOException.class, () -> ChannelFile.open(file, arena, TimeUnit.MINUTES.toMillis(10)));
            assertTrue(e.getMessage().contains(file + " is not a kernkit vmbus channel"), e.getMessage());
        }
    }

    @Test
    void createRefusesToOverwriteAFileThatIsNotAChannel() throws IOException {
        Path file = dir.resolve("disk.img");
        byte[] precious = "precious bytes ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Files.write(file, precious);
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.create(file, 8192, arena));
            assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        }
        assertArrayEquals(precious, Files.readAllBytes(file));
    }

    @Test
    void createRefusesARingLengthThatIsNotAPageMultiple() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> ChannelFile.create(dir.resolve("ring"), 12_000, arena));
        }
    }

    @Test
    void recreatingTheFileOfAHostThatIsGoneLetsGuestsWaitForTheNextHost() throws Exception {
        Path file = dir.resolve("ring");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.create(file, 8192, arena);
            region.set(java.lang.foreign.ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET,
                    ChannelDescriptor.sideWord(7, ChannelDescriptor.STATE_CLOSED, gone.pid()));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.create(file, 8192, arena);
            assertEquals(ChannelDescriptor.sideWord(7, ChannelDescriptor.STATE_ABSENT, 0),
                    region.get(java.lang.foreign.ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET),
                    "the old epoch is kept, the dead pid is not");
        }
    }
}
