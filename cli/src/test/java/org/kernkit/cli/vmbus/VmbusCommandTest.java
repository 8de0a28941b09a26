package org.kernkit.cli.vmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.CliRun;
import org.kernkit.testkit.JsonReader;

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
    void pingRefusesASizeThatIsNotAMultipleOf8AsAUsageError() {
        assertTrue(run(2, "vmbus", "ping", "--size", "7").contains("got 7"), "a bad option value is a usage error");
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
        assertTrue(out.contains("load average "), "ping states the load it ran under: " + out);
    }

    @Test
    void pingJsonIsOneObjectWithTheCountsAndNoProgressTextWhenStderrIsNoTerminal() throws Exception {
        // Output and errors are captured together: a progress line on stderr would break the JSON.
        String out = run(0, "vmbus", "ping", "--json", "--messages", "200000", "--round-trips", "2000",
                "--ring-size", "65536");
        Map<?, ?> ping = (Map<?, ?>) JsonReader.parse(out.strip());
        assertEquals(200000.0, ping.get("messages"), out);
        assertEquals(64.0, ping.get("message_bytes"), out);
        assertEquals(400002.0, ping.get("host_counted"), out);
        assertEquals(ping.get("host_expected"), ping.get("host_counted"), out);
        assertEquals(2000.0, ping.get("round_trips"), out);
        Map<?, ?> roundTrip = (Map<?, ?>) ping.get("round_trip_ns");
        double p50 = (Double) roundTrip.get("p50");
        double max = (Double) roundTrip.get("max");
        assertTrue(p50 > 0 && p50 <= (Double) roundTrip.get("p99") && (Double) roundTrip.get("p99_9") <= max, out);
        assertTrue(((String) ping.get("load_average")).contains("CPUs"), out);
        assertEquals(1, out.strip().lines().count(), out);
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

    /** A channel file whose guest sent two requests the host has not read yet. */
    private Path channelWithTwoUnreadRequests(boolean corruptFirst) throws Exception {
        Path ring = dir.resolve("ring");
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
            java.lang.foreign.MemorySegment region = org.kernkit.vmbus.ChannelFile.create(ring, 16384, arena);
            org.kernkit.vmbus.Channel host = org.kernkit.vmbus.Channel.attach(region, org.kernkit.vmbus.Channel.Role.HOST, 0);
            org.kernkit.vmbus.Channel guest = org.kernkit.vmbus.Channel.attach(region, org.kernkit.vmbus.Channel.Role.GUEST, 1000);
            guest.send(6, 1, 41, new byte[24], TimeUnit.SECONDS.toNanos(1));
            guest.send(6, 1, 42, new byte[8], TimeUnit.SECONDS.toNanos(1));
            if (corruptFirst) {
                region.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 4096 + 4096 + 2, (short) 0);
            }
        }
        return ring;
    }

    @Test
    void dumpShowsBothRingHeadersAndTheUnreadDescriptors() throws Exception {
        Path ring = channelWithTwoUnreadRequests(false);
        String out = run(0, "vmbus", "dump", ring.toString());
        long pid = ProcessHandle.current().pid();
        assertTrue(out.contains("host  word 0x") && out.contains("session 1, attached, pid " + pid), out);
        assertTrue(out.contains("ring guest->host: write_index 80, read_index 0, interrupt_mask 0, pending_send_sz 0, "
                + "feature_bits 0x1 (feat_pending_send_sz)"), out);
        assertTrue(out.contains("80 to read") && out.contains("2 packets"), out);
        assertTrue(out.contains("at       0: type DATA_INBAND, offset8 2, len8 5 (24 payload bytes), flags 0x1, trans_id 41"), out);
        assertTrue(out.contains("at      48: type DATA_INBAND, offset8 2, len8 3 (8 payload bytes), flags 0x1, trans_id 42"), out);
        assertTrue(out.contains("ring host->guest: write_index 0, read_index 0"), out);
    }

    @Test
    void dumpAsJsonCarriesTheSameFields() throws Exception {
        Path ring = channelWithTwoUnreadRequests(false);
        String out = run(0, "vmbus", "dump", ring.toString(), "--json");
        Map<?, ?> dump = (Map<?, ?>) JsonReader.parse(out);
        Map<?, ?> toHost = (Map<?, ?>) dump.get("guest_to_host");
        assertEquals(80.0, toHost.get("write_index"), out);
        assertEquals(0.0, toHost.get("read_index"), out);
        assertEquals(0.0, toHost.get("interrupt_mask"), out);
        assertEquals(0.0, toHost.get("pending_send_sz"), out);
        assertEquals(1.0, toHost.get("feature_bits"), out);
        assertEquals(Map.of("at", 48.0, "type", 6.0, "offset8", 2.0, "len8", 3.0, "flags", 1.0, "trans_id", 42.0),
                ((List<?>) toHost.get("packets")).get(1), out);
        assertTrue(toHost.containsKey("problem") && toHost.get("problem") == null, out);
    }

    @Test
    void dumpWithDashHPrintsSizesInBinaryUnitsAndIndexesExactly() throws Exception {
        Path ring = channelWithTwoUnreadRequests(false);
        String exact = run(0, "vmbus", "dump", ring.toString());
        assertTrue(exact.contains("rings of 16384 bytes") && exact.contains("data area 12288 bytes: 80 to read"), exact);
        String human = run(0, "vmbus", "dump", ring.toString(), "-h");
        assertTrue(human.contains("channel " + ring + ": 36.0 KiB, layout version 2, rings of 16.0 KiB"), human);
        assertTrue(human.contains("data area 12.0 KiB: 80 B to read, 11.9 KiB free for the writer"), human);
        assertTrue(human.contains("write_index 80, read_index 0"), human);
    }

    @Test
    void dumpReportsACorruptDescriptorWithoutFollowingIt() throws Exception {
        Path ring = channelWithTwoUnreadRequests(true);
        String out = run(0, "vmbus", "dump", ring.toString());
        assertTrue(out.contains("CORRUPT: packet at 0 has offset8 0, outside [2, len8 5]"), out);
    }

    @Test
    void dumpOfAFileThatIsNotAChannelSaysSoWithoutAStackTrace() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "not a channel\n".repeat(1000));
        String out = run(1, "vmbus", "dump", notes.toString());
        assertTrue(out.contains(notes + " is not a kernkit vmbus channel"), out);
        assertTrue(!out.contains("\tat "), out);
        String missing = run(1, "vmbus", "dump", dir.resolve("none").toString(), "--json");
        assertTrue(missing.contains("no such file") && missing.contains("none"), missing);
        Files.write(dir.resolve("short"), new byte[100]);
        assertTrue(run(1, "vmbus", "dump", dir.resolve("short").toString()).contains("smaller than the 4096-byte control page"));
    }
}
