package org.kernkit.vfat.nio;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.DSYNC;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.SYNC;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatFileSystem;

/**
 * What a FAT channel makes durable, and when: a file's new size and bytes reach the image file on {@code force}
 * and, with {@code SYNC} or {@code DSYNC}, on every write; without them only when the channel closes. What the
 * image file holds is read from a copy of it taken while the channel is still open, opened by the core read-only.
 * Also: closing with {@code DELETE_ON_CLOSE}, and the byte-range locks FAT does not have.
 */
class ChannelSyncAndCloseTest {

    @TempDir
    Path tmp;

    /** The size and content of {@code path} in a copy of the image taken now. */
    private String onDisk(Path image, String path) throws Exception {
        Path copy = tmp.resolve("copy-" + System.nanoTime() + ".img");
        Files.copy(image, copy);
        try (FatFileSystem core = FatFileSystem.openReadOnly(copy)) {
            return core.stat(path).size() + " " + new String(core.readAllBytes(path), StandardCharsets.US_ASCII);
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void withoutSyncAWriteReachesTheImageOnlyWhenTheChannelCloses() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Path p = fs.getPath("/a.txt");
            Files.createFile(p);
            fs.core().flush();
            try (FileChannel ch = FileChannel.open(p, WRITE)) {
                ch.write(ascii("hello"));
                assertEquals("0 ", onDisk(image, "/a.txt"));
            }
            fs.core().flush();
            assertEquals("5 hello", onDisk(image, "/a.txt"));
        }
    }

    @Test
    void withSyncEachWriteReachesTheImageBeforeItReturns() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Path p = fs.getPath("/a.txt");
            try (FileChannel ch = FileChannel.open(p, CREATE_NEW, WRITE, SYNC)) {
                ch.write(ascii("hello"));
                assertEquals("5 hello", onDisk(image, "/a.txt"));
            }
        }
    }

    @Test
    void withDsyncAPositionalWriteReachesTheImageBeforeItReturns() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Path p = fs.getPath("/a.txt");
            try (FileChannel ch = FileChannel.open(p, CREATE_NEW, WRITE, DSYNC)) {
                ch.write(ascii("hi"), 3);
                assertEquals("5 \0\0\0hi", onDisk(image, "/a.txt"));
            }
        }
    }

    @Test
    void withSyncAGatherWriteReachesTheImageBeforeItReturns() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Path p = fs.getPath("/a.txt");
            try (FileChannel ch = FileChannel.open(p, CREATE_NEW, WRITE, SYNC)) {
                assertEquals(5, ch.write(new ByteBuffer[] {ascii("he"), ascii("llo")}));
                assertEquals("5 hello", onDisk(image, "/a.txt"));
            }
        }
    }

    @Test
    void withSyncATransferFromReachesTheImageBeforeItReturns() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Path p = fs.getPath("/a.txt");
            try (FileChannel ch = FileChannel.open(p, CREATE_NEW, WRITE, SYNC)) {
                ch.transferFrom(Channels.newChannel(new ByteArrayInputStream("abc".getBytes())), 0, 3);
                assertEquals("3 abc", onDisk(image, "/a.txt"));
            }
        }
    }

    @Test
    void forceWritesTheFileToTheImage() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Path p = fs.getPath("/a.txt");
            try (FileChannel ch = FileChannel.open(p, CREATE_NEW, WRITE)) {
                ch.write(ascii("hello"));
                ch.force(false);
                assertEquals("5 hello", onDisk(image, "/a.txt"));
            }
        }
    }

    @Test
    void deleteOnCloseOfAChannelOpenedForReadingDeletesTheFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            try (FileChannel ch = FileChannel.open(p, READ, DELETE_ON_CLOSE)) {
                assertEquals(3, ch.read(ByteBuffer.allocate(8)));
                assertTrue(Files.exists(p));
            }
            assertFalse(Files.exists(p));
        }
    }

    @Test
    void deleteOnCloseOfAFileDeletedMeanwhileClosesQuietly() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            FileChannel ch = FileChannel.open(p, CREATE_NEW, WRITE, DELETE_ON_CLOSE);
            ch.write(ascii("abc"));
            Files.delete(p);
            ch.close();
            assertFalse(ch.isOpen());
            assertEquals(List.of(), Files.list(fs.getPath("/")).toList());
        }
    }

    @Test
    void deleteOnCloseAfterTheFileSystemClosedClosesTheChannelQuietly() throws Exception {
        Path image = tmp.resolve("disk.img");
        FatNioFileSystem fs = ImageFixtures.create(image);
        Path p = fs.getPath("/a.txt");
        Files.writeString(p, "abc");
        FileChannel ch = FileChannel.open(p, READ, DELETE_ON_CLOSE);
        fs.close();
        ch.close();
        assertFalse(ch.isOpen());
        try (FatFileSystem core = FatFileSystem.openReadOnly(image)) {
            assertTrue(core.exists("/a.txt"), "a closed file system deletes nothing");
        }
    }

    @Test
    void byteRangeLocksAreUnsupportedAndSayWhy() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
                FileChannel ch = FileChannel.open(fs.getPath("/a.txt"), CREATE_NEW, WRITE)) {
            String why = "FAT file /a.txt has no byte-range locks: the image is open in one process only";
            assertEquals(why, assertThrows(UnsupportedOperationException.class, () -> ch.lock(0, 1, false))
                    .getMessage());
            assertEquals(why, assertThrows(UnsupportedOperationException.class, () -> ch.tryLock(0, 1, true))
                    .getMessage());
        }
    }
}
