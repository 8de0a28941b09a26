package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileChannel.open works on FAT paths, with positional and transfer operations. */
class FileChannelTest {

    @TempDir
    Path tmp;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fileChannelOpenWritesAFileThatReadsBack() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/chan.txt");
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                assertEquals(5, ch.write(ByteBuffer.wrap(ascii("hello"))));
                assertEquals(5, ch.size());
            }
            assertEquals("hello", Files.readString(p));
        }
    }

    @Test
    void positionalReadLeavesTheChannelPositionAlone() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "0123456789");
            try (FileChannel ch = FileChannel.open(p)) {
                ch.position(2);
                ByteBuffer b = ByteBuffer.allocate(3);
                assertEquals(3, ch.read(b, 6));
                assertArrayEquals(ascii("678"), b.array());
                assertEquals(2, ch.position());
            }
        }
    }

    @Test
    void positionalWritePastTheEndGrowsTheFileWithZeros() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.bin");
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1}), 4);
                assertEquals(0, ch.position());
            }
            assertArrayEquals(new byte[] {0, 0, 0, 0, 1}, Files.readAllBytes(p));
        }
    }

    @Test
    void transferToCopiesTheRequestedRange() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "0123456789");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (FileChannel ch = FileChannel.open(p)) {
                assertEquals(4, ch.transferTo(3, 4, Channels.newChannel(out)));
            }
            assertEquals("3456", out.toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void transferFromWritesAtThePosition() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "0123456789");
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                var src = Channels.newChannel(new java.io.ByteArrayInputStream(ascii("abc")));
                assertEquals(3, ch.transferFrom(src, 5, 10));
            }
            assertEquals("01234abc89", Files.readString(p));
        }
    }

    @Test
    void writingAChannelOpenedForReadingThrowsNonWritable() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.wrap(ascii("x"))));
            }
            assertEquals("abc", Files.readString(p));
        }
    }

    @Test
    void mapIsUnsupportedAndSaysWhy() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            try (FileChannel ch = FileChannel.open(p)) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> ch.map(FileChannel.MapMode.READ_ONLY, 0, 3));
                assertTrue(e.getMessage().contains("/a.txt"), e.getMessage());
            }
        }
    }

    @Test
    void aChannelOfAClosedFileSystemThrowsClosedChannel() throws Exception {
        FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
        Path p = fs.getPath("/a.txt");
        Files.writeString(p, "abc");
        FileChannel ch = FileChannel.open(p);
        fs.close();
        assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
        ch.close();
        assertFalse(ch.isOpen());
    }
}
