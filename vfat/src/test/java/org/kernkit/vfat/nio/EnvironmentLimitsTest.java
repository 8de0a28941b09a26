package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code env} values at the edges of their ranges: a size must be positive and fit in a {@code long} after its
 * suffix, a partition number in an {@code int}; the edge values themselves pass the env check and meet the next
 * one (the image's or the disk's).
 */
class EnvironmentLimitsTest {

    @TempDir
    Path tmp;

    private IllegalArgumentException createRefused(String size) {
        Path image = tmp.resolve("disk.img");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFixtures.create(image, Map.of("size", size)));
        assertFalse(Files.exists(image), "nothing is created");
        return e;
    }

    @Test
    void aSizeOfZeroIsNotAPositiveSize() {
        assertEquals("env key 'size' is '0', not a positive size", createRefused("0").getMessage());
    }

    @Test
    void theLargestSizeWithoutSuffixPassesTheEnvCheckAndMeetsTheImageSizeRule() {
        assertEquals("image size 9223372036854775807 is not a positive multiple of 512 bytes",
                createRefused(String.valueOf(Long.MAX_VALUE)).getMessage());
    }

    @Test
    void aSizeThatOverflowsWithItsSuffixIsNotAPositiveSize() {
        long overK = (Long.MAX_VALUE >> 10) + 1;
        assertEquals("env key 'size' is '" + overK + "K', not a positive size",
                createRefused(overK + "K").getMessage());
    }

    @Test
    void theLargestPartitionNumberPassesTheEnvCheckAndMeetsTheDisk() throws Exception {
        Path image = tmp.resolve("disk.img");
        ImageFixtures.create(image).close();
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> FileSystems.newFileSystem(image, Map.of("partition", Integer.MAX_VALUE)));
        assertEquals(image.toString(), e.getFile());
    }

    @Test
    void aPartitionNumberBeyondAnIntIsRefused() throws Exception {
        Path image = tmp.resolve("disk.img");
        ImageFixtures.create(image).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileSystems.newFileSystem(image, Map.of("partition", 1L + Integer.MAX_VALUE)));
        assertEquals("env key 'partition' is '2147483648'; partitions are numbered from 1", e.getMessage());
    }
}
