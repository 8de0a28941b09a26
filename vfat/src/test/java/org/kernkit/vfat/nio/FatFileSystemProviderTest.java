package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FormatOptions;

/** FileSystems.newFileSystem(imagePath) and Files.* work on FAT images, like zipfs. */
class FatFileSystemProviderTest {

    @TempDir
    Path tmp;

    private Path formatted() throws Exception {
        Path image = tmp.resolve("disk.img");
        FatFileSystem.format(image, 8 << 20, FormatOptions.defaults()).close();
        return image;
    }

    @Test
    void newFileSystemOnAnImagePathFindsTheFatProvider() throws Exception {
        Path image = formatted();
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertInstanceOf(FatNioFileSystem.class, fs);
            assertEquals("fat", fs.provider().getScheme());
        }
    }

    @Test
    void filesApiWritesReadsListsAndWalks() throws Exception {
        Path image = formatted();
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            Path dir = fs.getPath("/My Documents/Deep Dir");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("Hello World.txt"), "hello", StandardCharsets.UTF_8);
            Files.write(fs.getPath("/data.bin"), new byte[70_000]);
            assertEquals("hello", Files.readString(fs.getPath("/my documents/deep dir/hello world.txt")));
            assertEquals(70_000, Files.size(fs.getPath("/data.bin")));
            assertTrue(Files.isDirectory(fs.getPath("/My Documents")));
            assertFalse(Files.exists(fs.getPath("/nope")));
            try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
                List<String> all = walk.map(Path::toString).sorted().toList();
                assertEquals(List.of("/", "/My Documents", "/My Documents/Deep Dir",
                        "/My Documents/Deep Dir/Hello World.txt", "/data.bin"), all);
            }
            Files.copy(fs.getPath("/data.bin"), fs.getPath("/copy.bin"));
            Files.move(fs.getPath("/copy.bin"), fs.getPath("/My Documents/moved.bin"));
            assertArrayEquals(new byte[70_000], Files.readAllBytes(fs.getPath("/My Documents/moved.bin")));
            assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(fs.getPath("/My Documents")));
            assertThrows(NoSuchFileException.class, () -> Files.delete(fs.getPath("/nope")));
            Files.copy(fs.getPath("/data.bin"), fs.getPath("/My Documents/moved.bin"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        try (FatFileSystem core = FatFileSystem.openReadOnly(image)) {
            assertEquals("hello", new String(core.readAllBytes("/My Documents/Deep Dir/Hello World.txt"),
                    StandardCharsets.UTF_8));
            assertTrue(core.check().clean());
        }
    }

    @Test
    void dosAttributesAndTimesRoundTrip() throws Exception {
        Path image = formatted();
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            Path f = fs.getPath("/a.txt");
            Files.writeString(f, "x");
            Files.setAttribute(f, "dos:hidden", true);
            FileTime t = FileTime.from(Instant.parse("2009-07-20T12:34:56Z"));
            Files.setLastModifiedTime(f, t);
            DosFileAttributes a = Files.readAttributes(f, DosFileAttributes.class);
            assertTrue(a.isHidden());
            assertTrue(a.isArchive());
            assertEquals(t, a.lastModifiedTime());
            assertTrue(Files.isHidden(f));
            Map<String, Object> map = Files.readAttributes(f, "dos:size,readonly");
            assertEquals(1L, map.get("size"));
            assertEquals(false, map.get("readonly"));
        }
    }

    @Test
    void uriFormAndCreateFormatANewImage() throws Exception {
        Path image = tmp.resolve("new disk.img");
        URI uri = URI.create("fat:" + image.toUri());
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of("create", "true", "size", "4194304",
                "mode", "patent-safe", "label", "NEWDISK"))) {
            Files.writeString(fs.getPath("/Long Name Song.mp3"), "la");
            Path p = fs.getPath("/Long Name Song.mp3");
            assertEquals(p, fs.provider().getPath(p.toUri()));
            assertEquals("NEWDISK", Files.getFileStore(p).name());
        }
        try (FatFileSystem core = FatFileSystem.openReadOnly(image)) {
            assertEquals(null, core.stat("/Long Name Song.mp3").shortName(), "patent-safe: no 8.3 alias");
        }
    }

    @Test
    void aFileThatIsNotFatIsLeftToOtherProviders() throws Exception {
        Path notFat = tmp.resolve("plain.dat");
        Files.write(notFat, new byte[4096]);
        assertThrows(ProviderNotFoundException.class, () -> FileSystems.newFileSystem(notFat));
    }

    @Test
    void globMatcherMatchesNamesCaseInsensitively() throws Exception {
        Path image = formatted();
        try (FileSystem fs = FileSystems.newFileSystem(image)) {
            assertTrue(fs.getPathMatcher("glob:/**/*.txt").matches(fs.getPath("/a/b/C.TXT")));
            assertFalse(fs.getPathMatcher("glob:/*.txt").matches(fs.getPath("/a/b.txt")));
        }
    }
}
