package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** toRealPath gives each name in the case stored on disk. */
class RealPathTest {

    @TempDir
    Path tmp;

    @Test
    void toRealPathReturnsTheStoredCase() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectory(fs.getPath("/My Documents"));
            Files.writeString(fs.getPath("/My Documents/Read Me.TXT"), "x");
            Path real = fs.getPath("/my documents/READ ME.txt").toRealPath();
            assertEquals("/My Documents/Read Me.TXT", real.toString());
        }
    }

    @Test
    void toRealPathOfAShortAliasIsTheLongName() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.writeString(fs.getPath("/Long File Name.txt"), "x");
            String alias = fs.core().stat("/Long File Name.txt").shortName();
            assertEquals("/Long File Name.txt", fs.getPath("/" + alias).toRealPath().toString());
        }
    }

    @Test
    void toRealPathOfARelativePathIsAbsoluteAndNormalised() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Files.createDirectory(fs.getPath("/Dir"));
            Path real = fs.getPath("dir/../DIR/.").toRealPath();
            assertTrue(real.isAbsolute());
            assertEquals("/Dir", real.toString());
        }
    }

    @Test
    void toRealPathOfAMissingFileThrowsNoSuchFile() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertThrows(NoSuchFileException.class, () -> fs.getPath("/nope").toRealPath());
        }
    }
}
