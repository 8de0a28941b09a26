package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aRefusedRingLengthLeavesNoFileBehind() {
        Path file = dir.resolve("ring");
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> ChannelFile.create(file, 12_000, arena));
        }
        assertFalse(Files.exists(file), "the ring length is checked before the file is created");
    }

    @Test
    void createSizesTheFileToExactlyTheRegion() throws IOException {
        Path file = dir.resolve("ring");
        try (Arena arena = Arena.ofConfined()) {
            ChannelFile.create(file, 8192, arena);
        }
        assertEquals(ChannelDescriptor.regionLength(8192), Files.size(file));
    }

    @Test
    void createAndOpenRefuseADirectoryNamingIt() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        try (Arena arena = Arena.ofConfined()) {
            var created = assertThrows(java.nio.file.FileSystemException.class, () -> ChannelFile.create(sub, 8192, arena));
            assertEquals("is a directory, not a channel file", created.getReason());
            var opened = assertThrows(java.nio.file.FileSystemException.class, () -> ChannelFile.open(sub, arena, 0));
            assertEquals("is a directory, not a channel file", opened.getReason());
        }
    }

    @Test
    void openRefusesAChannelWhoseRingLengthIsNotAPageMultiple() throws IOException {
        Path file = dir.resolve("ring");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.create(file, 3 * 4096, arena);
            region.set(java.lang.foreign.ValueLayout.JAVA_INT, ChannelDescriptor.RING_LENGTH_OFFSET, 8192 + 8);
        }
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.open(file, arena, TimeUnit.MINUTES.toMillis(10)));
            assertTrue(e.getMessage().startsWith("channel file " + file + ": ring length 8200"), e.getMessage());
        }
    }

    @Test
    void aZeroFileOfExactlyTheControlPageIsWaitedForNotRefused() throws Exception {
        Path file = dir.resolve("ring");
        Files.write(file, new byte[ChannelDescriptor.CONTROL_LENGTH]);
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.open(file, arena, 30));
            assertTrue(e.getMessage().endsWith("not ready after 30 ms: magic 0 (not formatted yet), file size 4096"),
                    e.getMessage());
        }
    }

    @Test
    void openOfAFileSmallerThanTheControlPageFailsAtOnce() throws IOException {
        Path file = dir.resolve("ring");
        Files.write(file, new byte[ChannelDescriptor.CONTROL_LENGTH - 1]);
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.open(file, arena, TimeUnit.MINUTES.toMillis(10)));
            assertTrue(e.getMessage().endsWith("4095 bytes, smaller than the 4096-byte control page"), e.getMessage());
        }
    }

    @Test
    void openOfAChannelOfAnotherLayoutVersionFailsAtOnce() throws IOException {
        Path file = dir.resolve("ring");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.create(file, 8192, arena);
            region.set(java.lang.foreign.ValueLayout.JAVA_INT, ChannelDescriptor.VERSION_OFFSET, ChannelDescriptor.VERSION + 1);
        }
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.open(file, arena, TimeUnit.MINUTES.toMillis(10)));
            assertTrue(e.getMessage().contains("has layout version " + (ChannelDescriptor.VERSION + 1)), e.getMessage());
        }
    }

    @Test
    void openOfAChannelShorterThanItsRingsFailsAtOnce() throws IOException {
        Path file = dir.resolve("ring");
        try (Arena arena = Arena.ofConfined()) {
            ChannelFile.create(file, 8192, arena);
        }
        try (java.nio.channels.FileChannel fc = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            fc.truncate(ChannelDescriptor.regionLength(8192) - 1);
        }
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.open(file, arena, TimeUnit.MINUTES.toMillis(10)));
            assertTrue(e.getMessage().contains("is shorter than its two rings"), e.getMessage());
        }
    }

    @Test
    void openOfAMissingFileWaitsThenSaysSo() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.open(dir.resolve("absent"), arena, 30));
            assertTrue(e.getMessage().endsWith("not ready after 30 ms: no such file"), e.getMessage());
        }
    }
}
