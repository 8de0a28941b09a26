package org.kernkit.cli.vfat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.CliRun;

class VfatCommandTest {

    @TempDir
    Path tmp;

    static String run(int expectedExit, String... args) {
        return CliRun.expectExit(expectedExit, args);
    }

    @Test
    void mkfsCpLsCatMvRmRoundTripThroughTheImage() throws Exception {
        String img = tmp.resolve("c.img").toString();
        assertTrue(run(0, "vfat", "mkfs", "-i", img, "-s", "8M", "--mode", "patent-safe", "-n", "CLI").contains("FAT"));
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/Hello There.txt"), "hello\n");
        Files.writeString(tree.resolve("top.txt"), "top\n");
        run(0, "vfat", "cp", "-i", img, "--mode", "patent-safe", "-r", tree.toString(), "::/");
        String ls = run(0, "vfat", "ls", "-i", img, "-R", "/");
        assertTrue(ls.contains("Hello There.txt") && ls.contains("top.txt"), ls);
        assertEquals("hello\n", run(0, "vfat", "cat", "-i", img, "/tree/sub/hello there.txt"));
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
        String img = tmp.resolve("c.img").toString();
        run(0, "vfat", "mkfs", "-i", img, "-s", "2M");
        String err = run(1, "vfat", "cat", "-i", img, "/nope.txt");
        assertTrue(err.contains("/nope.txt: no such file or directory"), err);
    }

    @Test
    void copyBetweenTwoHostPathsIsRefused() throws Exception {
        String img = tmp.resolve("c.img").toString();
        run(0, "vfat", "mkfs", "-i", img, "-s", "2M");
        String err = run(1, "vfat", "cp", "-i", img, "a", "b");
        assertTrue(err.contains("exactly one side must be in the image"), err);
    }

    @Test
    void tourFormatsListsAndChecks() throws Exception {
        StringWriter out = new StringWriter();
        new VfatTour().run(new PrintWriter(out, true));
        String text = out.toString();
        assertTrue(text.contains("01 A Long Song Title.mp3"), text);
        assertTrue(text.contains("own check: clean"), text);
    }
}
