package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the {@code fat} provider finds, opens and declines images: the boot-sector sniff of the Path form, one open
 * file system per image, and the URIs {@code fat:<image URI>!/path}.
 */
class ProviderOpeningTest {

    @TempDir
    Path tmp;

    private static FileSystemProvider fat() {
        return FileSystemProvider.installedProviders().stream().filter(p -> p.getScheme().equals("fat"))
                .findFirst().orElseThrow();
    }

    private Path image() throws Exception {
        Path image = tmp.resolve("disk.img");
        ImageFixtures.create(image).close();
        return image;
    }

    private static void patch(Path file, long offset, int... bytes) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                b[i] = (byte) bytes[i];
            }
            ch.write(ByteBuffer.wrap(b), offset);
        }
    }

    @Test
    void theSchemeIsFat() {
        assertEquals("fat", fat().getScheme());
        assertEquals(FatFileSystemProvider.SCHEME, fat().getScheme());
    }

    @Test
    void aBootSectorWithTheNearJumpE9IsFat() throws Exception {
        Path image = image();
        patch(image, 0, 0xE9, 0x00, 0x00);
        try (FileSystem fs = fat().newFileSystem(image, Map.of())) {
            assertTrue(Files.isDirectory(fs.getPath("/")));
        }
    }

    @Test
    void aBootSectorWithoutAJumpInstructionIsNotFat() throws Exception {
        Path image = image();
        patch(image, 0, 0x00);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> fat().newFileSystem(image, Map.of()));
        assertEquals(image + " has no FAT boot sector signature", e.getMessage());
    }

    @Test
    void aBootSectorWithoutThe55AaSignatureIsNotFat() throws Exception {
        Path image = image();
        patch(image, 510, 0x55, 0x00);
        assertThrows(UnsupportedOperationException.class, () -> fat().newFileSystem(image, Map.of()));
        patch(image, 510, 0x00, 0xAA);
        assertThrows(UnsupportedOperationException.class, () -> fat().newFileSystem(image, Map.of()));
        patch(image, 510, 0x55, 0xAA);
        fat().newFileSystem(image, Map.of()).close();
    }

    @Test
    void aFileShorterThanABootSectorIsNotFat() throws Exception {
        Path small = tmp.resolve("small.img");
        byte[] b = new byte[511];
        b[0] = (byte) 0xEB;
        b[510] = 0x55;
        Files.write(small, b);
        assertThrows(UnsupportedOperationException.class, () -> fat().newFileSystem(small, Map.of()));
    }

    @Test
    void aDirectoryIsNotFat() {
        assertThrows(UnsupportedOperationException.class, () -> fat().newFileSystem(tmp, Map.of()));
    }

    @Test
    void aMissingImageThroughThePathFormIsNoSuchFile() {
        Path missing = tmp.resolve("missing.img");
        assertThrows(NoSuchFileException.class, () -> fat().newFileSystem(missing, Map.of()));
        assertFalse(Files.exists(missing));
    }

    @Test
    void anImageOnAnotherFileSystemIsDeclined() throws Exception {
        try (FatNioFileSystem outer = ImageFixtures.create(tmp.resolve("outer.img"))) {
            Path floppy = tmp.resolve("floppy.img");
            ImageFixtures.create(floppy, Map.of("size", "1474560")).close();
            Path inner = outer.getPath("/inner.img");
            Files.write(inner, Files.readAllBytes(floppy));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> fat().newFileSystem(inner, Map.of()));
            assertEquals("FAT images must live on the default file system: /inner.img", e.getMessage());
        }
    }

    @Test
    void theReadOnlyKeyOpensTheImageForReadingOnly() throws Exception {
        Path image = image();
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", true))) {
            assertTrue(fs.isReadOnly());
            assertThrows(ReadOnlyFileSystemException.class, () -> Files.createDirectory(fs.getPath("/d")));
        }
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertFalse(fs.isReadOnly());
        }
    }

    @Test
    void theReadOnlyKeyAsTextIsReadWithoutCase() throws Exception {
        Path image = image();
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", "TRUE"))) {
            assertTrue(fs.isReadOnly());
        }
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", "false"))) {
            assertFalse(fs.isReadOnly());
        }
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("readOnly", false))) {
            assertFalse(fs.isReadOnly());
        }
    }

    @Test
    void anImageIsOpenOnceAtATimeAndOpensAgainAfterClose() throws Exception {
        Path image = image();
        FileSystem first = FileSystems.newFileSystem(image);
        FileSystemAlreadyExistsException e = assertThrows(FileSystemAlreadyExistsException.class,
                () -> FileSystems.newFileSystem(ImageFixtures.uri(image), Map.of()));
        assertEquals(image.toString(), e.getMessage());
        first.close();
        FileSystems.newFileSystem(image).close();
    }

    @Test
    void getFileSystemFindsTheOpenImageByItsUriInAnyCaseOfTheScheme() throws Exception {
        Path image = image();
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertSame(fs, FileSystems.getFileSystem(ImageFixtures.uri(image)));
            assertSame(fs, fat().getFileSystem(URI.create("FAT:" + image.toUri() + "!/a/b")));
        }
    }

    @Test
    void getFileSystemOfAnImageNotOpenIsNotFound() throws Exception {
        Path image = image();
        URI uri = ImageFixtures.uri(image);
        FileSystemNotFoundException e = assertThrows(FileSystemNotFoundException.class,
                () -> FileSystems.getFileSystem(uri));
        assertEquals("no open FAT file system for " + uri, e.getMessage());
        FileSystems.newFileSystem(image).close();
        assertThrows(FileSystemNotFoundException.class, () -> FileSystems.getFileSystem(uri));
    }

    @Test
    void aUriOfAnotherSchemeIsIllegal() {
        URI zip = URI.create("jar:" + tmp.resolve("disk.img").toUri());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fat().newFileSystem(zip, Map.of()));
        assertEquals("URI " + zip + " does not have scheme fat", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fat().getFileSystem(zip));
    }

    @Test
    void theUriOfAPathIsTheImageUriAndTheAbsolutePath() throws Exception {
        Path image = image();
        try (FatNioFileSystem fs = (FatNioFileSystem) FileSystems.newFileSystem(image)) {
            assertEquals(URI.create("fat:" + image.toUri() + "!/Dir/a.txt"), fs.getPath("/Dir/a.txt").toUri());
            assertEquals(URI.create("fat:" + image.toUri() + "!/Dir/a.txt"), fs.getPath("Dir/a.txt").toUri());
            assertEquals(URI.create("fat:" + image.toUri() + "!/"), fs.getPath("/").toUri());
        }
    }

    @Test
    void aUriGivesBackItsPathAndWithoutAPathTheRoot() throws Exception {
        Path image = image();
        try (FatNioFileSystem fs = (FatNioFileSystem) FileSystems.newFileSystem(image)) {
            Path p = fs.getPath("/Dir/a.txt");
            assertEquals("/Dir/a.txt", Path.of(p.toUri()).toString());
            assertSame(fs, Path.of(p.toUri()).getFileSystem());
            assertEquals("/", fat().getPath(ImageFixtures.uri(image)).toString());
            assertEquals("/x/y", fat().getPath(URI.create("fat:" + image.toUri() + "!/x/y")).toString());
        }
    }

    @Test
    void aUriWithASpaceInTheImageNameFindsTheImage() throws Exception {
        Path image = tmp.resolve("my disk.img");
        ImageFixtures.create(image).close();
        try (FatNioFileSystem fs = (FatNioFileSystem) FileSystems.newFileSystem(image)) {
            assertSame(fs, FileSystems.getFileSystem(URI.create("fat:" + image.toUri())));
            Path p = fs.getPath("/a b.txt");
            assertEquals(p, Path.of(p.toUri()));
            assertEquals(image, fs.imagePath());
        }
    }

    @Test
    void aPathOfAnotherProviderIsAMismatch() throws Exception {
        Path jdk = tmp.resolve("x.txt");
        ProviderMismatchException e = assertThrows(ProviderMismatchException.class, () -> fat().delete(jdk));
        assertEquals("path " + jdk + " is not a FAT path", e.getMessage());
    }
}
