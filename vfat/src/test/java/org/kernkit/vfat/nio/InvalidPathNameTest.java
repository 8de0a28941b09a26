package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kernkit.vfat.CorruptImageException;

/** getPath refuses names FAT cannot store; a stored name that is not one name never becomes a path. */
class InvalidPathNameTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"/a:b", "/dir/a*b", "/a?b", "/a<b", "/a>b", "/a|b", "/a\"b", "/a\\b", "/a\u0001b",
        "/trailing.", "/trailing "})
    void getPathRejectsANameFatCannotStore(String text) throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            InvalidPathException e = assertThrows(InvalidPathException.class, () -> fs.getPath(text));
            assertEquals(text, e.getInput());
        }
    }

    @Test
    void getPathRejectsANameLongerThan255Units() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertThrows(InvalidPathException.class, () -> fs.getPath("/" + "x".repeat(256)));
            assertEquals(255, fs.getPath("/" + "x".repeat(255)).getFileName().toString().length());
        }
    }

    @Test
    void getPathAcceptsDotAndDotDotAsPathSyntax() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertEquals("/b", fs.getPath("/a/./../b").normalize().toString());
        }
    }

    @Test
    void getPathOfAUriRejectsAnInvalidName() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            URI bad = new URI("fat", image.toUri() + "!/a:b", null);
            assertThrows(InvalidPathException.class, () -> fs.provider().getPath(bad));
        }
    }

    @Test
    void listingRefusesAStoredNameThatWouldLeaveTheDirectory() throws Exception {
        Path image = tmp.resolve("disk.img");
        try (FatNioFileSystem fs = ImageFixtures.create(image)) {
            Files.createDirectory(fs.getPath("/inner"));
            Files.writeString(fs.getPath("/inner/a+"), "x"); // '+' forces a long-name entry
        }
        rewriteLongName(image, "a+", "..");
        try (var fs = FileSystems.newFileSystem(image)) {
            CorruptImageException e = assertThrows(CorruptImageException.class,
                    () -> Files.list(fs.getPath("/inner")).close());
            assertTrue(e.getMessage().contains("/inner") && e.getMessage().contains("'..'"), e.getMessage());
        }
    }

    /** Replaces the UTF-16LE long name {@code from} by {@code to} (same length) in the image's bytes. */
    private static void rewriteLongName(Path image, String from, String to) throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        byte[] a = from.getBytes(StandardCharsets.UTF_16LE);
        byte[] b = to.getBytes(StandardCharsets.UTF_16LE);
        int found = -1;
        for (int i = 0; i + a.length <= bytes.length && found < 0; i++) {
            if (java.util.Arrays.equals(bytes, i, i + a.length, a, 0, a.length)) {
                found = i;
            }
        }
        assertTrue(found >= 0, "long name " + from + " not found in the image");
        System.arraycopy(b, 0, bytes, found, b.length);
        Files.write(image, bytes);
    }
}
