package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's file operations through {@code Files}: byte channels, directory streams, delete, create and
 * {@code isSameFile}, each with the exception the {@code java.nio.file} contract names.
 */
class ProviderFileOperationsTest {

    @TempDir
    Path tmp;

    private static List<String> names(DirectoryStream<Path> stream) {
        List<String> out = new ArrayList<>();
        stream.forEach(p -> out.add(p.toString()));
        return out;
    }

    @Test
    void aByteChannelIsAFileChannel() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                assertInstanceOf(FileChannel.class, ch);
            }
            try (SeekableByteChannel ch = Files.newByteChannel(p)) {
                assertInstanceOf(FileChannel.class, ch);
                assertEquals(0, ch.size());
            }
        }
    }

    @Test
    void sparseAndNoFollowLinksAreAcceptedAndChangeNothing() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.SPARSE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
            }
            try (SeekableByteChannel ch = Files.newByteChannel(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                assertEquals(2, ch.size());
                assertThrows(java.nio.channels.NonWritableChannelException.class,
                        () -> ch.write(java.nio.ByteBuffer.allocate(1)));
            }
        }
    }

    @Test
    void openingAMissingFileWithoutCreateIsNoSuchFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/missing.txt");
            assertThrows(NoSuchFileException.class, () -> Files.newByteChannel(p));
            assertThrows(NoSuchFileException.class, () -> Files.newByteChannel(p, StandardOpenOption.WRITE));
            assertFalse(Files.exists(p));
        }
    }

    @Test
    void createNewOnAnExistingFileIsFileAlreadyExists() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "abc");
            assertThrows(FileAlreadyExistsException.class, () -> Files.newByteChannel(p,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            assertEquals("abc", Files.readString(p));
        }
    }

    @Test
    void aDirectoryStreamListsTheEntriesUnderTheDirectorysPath() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectories(fs.getPath("/d/sub"));
            Files.writeString(fs.getPath("/d/a.txt"), "a");
            Files.writeString(fs.getPath("/d/b.dat"), "b");
            try (DirectoryStream<Path> s = Files.newDirectoryStream(fs.getPath("/d"))) {
                assertEquals(Set.of("/d/sub", "/d/a.txt", "/d/b.dat"), Set.copyOf(names(s)));
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(fs.getPath("/d"), "*.txt")) {
                assertEquals(List.of("/d/a.txt"), names(s));
            }
            try (DirectoryStream<Path> s = fs.provider().newDirectoryStream(fs.getPath("/d"), null)) {
                assertEquals(3, names(s).size());
            }
        }
    }

    @Test
    void aDirectoryStreamOfARelativePathGivesRelativeChildren() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectory(fs.getPath("/d"));
            Files.writeString(fs.getPath("/d/a.txt"), "a");
            try (DirectoryStream<Path> s = Files.newDirectoryStream(fs.getPath("d"))) {
                List<Path> children = new ArrayList<>();
                s.forEach(children::add);
                assertEquals(List.of("d/a.txt"), children.stream().map(Path::toString).toList());
                assertFalse(children.get(0).isAbsolute());
            }
        }
    }

    @Test
    void aDirectoryStreamIteratesOnceAndNotAfterClose() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "a");
            DirectoryStream<Path> s = Files.newDirectoryStream(fs.getPath("/"));
            Iterator<Path> it = s.iterator();
            assertEquals("/a.txt", it.next().toString());
            assertEquals("directory stream of / already iterated",
                    assertThrows(IllegalStateException.class, s::iterator).getMessage());
            s.close();
            DirectoryStream<Path> closed = Files.newDirectoryStream(fs.getPath("/"));
            closed.close();
            assertEquals("directory stream of / is closed",
                    assertThrows(IllegalStateException.class, closed::iterator).getMessage());
        }
    }

    @Test
    void aDirectoryStreamOfAMissingDirectoryIsNoSuchFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertThrows(NoSuchFileException.class, () -> Files.newDirectoryStream(fs.getPath("/missing")));
        }
    }

    @Test
    void deleteRemovesAFileAndAnEmptyDirectory() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "a");
            Files.createDirectory(fs.getPath("/d"));
            Files.delete(fs.getPath("/a.txt"));
            Files.delete(fs.getPath("d"));
            assertEquals(List.of(), fs.core().list("/"));
            assertFalse(Files.deleteIfExists(fs.getPath("/a.txt")));
        }
    }

    @Test
    void createDirectoryOfAnExistingNameIsFileAlreadyExists() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectory(fs.getPath("/d"));
            assertThrows(FileAlreadyExistsException.class, () -> Files.createDirectory(fs.getPath("/D")));
            assertTrue(Files.isDirectory(fs.getPath("/d")));
        }
    }

    @Test
    void equalPathsAreTheSameFileWithoutLookingEvenWhenMissing() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertTrue(Files.isSameFile(fs.getPath("/missing"), fs.getPath("/MISSING")));
        }
    }

    @Test
    void twoSpellingsOfOneFileAreTheSameFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectory(fs.getPath("/d"));
            Files.writeString(fs.getPath("/d/Long File Name.txt"), "x");
            assertTrue(Files.isSameFile(fs.getPath("/d/Long File Name.txt"), fs.getPath("/d/../d/./LONGFI~1.TXT")));
            assertTrue(Files.isSameFile(fs.getPath("d/Long File Name.txt"), fs.getPath("/d/long file name.txt")));
        }
    }

    @Test
    void differentFilesAreNotTheSameFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "x");
            Files.writeString(fs.getPath("/b.txt"), "x");
            assertFalse(Files.isSameFile(fs.getPath("/a.txt"), fs.getPath("/b.txt")));
            assertThrows(NoSuchFileException.class, () -> Files.isSameFile(fs.getPath("/a.txt"),
                    fs.getPath("/c.txt")));
        }
    }

    @Test
    void pathsOfTwoImagesOrOfTheDefaultFileSystemAreNeverTheSameFile() throws Exception {
        try (FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
                FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            Files.writeString(a.getPath("/a.txt"), "x");
            Files.writeString(b.getPath("/a.txt"), "x");
            assertFalse(Files.isSameFile(a.getPath("/a.txt"), b.getPath("/a.txt")));
            assertFalse(a.provider().isSameFile(a.getPath("/a.txt"), tmp.resolve("a.img")));
        }
    }
}
