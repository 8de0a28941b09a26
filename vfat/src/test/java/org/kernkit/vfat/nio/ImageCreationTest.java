package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.NamingMode;

/** The fat: URI with create=true is the one way to make an image through NIO; env keys are checked whole. */
class ImageCreationTest {

    @TempDir
    Path tmp;

    @Test
    void theReadmeExampleCreatesAFat32ImageWithALongName() throws Exception {
        Path image = tmp.resolve("disk.img");
        // The README's example, word for word apart from the directory.
        URI uri = URI.create("fat:" + image.toUri());
        Map<String, String> env = Map.of("create", "true", "size", "64M", "fatType", "FAT32",
                "label", "BACKUP", "mode", "patent-safe");
        try (FileSystem fat = FileSystems.newFileSystem(uri, env)) {
            Files.writeString(fat.getPath("/Long Name.txt"), "hello");
        }
        try (FatFileSystem core = FatFileSystem.openReadOnly(image)) {
            assertEquals(FatType.FAT32, core.type());
            assertEquals("BACKUP", core.volumeLabel());
            assertEquals(64L << 20, Files.size(image));
            assertEquals(null, core.stat("/Long Name.txt").shortName(), "patent-safe: no 8.3 alias");
        }
    }

    @Test
    void aPatentSafeImageReopenedWithoutAModeStaysPatentSafe() throws Exception {
        Path image = tmp.resolve("disk.img");
        URI uri = URI.create("fat:" + image.toUri());
        try (FileSystem fat = FileSystems.newFileSystem(uri, Map.of("create", "true", "size", "16M",
                "mode", "patent-safe"))) {
            Files.writeString(fat.getPath("/First Long Name.txt"), "one");
        }
        try (FileSystem fat = FileSystems.newFileSystem(image)) {
            Files.writeString(fat.getPath("/Second Long Name.txt"), "two");
        }
        try (FatFileSystem core = FatFileSystem.openReadOnly(image)) {
            assertEquals(NamingMode.PATENT_SAFE, core.namingMode());
            assertEquals(null, core.stat("/Second Long Name.txt").shortName(), "no Windows alias after reopening");
        }
    }

    @Test
    void sectorsPerClusterFromEnvSetsTheClusterSize() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"),
                Map.of("fatType", FatType.FAT16, "sectorsPerCluster", 2))) {
            assertEquals(FatType.FAT16, fs.core().type());
            assertEquals(1024, fs.core().clusterSize());
        }
    }

    @Test
    void volumeIdFromEnvIsStoredInTheBootSector() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"), Map.of("volumeId", "0x1234ABCD"))) {
            assertEquals(0x1234ABCD, fs.core().volumeId());
        }
    }

    @Test
    void anUnknownEnvKeyIsRejectedBeforeAnythingIsCreated() {
        Path image = tmp.resolve("disk.img");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(
                ImageFixtures.uri(image), Map.of("create", "true", "size", "8M", "Size", "9M")));
        assertTrue(e.getMessage().contains("'Size'"), e.getMessage());
        assertFalse(Files.exists(image));
    }

    @Test
    void aMalformedSizeIsRejectedBeforeAnythingIsCreated() {
        Path image = tmp.resolve("disk.img");
        assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(ImageFixtures.uri(image),
                Map.of("create", "true", "size", "eight")));
        assertFalse(Files.exists(image));
    }

    @Test
    void aFormatKeyWithoutCreateIsRejected() throws Exception {
        Path image = tmp.resolve("disk.img");
        ImageFixtures.create(image).close();
        assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(ImageFixtures.uri(image),
                Map.of("size", "8M")));
    }

    @Test
    void createOnAnExistingImageOpensItWithoutFormatting() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Files.writeString(fs.getPath("/kept.txt"), "kept");
        }
        try (FatNioFileSystem fs = ImageFixtures.create(image, Map.of("size", "1M"))) {
            assertEquals("kept", Files.readString(fs.getPath("/kept.txt")));
        }
        assertEquals(8L << 20, Files.size(image));
    }

    @Test
    void theNamingModeKeyAcceptsTheEnumToo() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"),
                Map.of("mode", NamingMode.PATENT_SAFE))) {
            assertEquals(NamingMode.PATENT_SAFE, fs.core().namingMode());
        }
    }

    /** Guards what the docs say: the zipfs idiom never reaches this provider, it makes a ZIP. */
    @Test
    void thePathFormWithCreateIsTakenByTheZipProviderAsDocumented() throws Exception {
        Path image = tmp.resolve("x.img");
        try (FileSystem fs = FileSystems.newFileSystem(image, Map.of("create", "true"))) {
            assertEquals("jar", fs.provider().getScheme());
        }
    }

    @Test
    void aFileThatIsNotFatIsLeftToOtherProvidersWhateverTheEnv() throws Exception {
        Path notFat = tmp.resolve("plain.dat");
        Files.write(notFat, new byte[4096]);
        assertThrows(ProviderNotFoundException.class,
                () -> FileSystems.newFileSystem(notFat, Map.of("someOtherProvidersKey", "x")));
    }

    @Test
    void thePathFormOpensAnImageTheUriFormCreated() throws Exception {
        Path image = tmp.resolve("disk.img");
        ImageFixtures.create(image).close();
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertInstanceOf(FatNioFileSystem.class, fs);
        }
    }
}
