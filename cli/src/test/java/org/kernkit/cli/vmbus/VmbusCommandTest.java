package org.kernkit.cli.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.CliRun;

class VmbusCommandTest {

    @TempDir
    Path dir;

    static String run(int expectedExit, String... args) {
        return CliRun.expectExit(expectedExit, args);
    }

    @Test
    void guestWithoutAHostFailsNamingTheRingFile() {
        String out = run(1, "vmbus", "guest", "--ring", dir.resolve("none").toString(), "--timeout", "1", "info");
        assertTrue(out.contains("none") && out.contains("no such file"), out);
    }

    @Test
    void pingRejectsASizeThatIsNotAMultipleOf8() {
        assertTrue(run(1, "vmbus", "ping", "--size", "7").contains("got 7"));
    }

    @Test
    void guestSeesTheHostsImageThroughTheRing() throws Exception {
        Path image = dir.resolve("disk.img");
        byte[] bytes = new byte[64 * 512];
        bytes[512] = (byte) 0xAB;
        Files.write(image, bytes);
        Path ring = dir.resolve("ring");
        CompletableFuture<String> host = CompletableFuture.supplyAsync(
                () -> run(0, "vmbus", "host", image.toString(), "--ring", ring.toString(), "--ring-size", "65536", "--sessions", "1"));
        String info = run(0, "vmbus", "guest", "--ring", ring.toString(), "info");
        assertTrue(info.contains("64 sectors"), info);
        assertTrue(host.get(30, TimeUnit.SECONDS).contains("session ended after 1 requests"));
    }

    @Test
    void guestFormatsCopiesAndListsAFatDiskThroughTheRing() throws Exception {
        Path image = dir.resolve("fat.img");
        Files.write(image, new byte[8 << 20]);
        Path ring = dir.resolve("ring");
        Path local = dir.resolve("local.txt");
        Files.writeString(local, "hello over vmbus");
        CompletableFuture<String> host = CompletableFuture.supplyAsync(
                () -> run(0, "vmbus", "host", image.toString(), "--ring", ring.toString(), "--ring-size", "262144", "--sessions", "4"));
        try {
            run(0, "vmbus", "guest", "--ring", ring.toString(), "mkfs", "--label", "T");
            run(0, "vmbus", "guest", "--ring", ring.toString(), "cp", local.toString(), "::/HELLO.TXT");
            String ls = run(0, "vmbus", "guest", "--ring", ring.toString(), "ls", "/");
            assertTrue(ls.contains("HELLO.TXT") && ls.contains("16"), ls);
            Path back = dir.resolve("back.txt");
            run(0, "vmbus", "guest", "--ring", ring.toString(), "cp", "::/HELLO.TXT", back.toString());
            assertEquals("hello over vmbus", Files.readString(back));
        } finally {
            assertTrue(host.get(30, TimeUnit.SECONDS).contains("session ended"));
        }
    }

    @Test
    void pingBetweenTwoProcessesCountsEveryMessage() {
        String out = run(0, "vmbus", "ping", "--messages", "200000", "--round-trips", "2000", "--ring-size", "65536");
        assertTrue(out.contains("host counted 400,002"), out);
    }

    @Test
    void guestOnAFileThatIsNotAChannelSaysSoAtOnce() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "not a channel\n".repeat(1000));
        // The default 10 s timeout is not waited out: the file can never become a channel.
        String out = run(1, "vmbus", "guest", "--ring", notes.toString(), "--timeout", "600", "info");
        assertTrue(out.contains(notes + " is not a kernkit vmbus channel"), out);
        assertTrue(!out.contains("\tat "), "no stack trace: " + out);
    }

    @Test
    void hostRefusesToOverwriteARingFileThatIsNotAChannel() throws Exception {
        Path image = dir.resolve("disk.img");
        Files.write(image, new byte[64 * 512]);
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "precious\n".repeat(1000));
        String out = run(1, "vmbus", "host", image.toString(), "--ring", notes.toString(), "--sessions", "1");
        assertTrue(out.contains("refusing to overwrite"), out);
        assertEquals("precious\n".repeat(1000), Files.readString(notes));
    }

    @Test
    void hostRefusesARingSizeThatIsNotAPageMultiple() throws Exception {
        Path image = dir.resolve("disk.img");
        Files.write(image, new byte[64 * 512]);
        String out = run(1, "vmbus", "host", image.toString(), "--ring", dir.resolve("ring").toString(),
                "--ring-size", "10000", "--sessions", "1");
        assertTrue(out.contains("multiple of 4096"), out);
    }
}
