package org.kernkit.cli.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.CliRun;
import org.kernkit.cli.Kernkit;
import picocli.CommandLine;

class VfatCommandTest {

    @TempDir
    Path tmp;

    static String run(int expectedExit, String... args) {
        return CliRun.expectExit(expectedExit, args);
    }

    /** Runs {@code kernkit vfat cat ...} and returns the raw bytes it wrote to standard output. */
    static byte[] cat(String image, String path) {
        CommandLine cmd = Kernkit.commandLine();
        StringWriter text = new StringWriter();
        cmd.setOut(new PrintWriter(text));
        cmd.setErr(new PrintWriter(text));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ((VfatCommand) cmd.getSubcommands().get("vfat").getCommand()).binaryOut = bytes;
        assertEquals(0, cmd.execute("vfat", "cat", "-i", image, path), text::toString);
        return bytes.toByteArray();
    }

    private String mkfs(String name, String size) {
        String img = tmp.resolve(name).toString();
        run(0, "vfat", "mkfs", "-i", img, "-s", size);
        return img;
    }

    @Test
    void mkfsCpLsCatMvRmRoundTripThroughTheImage() throws Exception {
        String img = tmp.resolve("c.img").toString();
        assertTrue(run(0, "vfat", "mkfs", "-i", img, "-s", "8M", "--mode", "patent-safe", "-n", "CLI").contains("FAT"));
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/Hello There.txt"), "hello\n");
        Files.writeString(tree.resolve("top.txt"), "top\n");
        run(0, "vfat", "cp", "-i", img, "-r", tree.toString(), "::/");
        String ls = run(0, "vfat", "ls", "-i", img, "-R", "/");
        assertTrue(ls.contains("Hello There.txt") && ls.contains("top.txt"), ls);
        assertEquals("hello\n", new String(cat(img, "/tree/sub/hello there.txt")));
        run(0, "vfat", "mv", "-i", img, "/tree/top.txt", "/tree/sub/Renamed Top.txt");
        run(0, "vfat", "mkdir", "-i", img, "-p", "/a/b/c");
        Path out = tmp.resolve("out");
        run(0, "vfat", "cp", "-i", img, "-r", "::/tree", out.toString());
        assertEquals("top\n", Files.readString(out.resolve("sub/Renamed Top.txt")));
        run(0, "vfat", "rm", "-i", img, "-r", "/tree");
        assertEquals("a/\n", run(0, "vfat", "ls", "-i", img));
        assertTrue(run(0, "vfat", "check", "-i", img).contains("clean"));
        assertTrue(run(0, "vfat", "info", "-i", img).contains("label:        CLI"));
    }

    @Test
    void missingFileIsReportedByNameWithExitOne() throws Exception {
        String img = mkfs("c.img", "2M");
        String err = run(1, "vfat", "cat", "-i", img, "/nope.txt");
        assertTrue(err.contains("/nope.txt: no such file or directory"), err);
    }

    @Test
    void copyBetweenTwoHostPathsIsRefused() throws Exception {
        String img = mkfs("c.img", "2M");
        String err = run(1, "vfat", "cp", "-i", img, "a", "b");
        assertTrue(err.contains("exactly one side must be in the image"), err);
    }

    @Test
    void catWritesRandomBytesExactly() throws Exception {
        String img = mkfs("c.img", "8M");
        byte[] data = new byte[3_000_000];
        new Random(11).nextBytes(data);
        Path src = tmp.resolve("random.bin");
        Files.write(src, data);
        run(0, "vfat", "cp", "-i", img, src.toString(), "::/");
        assertArrayEquals(data, cat(img, "/random.bin"));
    }

    @Test
    void copyOfTheImageRootIntoAnExistingDirectoryStaysInsideIt() throws Exception {
        String img = mkfs("c.img", "2M");
        Path src = tmp.resolve("f.txt");
        Files.writeString(src, "f");
        run(0, "vfat", "cp", "-i", img, src.toString(), "::/");
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        run(0, "vfat", "cp", "-i", img, "-r", "::/", dst.toString());
        try (Stream<Path> list = Files.list(dst)) {
            assertEquals(java.util.List.of(dst.resolve("f.txt")), list.toList());
        }
    }

    @Test
    void copyOntoAnExistingImageFileIsRefusedUnlessOverwriteOrSkipIsChosen() throws Exception {
        String img = mkfs("c.img", "2M");
        Path src = tmp.resolve("f.txt");
        Files.writeString(src, "old");
        run(0, "vfat", "cp", "-i", img, src.toString(), "::/");
        Files.writeString(src, "new");
        String err = run(1, "vfat", "cp", "-i", img, src.toString(), "::/");
        assertTrue(err.contains("::/f.txt already exists") && err.contains(src.toString()), err);
        assertEquals("old", new String(cat(img, "/f.txt")));
        run(0, "vfat", "cp", "-i", img, "-n", src.toString(), "::/");
        assertEquals("old", new String(cat(img, "/f.txt")));
        run(0, "vfat", "cp", "-i", img, "-o", src.toString(), "::/");
        assertEquals("new", new String(cat(img, "/f.txt")));
        run(2, "vfat", "cp", "-i", img, "-o", "-n", src.toString(), "::/");
    }

    @Test
    void failedOverwriteKeepsTheOldFile() throws Exception {
        String img = mkfs("floppy.img", "1440K");
        Path small = tmp.resolve("v.bin");
        byte[] old = new byte[600_000];
        new Random(1).nextBytes(old);
        Files.write(small, old);
        run(0, "vfat", "cp", "-i", img, small.toString(), "::/");
        byte[] big = new byte[2_000_000];
        new Random(2).nextBytes(big);
        Files.write(small, big);
        String err = run(1, "vfat", "cp", "-i", img, "-o", small.toString(), "::/");
        assertTrue(err.contains("nothing was copied"), err);
        assertArrayEquals(old, cat(img, "/v.bin"));
    }

    @Test
    void removingTheRootRecursivelyIsRefusedBeforeAnythingIsDeleted() throws Exception {
        String img = mkfs("c.img", "2M");
        run(0, "vfat", "mkdir", "-i", img, "/keep");
        String err = run(1, "vfat", "rm", "-i", img, "-r", "/");
        assertTrue(err.contains("root directory"), err);
        assertEquals("keep/\n", run(0, "vfat", "ls", "-i", img));
        run(1, "vfat", "rm", "-i", img, "-r", "/keep/..");
        assertEquals("keep/\n", run(0, "vfat", "ls", "-i", img));
    }

    @Test
    void preserveKeepsModificationTimesBothWays() throws Exception {
        String img = mkfs("c.img", "2M");
        Path src = tmp.resolve("old.txt");
        Files.writeString(src, "x");
        FileTime when = FileTime.from(Instant.parse("2012-01-02T03:04:06Z"));
        Files.setLastModifiedTime(src, when);
        run(0, "vfat", "cp", "-i", img, "-p", src.toString(), "::/");
        Path back = Files.createDirectories(tmp.resolve("back"));
        run(0, "vfat", "cp", "-i", img, "-p", "::/old.txt", back.toString());
        assertEquals(when, Files.getLastModifiedTime(back.resolve("old.txt")));
    }

    @Test
    void patentSafeImageStaysPatentSafeWithoutMode() throws Exception {
        String img = tmp.resolve("p.img").toString();
        run(0, "vfat", "mkfs", "-i", img, "-s", "2M", "--mode", "patent-safe");
        run(0, "vfat", "mkdir", "-i", img, "/A Long Directory Name");
        String ls = run(0, "vfat", "ls", "-i", img, "-l");
        assertTrue(ls.contains(" -  ") || ls.contains(" -            A Long"), ls);
        assertFalse(ls.contains("~1"), ls);
        assertTrue(run(0, "vfat", "info", "-i", img).contains("naming:       patent-safe"));
    }

    @Test
    void modeIsAUsageErrorWhereItMeansNothingOrIsUnknown() throws Exception {
        String img = mkfs("c.img", "2M");
        run(2, "vfat", "ls", "-i", img, "--mode", "windows");
        run(2, "vfat", "cat", "-i", img, "--mode", "windows", "/x");
        run(2, "vfat", "info", "-i", img, "--mode", "patent-safe");
        run(2, "vfat", "check", "-i", img, "--mode", "windows");
        run(2, "vfat", "mkdir", "-i", img, "--mode", "bogus", "/x");
        run(2, "vfat", "cp", "-i", img, "--mode", "windows", "::/x", tmp.toString());
    }

    @Test
    void failedMkfsLeavesTheExistingImageAndCreatesNoJunk() throws Exception {
        String img = mkfs("c.img", "8M");
        run(0, "vfat", "mkdir", "-i", img, "/keep");
        byte[] before = Files.readAllBytes(Path.of(img));
        run(1, "vfat", "mkfs", "-i", img, "-s", "8M", "-n", "a:b");
        run(1, "vfat", "mkfs", "-i", img, "-s", "8M", "-F", "32");
        run(1, "vfat", "mkfs", "-i", img, "-n", "a:b");
        run(1, "vfat", "mkfs", "-i", img, "-F", "32");
        assertArrayEquals(before, Files.readAllBytes(Path.of(img)));
        run(0, "vfat", "mkdir", "-i", img, "/the lock was released");
        Path fresh = tmp.resolve("fresh.img");
        run(1, "vfat", "mkfs", "-i", fresh.toString(), "-s", "8M", "-F", "32");
        assertFalse(Files.exists(fresh));
    }

    @Test
    void noVfatCommandPrintsAStackTrace() throws Exception {
        String img = mkfs("c.img", "2M");
        Path junk = tmp.resolve("junk.img");
        Files.write(junk, new byte[4096]);
        for (String[] args : new String[][] {
            {"vfat", "ls", "-i", junk.toString()},
            {"vfat", "check", "-i", junk.toString()},
            {"vfat", "info", "-i", junk.toString()},
            {"vfat", "cat", "-i", img, "/"},
            {"vfat", "mkfs", "-i", img, "-s", "12345"},
            {"vfat", "mkfs", "-i", img, "-s", "2M", "-c", "3"},
            {"vfat", "mv", "-i", img, "/", "/x"},
            {"vfat", "cp", "-i", img, "::/nope", tmp.toString()},
        }) {
            CommandLine cmd = Kernkit.commandLine();
            StringWriter out = new StringWriter();
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(out));
            int exit = cmd.execute(args);
            assertTrue(exit == 1 || exit == 2, () -> String.join(" ", args) + " exit " + exit + "\n" + out);
            assertFalse(out.toString().contains("\tat "), () -> String.join(" ", args) + "\n" + out);
            assertFalse(out.toString().contains("Exception in"), () -> String.join(" ", args) + "\n" + out);
        }
    }

    @Test
    void progressWithAnUnknownTotalShowsBytesAndRateButNoPercentage() {
        StringWriter text = new StringWriter();
        long[] now = {0};
        CopyProgress progress = new CopyProgress(new PrintWriter(text), true, () -> now[0]);
        progress.start(-1);
        now[0] = 2_000_000_000L;
        progress.advance(4L << 20);
        progress.finish();
        assertTrue(text.toString().contains("4.0 MiB copied") && text.toString().contains("MiB/s"), text::toString);
        assertFalse(text.toString().contains("%"), text::toString);
    }

    @Test
    void tourFormatsListsAndChecks() throws Exception {
        StringWriter out = new StringWriter();
        new VfatTour().run(new PrintWriter(out, true));
        String text = out.toString();
        assertTrue(text.contains("01 A Long Song Title.mp3"), text);
        assertTrue(text.contains("own check: clean"), text);
        assertTrue(text.contains("copied /Music out: 2 files, 65000 bytes"), text);
    }
}
