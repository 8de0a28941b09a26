package org.kernkit.vfat;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** The core file system's own channel ({@link FatFileSystem#newByteChannel}): its contract call by call. */
class FatFileChannelTest {

    @TempDir
    Path tmp;

    private FatFileSystem fresh() throws Exception {
        return FatFileSystem.format(tmp.resolve("c.img"), 8 << 20, FormatOptions.defaults());
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aClosedChannelRefusesEveryCallAndClosingAgainDoesNothing() throws Exception {
        try (FatFileSystem fs = fresh()) {
            SeekableByteChannel ch = fs.newByteChannel("/f.txt", Set.of(READ, WRITE, CREATE));
            ch.write(ascii("abc"));
            assertTrue(ch.isOpen());
            ch.close();
            assertFalse(ch.isOpen());
            List<Executable> calls = List.of(() -> ch.read(ByteBuffer.allocate(4)), () -> ch.write(ascii("x")),
                    ch::position, () -> ch.position(0), ch::size, () -> ch.truncate(0));
            for (Executable call : calls) {
                assertThrows(ClosedChannelException.class, call);
            }
            ch.close();
            assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), fs.readAllBytes("/f.txt"));
        }
    }

    @Test
    void aChannelOfAClosedFileSystemIsClosed() throws Exception {
        FatFileSystem fs = fresh();
        SeekableByteChannel ch = fs.newByteChannel("/f.txt", Set.of(READ, WRITE, CREATE));
        fs.close();
        assertFalse(ch.isOpen());
        assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> ch.write(ascii("x")));
    }

    @Test
    void directBuffersAreReadAndWrittenLikeHeapOnes() throws Exception {
        byte[] content = new byte[5000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7);
        }
        try (FatFileSystem fs = fresh()) {
            try (SeekableByteChannel ch = fs.newByteChannel("/d.bin", Set.of(WRITE, CREATE))) {
                ByteBuffer direct = ByteBuffer.allocateDirect(content.length).put(content).flip();
                assertEquals(content.length, ch.write(direct));
                assertEquals(0, direct.remaining());
            }
            try (SeekableByteChannel ch = fs.newByteChannel("/d.bin", Set.of(READ))) {
                ch.position(1000);
                ByteBuffer into = ByteBuffer.allocateDirect(3000);
                assertEquals(3000, ch.read(into));
                byte[] got = new byte[3000];
                into.flip().get(got);
                assertArrayEquals(Arrays.copyOfRange(content, 1000, 4000), got);
                assertEquals(4000, ch.position());
            }
        }
    }

    @Test
    void readsAtTheEndAndEmptyBuffersAnswerAsTheContractSays() throws Exception {
        try (FatFileSystem fs = fresh()) {
            try (SeekableByteChannel ch = fs.newByteChannel("/f.txt", Set.of(READ, WRITE, CREATE))) {
                ch.write(ascii("hello"));
                assertEquals(0, ch.write(ByteBuffer.allocate(0)), "an empty write");
                assertEquals(5, ch.size());
                assertEquals(-1, ch.read(ByteBuffer.allocate(4)), "at the end");
                assertEquals(0, ch.read(ByteBuffer.allocate(0)), "an empty buffer at the end");
                ch.position(1);
                assertEquals(0, ch.read(ByteBuffer.allocate(0)), "an empty buffer before the end");
                ByteBuffer four = ByteBuffer.allocate(4);
                assertEquals(4, ch.read(four));
                assertEquals("ello", new String(four.array(), StandardCharsets.US_ASCII));
                ch.position(3);
                ByteBuffer big = ByteBuffer.allocate(10);
                assertEquals(2, ch.read(big), "only what is left");
                assertEquals(5, ch.position());
            }
        }
    }

    @Test
    void aWritePastTheEndReadsZerosInTheGapEvenOverFreedClusters() throws Exception {
        try (FatFileSystem fs = fresh()) {
            byte[] old = new byte[64 * 1024];
            Arrays.fill(old, (byte) 0x5A);
            fs.writeAllBytes("/old.bin", old);
            fs.delete("/old.bin"); // its clusters are free again and still hold 0x5A
            try (SeekableByteChannel ch = fs.newByteChannel("/gap.bin", Set.of(READ, WRITE, CREATE))) {
                ch.write(ascii("abc"));
                ch.position(40_000);
                ch.write(ascii("xy"));
                assertEquals(40_002, ch.size());
            }
            byte[] got = fs.readAllBytes("/gap.bin");
            byte[] expected = new byte[40_002];
            expected[0] = 'a';
            expected[1] = 'b';
            expected[2] = 'c';
            expected[40_000] = 'x';
            expected[40_001] = 'y';
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void appendWritesAtTheEndWhateverThePosition() throws Exception {
        try (FatFileSystem fs = fresh()) {
            fs.writeAllBytes("/a.txt", "12345".getBytes(StandardCharsets.US_ASCII));
            try (SeekableByteChannel ch = fs.newByteChannel("/a.txt", Set.of(WRITE, APPEND))) {
                ch.position(1);
                ch.write(ascii("67"));
                assertEquals(7, ch.position());
            }
            assertArrayEquals("1234567".getBytes(StandardCharsets.US_ASCII), fs.readAllBytes("/a.txt"));
        }
    }

    @Test
    void truncateShrinksOnDiskMovesThePositionBackAndReturnsTheChannel() throws Exception {
        Path image = tmp.resolve("t.img");
        try (FatFileSystem fs = FatFileSystem.format(image, 8 << 20, FormatOptions.defaults())) {
            long freeBefore = fs.freeClusters();
            try (SeekableByteChannel ch = fs.newByteChannel("/t.bin", Set.of(READ, WRITE, CREATE))) {
                ch.write(ByteBuffer.allocate(20_000));
            }
            try (SeekableByteChannel ch = fs.newByteChannel("/t.bin", Set.of(READ, WRITE))) {
                ch.position(15_000);
                assertSame(ch, ch.truncate(100));
                assertEquals(100, ch.position(), "a position past the new size moves to it");
                assertEquals(100, ch.size());
                ch.position(50);
                ch.truncate(100);
                assertEquals(50, ch.position(), "a position inside stays");
                assertSame(ch, ch.truncate(5000), "growing truncate changes nothing");
                assertEquals(100, ch.size());
            }
            assertEquals(freeBefore - 1, fs.freeClusters(), "100 bytes take one cluster; the rest is free");
        }
        try (FatFileSystem fs = FatFileSystem.open(image)) {
            assertEquals(100, fs.readAllBytes("/t.bin").length, "the new size is on disk");
            assertEquals(List.of(), fs.check().problems());
        }
    }

    @Test
    void aFileDeletedWhileOpenIsReportedByItsChannel() throws Exception {
        try (FatFileSystem fs = fresh()) {
            fs.writeAllBytes("/gone.txt", new byte[10]);
            try (SeekableByteChannel ch = fs.newByteChannel("/gone.txt", Set.of(READ))) {
                fs.delete("/gone.txt");
                FileSystemException e = assertThrows(FileSystemException.class, () -> ch.read(ByteBuffer.allocate(1)));
                assertEquals("file was deleted while open", e.getReason());
            }
        }
    }

    @Test
    void writingThroughAChannelSetsTheModifiedTimeWhenItCloses() throws Exception {
        Path image = tmp.resolve("m.img");
        FatFileSystem.format(image, 8 << 20, FormatOptions.defaults()).close();
        FileTime y2000 = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
        try (FatFileSystem fs = FatFileSystem.open(org.kernkit.block.FileBlockDevice.open(image, false),
                NamingMode.WINDOWS, false, ZoneOffset.UTC, new java.util.SplittableRandom(1))) {
            fs.writeAllBytes("/m.txt", new byte[3]);
            fs.setTimes("/m.txt", null, y2000, null);
            assertEquals(y2000, fs.stat("/m.txt").modified());
            try (SeekableByteChannel ch = fs.newByteChannel("/m.txt", Set.of(WRITE))) {
                ch.write(ascii("x"));
            }
            assertNotEquals(y2000, fs.stat("/m.txt").modified(), "closing a written channel touches the entry");
            FileTime written = fs.stat("/m.txt").modified();
            try (SeekableByteChannel ch = fs.newByteChannel("/m.txt", Set.of(READ))) {
                ch.read(ByteBuffer.allocate(3));
            }
            assertEquals(written, fs.stat("/m.txt").modified(), "reading does not");
        }
    }
}
