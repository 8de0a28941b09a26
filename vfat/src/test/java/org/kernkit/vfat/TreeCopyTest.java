package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeCopyTest {

    @TempDir
    Path tmp;

    private Path image() throws IOException {
        Path image = tmp.resolve("t.img");
        FatFileSystem.format(image, 4L << 20, FormatOptions.builder().build()).close();
        return image;
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void hostSafeNameReplacesEverythingThatCouldLeaveTheDirectory() {
        assertEquals("_", TreeCopy.hostSafeName("."));
        assertEquals("__", TreeCopy.hostSafeName(".."));
        assertEquals("_", TreeCopy.hostSafeName(""));
        assertEquals(".._.._X", TreeCopy.hostSafeName("../../X"));
        assertEquals(".._.._Y", TreeCopy.hostSafeName("..\\..\\Y"));
        assertEquals("_etc_passwd", TreeCopy.hostSafeName("/etc/passwd"));
        assertEquals("a_b_c", TreeCopy.hostSafeName("a\u0000b\u001Fc"));
        assertEquals("Ünï cödé.txt", TreeCopy.hostSafeName("Ünï cödé.txt"));
    }

    @Test
    void copyOutWritesUnsafeLongNamesUnderReplacementsInsideTheTarget() throws Exception {
        Path image = image();
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            fs.writeAllBytes("/Aaaaaaa", "x".getBytes(StandardCharsets.UTF_8));
            fs.writeAllBytes("/Bbbbbbbb", "y".getBytes(StandardCharsets.UTF_8));
            fs.createDirectory("/Cc");
            fs.writeAllBytes("/Cc/inner.txt", "z".getBytes(StandardCharsets.UTF_8));
        }
        CraftedImage crafted = new CraftedImage(image);
        crafted.setLongName("/Aaaaaaa", "../../X");
        crafted.setLongName("/Bbbbbbbb", "..\\..\\YY");
        crafted.setLongName("/Cc", "..");
        Path outer = tmp.resolve("outer");
        Path dst = outer.resolve("a/b");
        Files.createDirectories(dst);
        List<String> notices = new ArrayList<>();
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            new TreeCopy(fs).recursive(true).notices(notices::add).copyOut(List.of("/"), dst);
        }
        assertEquals(List.of("", "a", "a/b", "a/b/.._.._X", "a/b/.._.._YY", "a/b/__", "a/b/__/inner.txt"),
                tree(outer));
        assertEquals(3, notices.size(), notices::toString);
    }

    @Test
    void copyOutOfTheRootIntoAnExistingDirectoryPutsTheEntriesInsideIt() throws Exception {
        Path image = image();
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            fs.writeAllBytes("/top.txt", new byte[] {1});
        }
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            new TreeCopy(fs).recursive(true).copyOut(List.of("/"), dst);
        }
        assertEquals(List.of("", "top.txt"), tree(dst));
    }

    @Test
    void copyOutStopsAtADirectoryLoopBeforeWritingAnything() throws Exception {
        Path image = image();
        long loopTarget;
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            fs.createDirectories("/Loop/Inner");
            fs.writeAllBytes("/Loop/a.txt", new byte[] {1});
            loopTarget = fs.stat("/Loop").firstCluster();
        }
        new CraftedImage(image).setFirstCluster("/Loop/Inner", loopTarget);
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            CorruptImageException e = assertThrows(CorruptImageException.class,
                    () -> new TreeCopy(fs).recursive(true).copyOut(List.of("/Loop"), dst));
            assertTrue(e.getMessage().contains("directory loop"), e.getMessage());
        }
        assertEquals(List.of(""), tree(dst));
    }

    @Test
    void copyOutOfAFileLargerThanItsChainFailsBeforeWritingAnything() throws Exception {
        Path image = image();
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            fs.writeAllBytes("/a.txt", new byte[] {1});
            fs.writeAllBytes("/z.txt", new byte[] {2});
        }
        new CraftedImage(image).setSize("/z.txt", 1 << 20);
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            assertThrows(CorruptImageException.class,
                    () -> new TreeCopy(fs).recursive(true).copyOut(List.of("/"), dst));
        }
        assertEquals(List.of(""), tree(dst));
    }

    @Test
    void copyOutRefusesAnExistingHostFileByDefaultAndKeepsIt() throws Exception {
        Path image = image();
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            fs.writeAllBytes("/a.txt", "new".getBytes(StandardCharsets.UTF_8));
        }
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Files.writeString(dst.resolve("a.txt"), "old");
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> new TreeCopy(fs).copyOut(List.of("/a.txt"), dst));
            assertTrue(e.getMessage().contains(dst.resolve("a.txt").toString()) && e.getMessage().contains("/a.txt"),
                    e.getMessage());
            assertEquals("old", Files.readString(dst.resolve("a.txt")));
            new TreeCopy(fs).onClash(TreeCopy.Clash.OVERWRITE).copyOut(List.of("/a.txt"), dst);
            assertEquals("new", Files.readString(dst.resolve("a.txt")));
        }
    }

    @Test
    void copyInOfSourcesThatCollideCaseInsensitivelyIsRefusedNamingBoth() throws Exception {
        Path image = image();
        Path one = Files.createDirectories(tmp.resolve("one"));
        Path two = Files.createDirectories(tmp.resolve("two"));
        Files.writeString(one.resolve("Case.txt"), "first");
        Files.writeString(two.resolve("case.txt"), "second");
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> new TreeCopy(fs).copyIn(List.of(one.resolve("Case.txt"), two.resolve("case.txt")), "/"));
            assertTrue(e.getMessage().contains("Case.txt") && e.getMessage().contains("case.txt"), e.getMessage());
            assertEquals(List.of(), fs.list("/"));
        }
    }

    @Test
    void copyInRenamesCollidingSourcesWhenAsked() throws Exception {
        Path image = image();
        Path one = Files.createDirectories(tmp.resolve("one"));
        Path two = Files.createDirectories(tmp.resolve("two"));
        Files.writeString(one.resolve("Case.txt"), "first");
        Files.writeString(two.resolve("case.txt"), "second");
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            new TreeCopy(fs).onClash(TreeCopy.Clash.RENAME)
                    .copyIn(List.of(one.resolve("Case.txt"), two.resolve("case.txt")), "/");
            assertEquals("first", new String(fs.readAllBytes("/Case.txt"), StandardCharsets.UTF_8));
            assertEquals("second", new String(fs.readAllBytes("/case (2).txt"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void copyInOntoAnExistingFileIsRefusedByDefaultSkippedOrReplacedOnRequest() throws Exception {
        Path image = image();
        Path src = tmp.resolve("a.txt");
        Files.writeString(src, "new");
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            fs.writeAllBytes("/a.txt", "old".getBytes(StandardCharsets.UTF_8));
            assertThrows(FileAlreadyExistsException.class, () -> new TreeCopy(fs).copyIn(List.of(src), "/"));
            assertEquals("old", new String(fs.readAllBytes("/a.txt"), StandardCharsets.UTF_8));
            new TreeCopy(fs).onClash(TreeCopy.Clash.SKIP).copyIn(List.of(src), "/");
            assertEquals("old", new String(fs.readAllBytes("/a.txt"), StandardCharsets.UTF_8));
            new TreeCopy(fs).onClash(TreeCopy.Clash.OVERWRITE).copyIn(List.of(src), "/");
            assertEquals("new", new String(fs.readAllBytes("/a.txt"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void copyInChecksEveryNameBeforeWritingAnything() throws Exception {
        Path image = image();
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("a good name.txt"), "x");
        Files.writeString(tree.resolve("bad:name.txt"), "y");
        Files.writeString(tree.resolve("zz good.txt"), "z");
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            InvalidNameException e = assertThrows(InvalidNameException.class,
                    () -> new TreeCopy(fs).recursive(true).copyIn(List.of(tree), "/"));
            assertTrue(e.getMessage().contains("bad:name.txt"), e.getMessage());
            assertEquals(List.of(), fs.list("/"));
        }
    }

    @Test
    void refusedCopyInDoesNotWriteASingleByteOfTheImage() throws Exception {
        Path image = image();
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("bad:name.txt"), "y");
        byte[] before = Files.readAllBytes(image);
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            assertThrows(InvalidNameException.class,
                    () -> new TreeCopy(fs).recursive(true).planIn(List.of(tree), "/"));
        }
        assertArrayEquals(before, Files.readAllBytes(image));
    }

    @Test
    void copyInThatDoesNotFitWritesNothing() throws Exception {
        Path image = tmp.resolve("small.img");
        FatFileSystem.format(image, 1440L * 1024, FormatOptions.builder().build()).close();
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.write(tree.resolve("a.bin"), new byte[700_000]);
        Files.write(tree.resolve("b.bin"), new byte[700_000]);
        Files.write(tree.resolve("c.bin"), new byte[700_000]);
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            long free = fs.freeClusters();
            assertThrows(FileSystemFullException.class,
                    () -> new TreeCopy(fs).recursive(true).copyIn(List.of(tree), "/"));
            assertEquals(List.of(), fs.list("/"));
            assertEquals(free, fs.freeClusters());
        }
    }

    @Test
    void preservedModificationTimesSurviveBothDirections() throws Exception {
        Path image = image();
        Path src = tmp.resolve("old.txt");
        Files.writeString(src, "x");
        FileTime when = FileTime.from(Instant.parse("2011-03-04T05:06:08Z"));
        Files.setLastModifiedTime(src, when);
        Path back = Files.createDirectories(tmp.resolve("back"));
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            new TreeCopy(fs).preserveTimes(true).copyIn(List.of(src), "/");
            assertEquals(when, fs.stat("/old.txt").modified());
            new TreeCopy(fs).preserveTimes(true).copyOut(List.of("/old.txt"), back);
        }
        assertEquals(when, Files.getLastModifiedTime(back.resolve("old.txt")));
    }

    @Test
    void copyInSkipsSymbolicLinksWithANotice() throws Exception {
        Path image = image();
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tree.resolve("real.txt"), "x");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("/etc"));
        List<String> notices = new ArrayList<>();
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            new TreeCopy(fs).recursive(true).notices(notices::add).copyIn(List.of(tree), "/");
            assertEquals(List.of("real.txt"), fs.list("/tree").stream().map(FatEntry::name).toList());
        }
        assertEquals(1, notices.size(), notices::toString);
        assertFalse(notices.getFirst().isEmpty());
    }

    @Test
    void copiedTreeReadsBackByteForByte() throws Exception {
        Path image = image();
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        byte[] big = new byte[300_000];
        new java.util.Random(5).nextBytes(big);
        Files.write(tree.resolve("big.bin"), big);
        Path out = tmp.resolve("out");
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            new TreeCopy(fs).recursive(true).copyIn(List.of(tmp.resolve("tree")), "/");
            new TreeCopy(fs).recursive(true).copyOut(List.of("/tree"), out);
            CheckReport report = fs.check();
            assertTrue(report.clean(), report.problems()::toString);
        }
        assertArrayEquals(big, Files.readAllBytes(out.resolve("sub/big.bin")));
    }
}
