package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FileSystemFullException;

/** Files.copy onto the same file, under any spelling, is a no-op; a copy that does not fit changes nothing. */
class CopyOntoItselfTest {

    @TempDir
    Path tmp;

    @Test
    void copyOntoItselfWithReplaceExistingKeepsTheFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/A.TXT");
            Files.writeString(p, "keep me");
            Files.copy(p, p, StandardCopyOption.REPLACE_EXISTING);
            assertEquals("keep me", Files.readString(p));
        }
    }

    @Test
    void copyOntoACaseOnlyAliasKeepsTheFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/A.TXT"), "keep me");
            Files.copy(fs.getPath("/A.TXT"), fs.getPath("/a.txt"), StandardCopyOption.REPLACE_EXISTING);
            assertEquals("keep me", Files.readString(fs.getPath("/A.TXT")));
            assertEquals(List.of("A.TXT"), fs.core().list("/").stream().map(e -> e.name()).toList());
        }
    }

    @Test
    void copyOntoTheShortAliasOfALongNameKeepsTheFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/Long Name.txt"), "keep me");
            String alias = fs.core().stat("/Long Name.txt").shortName();
            Files.copy(fs.getPath("/Long Name.txt"), fs.getPath("/" + alias), StandardCopyOption.REPLACE_EXISTING);
            assertEquals("keep me", Files.readString(fs.getPath("/Long Name.txt")));
        }
    }

    @Test
    void copyOntoACaseOnlyAliasWithoutReplaceIsANoOpToo() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/A.TXT"), "keep me");
            Files.copy(fs.getPath("/A.TXT"), fs.getPath("/a.txt"));
            assertEquals("keep me", Files.readString(fs.getPath("/A.TXT")));
        }
    }

    @Test
    void copyOfAMissingFileOntoItselfThrowsNoSuchFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/none.txt");
            assertThrows(NoSuchFileException.class, () -> Files.copy(p, p, StandardCopyOption.REPLACE_EXISTING));
        }
    }

    @Test
    void copyOntoAnotherExistingFileWithoutReplaceIsRefused() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/a.txt"), "a");
            Files.writeString(fs.getPath("/b.txt"), "b");
            assertThrows(FileAlreadyExistsException.class, () -> Files.copy(fs.getPath("/a.txt"),
                    fs.getPath("/B.TXT")));
            assertEquals("b", Files.readString(fs.getPath("/b.txt")));
        }
    }

    @Test
    void copyThatDoesNotFitLeavesTheOldTargetIntact() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("floppy.img"), Map.of("size", "1474560"))) {
            byte[] big = new byte[900_000];
            java.util.Arrays.fill(big, (byte) 'n');
            Files.write(fs.getPath("/big.bin"), big);
            Files.writeString(fs.getPath("/old.txt"), "old content");
            assertThrows(FileSystemFullException.class, () -> Files.copy(fs.getPath("/big.bin"),
                    fs.getPath("/old.txt"), StandardCopyOption.REPLACE_EXISTING));
            assertEquals("old content", Files.readString(fs.getPath("/old.txt")));
            assertThrows(FileSystemFullException.class, () -> Files.copy(fs.getPath("/big.bin"),
                    fs.getPath("/new.bin")));
            assertEquals(false, Files.exists(fs.getPath("/new.bin")));
        }
    }
}
