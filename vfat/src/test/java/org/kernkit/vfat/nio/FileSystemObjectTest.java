package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.FatFileSystem;

/**
 * The {@link FatNioFileSystem} object itself: separator, roots, views, the path matchers (compared with the JDK's
 * for lower-case names, where FAT's case-insensitive glob and the JDK's agree), the services FAT has not, and
 * {@code close}.
 */
class FileSystemObjectTest {

    private static final List<String> PATHS = List.of("/a.txt", "/b.txt", "/ab.txt", "/a/b.txt", "/a/b/c.txt",
            "/a", "/c.dat", "a.txt", "x/y.txt", "/{x}.txt", "/x,y.txt", "/a.b.txt", "/-.txt", "/!.txt", "/^.txt");

    @TempDir
    Path tmp;

    /** For each pattern, the paths it matches, by the JDK's matcher and by FAT's. */
    private static void sameMatchesAsTheJdk(FatNioFileSystem fs, List<String> patterns) {
        assumeTrue(FileSystems.getDefault().getSeparator().equals("/"), "the oracle is a Unix default file system");
        List<String> jdk = new ArrayList<>();
        List<String> fat = new ArrayList<>();
        for (String pattern : patterns) {
            jdk.add(pattern + " -> " + matches(() -> FileSystems.getDefault().getPathMatcher(pattern), Path::of));
            fat.add(pattern + " -> " + matches(() -> fs.getPathMatcher(pattern), fs::getPath));
        }
        assertEquals(jdk, fat);
    }

    /** The paths the matcher matches, or the class of the exception the pattern throws. */
    private static String matches(java.util.function.Supplier<PathMatcher> matcher, Function<String, Path> path) {
        try {
            PathMatcher m = matcher.get();
            return PATHS.stream().filter(t -> m.matches(path.apply(t))).toList().toString();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void globsMatchAsTheJdksGlobs() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            sameMatchesAsTheJdk(fs, List.of("glob:*.txt", "glob:/*.txt", "glob:/**", "glob:/**/*.txt", "glob:**.txt",
                    "glob:/?.txt", "glob:/??.txt", "glob:/{a,b}.txt", "glob:/{a,ab,c}.*", "glob:/a/*",
                    "glob:/a/**", "glob:\\{x\\}.txt", "glob:/\\{x\\}.txt", "glob:/x,y.txt", "glob:/a.b.txt",
                    "glob:*/*.txt", "GLOB:/a.txt"));
        }
    }

    @Test
    void bracketExpressionsMatchAsTheJdks() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            sameMatchesAsTheJdk(fs, List.of("glob:/[ab].txt", "glob:/[a-b].txt", "glob:/[!a].txt", "glob:/[!a-b].*",
                    "glob:/[-a].txt", "glob:/[a-].txt", "glob:/[!-].txt", "glob:/[^].txt", "glob:/[!^!].txt",
                    "glob:/[a-c][.]*", "glob:*[/]*", "glob:/[ab"));
        }
    }

    @Test
    void aBackslashAtTheEndOfAGlobIsASyntaxError() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            sameMatchesAsTheJdk(fs, List.of("glob:/a.txt\\", "glob:\\", "glob:/a\\.txt"));
        }
    }

    @Test
    void regexesMatchAsTheJdksRegexes() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            sameMatchesAsTheJdk(fs, List.of("regex:/a.*", "regex:.*\\.txt", "regex:[^/]*", "REGEX:/(a|b)\\.txt"));
        }
    }

    @Test
    void aGlobIgnoresCaseAndARegexDoesNot() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertTrue(fs.getPathMatcher("glob:/*.txt").matches(fs.getPath("/A.TXT")));
            assertFalse(fs.getPathMatcher("regex:/.*\\.txt").matches(fs.getPath("/A.TXT")));
        }
    }

    @Test
    void aMatcherWithoutSyntaxIsIllegalAndAnUnknownSyntaxUnsupported() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertEquals("path matcher '*.txt' lacks 'glob:' or 'regex:'",
                    assertThrows(IllegalArgumentException.class, () -> fs.getPathMatcher("*.txt")).getMessage());
            assertThrows(IllegalArgumentException.class, () -> fs.getPathMatcher(":*.txt"));
            assertEquals("path matcher syntax 'wild' is unknown",
                    assertThrows(UnsupportedOperationException.class, () -> fs.getPathMatcher("wild:*"))
                            .getMessage());
        }
    }

    @Test
    void theSeparatorIsASlashAndTheOnlyRootIsSlash() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertEquals("/", fs.getSeparator());
            List<Path> roots = new ArrayList<>();
            fs.getRootDirectories().forEach(roots::add);
            assertEquals(List.of(fs.getPath("/")), roots);
            assertTrue(roots.get(0).isAbsolute());
        }
    }

    @Test
    void theProviderIsTheInstalledFatProvider() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertSame(FileSystems.getFileSystem(ImageFixtures.uri(tmp.resolve("disk.img"))).provider(),
                    fs.provider());
            assertSame(fs, fs.getPath("/a").getFileSystem());
        }
    }

    @Test
    void usersAndWatchServicesAreUnsupported() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            assertEquals("FAT has no users", assertThrows(UnsupportedOperationException.class,
                    fs::getUserPrincipalLookupService).getMessage());
            assertEquals("FAT file systems have no watch service", assertThrows(UnsupportedOperationException.class,
                    fs::newWatchService).getMessage());
            assertEquals("FAT file systems have no watch service", assertThrows(UnsupportedOperationException.class,
                    () -> fs.getPath("/").register(null, new WatchEvent.Kind<?>[] {
                        StandardWatchEventKinds.ENTRY_CREATE})).getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndClosesTheImage() throws Exception {
        Path image = tmp.resolve("disk.img");
        FatNioFileSystem fs = ImageFixtures.create(image);
        Files.writeString(fs.getPath("/a.txt"), "kept");
        assertTrue(fs.isOpen());
        fs.close();
        assertFalse(fs.isOpen());
        fs.close();
        assertFalse(fs.isOpen());
        try (FatFileSystem core = FatFileSystem.open(image)) {
            assertEquals("kept", new String(core.readAllBytes("/a.txt"), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void afterCloseAnotherThreadsCallThrowsClosedFileSystem() throws Exception {
        FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
        Path p = fs.getPath("/a.txt");
        fs.close();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            java.util.concurrent.Future<Object> other = pool.submit(() -> Files.readAttributes(p, "size"));
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> other.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(java.nio.file.ClosedFileSystemException.class, e.getCause().getClass());
        }
    }

    @Test
    void closingOneImageLeavesAnotherOpen() throws Exception {
        FatNioFileSystem a = ImageFixtures.create(tmp.resolve("a.img"));
        try (FatNioFileSystem b = ImageFixtures.create(tmp.resolve("b.img"))) {
            a.close();
            assertSame(b, FileSystems.getFileSystem(ImageFixtures.uri(tmp.resolve("b.img"))));
            Files.writeString(b.getPath("/x"), "x");
            assertEquals("x", Files.readString(b.getPath("/x")));
        }
    }

    @Test
    void theCoreIsTheImagesOwnFileSystem() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"), Map.of("label", "CORE"))) {
            assertEquals("CORE", fs.core().volumeLabel());
            assertEquals(tmp.resolve("disk.img"), fs.imagePath());
        }
    }
}
