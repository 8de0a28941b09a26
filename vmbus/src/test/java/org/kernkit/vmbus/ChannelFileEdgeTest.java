package org.kernkit.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChannelFile} at its edges: which host words make {@code create} refuse or re-format, the exact refusal
 * for a file that is not a channel (shorter or longer than the control page), an all-zero file of a whole read
 * buffer, and what {@code open} maps or waits for.
 */
class ChannelFileEdgeTest {

    private static final int RING_LENGTH = 8192;
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private Path channelWithHostWord(int epoch, int state, long pid) throws IOException {
        Path file = dir.resolve("ring");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.create(file, RING_LENGTH, arena);
            region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET, ChannelDescriptor.sideWord(epoch, state, pid));
        }
        return file;
    }

    private static long hostWord(MemorySegment region) {
        return region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.HOST_WORD_OFFSET);
    }

    @Test
    void createRefusesAChannelAnotherLiveProcessIsResetting() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            Path file = channelWithHostWord(4, ChannelDescriptor.STATE_RESETTING, sleeper.pid());
            try (Arena arena = Arena.ofConfined()) {
                var e = assertThrows(PeerUnavailableException.class, () -> ChannelFile.create(file, RING_LENGTH, arena));
                assertEquals("channel file " + file + " already has a host, pid " + sleeper.pid()
                        + " (resetting); refusing to re-format it", e.getMessage());
            }
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void createReformatsAChannelAnotherLiveProcessClosed() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            Path file = channelWithHostWord(4, ChannelDescriptor.STATE_CLOSED, sleeper.pid());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment region = ChannelFile.create(file, RING_LENGTH, arena);
                assertEquals(ChannelDescriptor.sideWord(4, ChannelDescriptor.STATE_CLOSED, sleeper.pid()), hostWord(region));
            }
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void createReformatsAChannelThisProcessHostsKeepingItsWord() throws Exception {
        Path file = channelWithHostWord(4, ChannelDescriptor.STATE_ATTACHED, PID);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.create(file, RING_LENGTH, arena);
            assertEquals(ChannelDescriptor.sideWord(4, ChannelDescriptor.STATE_ATTACHED, PID), hostWord(region));
        }
    }

    @Test
    void createRefusesAShortFileThatIsNotAChannelNamingItsSize() throws IOException {
        Path file = dir.resolve("notes");
        Files.writeString(file, "hello");
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.create(file, RING_LENGTH, arena));
            assertEquals("channel file " + file + " exists and is not a kernkit vmbus channel (5 bytes); refusing to "
                    + "overwrite it", e.getMessage());
        }
    }

    @Test
    void createRefusesALongFileThatIsNotAChannelNamingItsFirstWord() throws IOException {
        Path file = dir.resolve("notes");
        byte[] text = "precious bytes ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Files.write(file, text);
        long first = ByteBuffer.wrap(text).order(ByteOrder.nativeOrder()).getLong(0);
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.create(file, RING_LENGTH, arena));
            assertEquals("channel file " + file + " exists and is not a kernkit vmbus channel (" + text.length
                    + " bytes, starting with 0x" + Long.toHexString(first) + "); refusing to overwrite it", e.getMessage());
        }
    }

    @Test
    void createFormatsAnAllZeroFileOfExactlyOneReadBuffer() throws IOException {
        Path file = dir.resolve("ring");
        Files.write(file, new byte[64 * 1024]); // allZero reads 64 KiB at a time: one full buffer
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.create(file, RING_LENGTH, arena);
            assertEquals(ChannelDescriptor.MAGIC, region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.MAGIC_OFFSET));
        }
    }

    @Test
    void openMapsExactlyTheChannelRegion() throws Exception {
        Path file = channelWithHostWord(2, ChannelDescriptor.STATE_CLOSED, PID);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment region = ChannelFile.open(file, arena, 0);
            assertEquals(ChannelDescriptor.regionLength(RING_LENGTH), region.byteSize());
            assertEquals(ChannelDescriptor.MAGIC, region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.MAGIC_OFFSET));
            assertEquals(ChannelDescriptor.sideWord(2, ChannelDescriptor.STATE_CLOSED, PID), hostWord(region));
        }
    }

    @Test
    void openOfAnEmptyFileWaitsThenSaysSo() throws Exception {
        Path file = Files.createFile(dir.resolve("ring"));
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IOException.class, () -> ChannelFile.open(file, arena, 30));
            assertEquals("channel file " + file + " not ready after 30 ms: empty file (not formatted yet)", e.getMessage());
        }
    }
}
