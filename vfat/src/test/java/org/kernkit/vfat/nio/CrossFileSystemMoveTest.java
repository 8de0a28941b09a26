package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files.move between two FAT images: a copy and a delete, never atomic, and no half-moves. */
class CrossFileSystemMoveTest {

    @TempDir
    Path tmp;

    @Test
    void atomicMoveAcrossFileSystemsThrowsAtomicMoveNotSupported() throws Exception {
        try (FatNioFileSystem one = ImageFixtures.create(tmp.resolve("one.img"));
                FatNioFileSystem two = ImageFixtures.create(tmp.resolve("two.img"))) {
            Files.writeString(one.getPath("/a.txt"), "a");
            assertThrows(AtomicMoveNotSupportedException.class, () -> Files.move(one.getPath("/a.txt"),
                    two.getPath("/a.txt"), StandardCopyOption.ATOMIC_MOVE));
            assertEquals("a", Files.readString(one.getPath("/a.txt")));
            assertFalse(Files.exists(two.getPath("/a.txt")));
        }
    }

    @Test
    void atomicMoveWithinOneFileSystemRenames() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("one.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "a");
            Files.move(fs.getPath("/a.txt"), fs.getPath("/b.txt"), StandardCopyOption.ATOMIC_MOVE);
            assertEquals("a", Files.readString(fs.getPath("/b.txt")));
            assertFalse(Files.exists(fs.getPath("/a.txt")));
        }
    }

    @Test
    void moveAcrossFileSystemsCopiesThenDeletesTheSource() throws Exception {
        try (FatNioFileSystem one = ImageFixtures.create(tmp.resolve("one.img"));
                FatNioFileSystem two = ImageFixtures.create(tmp.resolve("two.img"))) {
            Files.writeString(one.getPath("/a.txt"), "a");
            Files.move(one.getPath("/a.txt"), two.getPath("/b.txt"));
            assertEquals("a", Files.readString(two.getPath("/b.txt")));
            assertFalse(Files.exists(one.getPath("/a.txt")));
        }
    }

    @Test
    void moveOfANonEmptyDirectoryAcrossFileSystemsIsRefusedBeforeCopying() throws Exception {
        try (FatNioFileSystem one = ImageFixtures.create(tmp.resolve("one.img"));
                FatNioFileSystem two = ImageFixtures.create(tmp.resolve("two.img"))) {
            Files.createDirectory(one.getPath("/dir"));
            Files.writeString(one.getPath("/dir/a.txt"), "a");
            assertThrows(DirectoryNotEmptyException.class, () -> Files.move(one.getPath("/dir"),
                    two.getPath("/dir")));
            assertTrue(Files.exists(one.getPath("/dir/a.txt")));
            assertFalse(Files.exists(two.getPath("/dir")));
        }
    }

    @Test
    void moveOfAReadOnlyFileAcrossFileSystemsIsRefusedBeforeCopying() throws Exception {
        try (FatNioFileSystem one = ImageFixtures.create(tmp.resolve("one.img"));
                FatNioFileSystem two = ImageFixtures.create(tmp.resolve("two.img"))) {
            Files.writeString(one.getPath("/a.txt"), "a");
            Files.setAttribute(one.getPath("/a.txt"), "dos:readonly", true);
            assertThrows(AccessDeniedException.class, () -> Files.move(one.getPath("/a.txt"),
                    two.getPath("/a.txt")));
            assertTrue(Files.exists(one.getPath("/a.txt")));
            assertFalse(Files.exists(two.getPath("/a.txt")));
        }
    }

    @Test
    void copyWithAtomicMoveIsUnsupported() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("one.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "a");
            assertThrows(UnsupportedOperationException.class, () -> Files.copy(fs.getPath("/a.txt"),
                    fs.getPath("/b.txt"), StandardCopyOption.ATOMIC_MOVE));
            assertFalse(Files.exists(fs.getPath("/b.txt")));
        }
    }
}
