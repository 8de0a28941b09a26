package org.kernkit.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.RunOutcome;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatType;

/** Runs every example README.md quotes and checks what it computed. */
class ExamplesTest {

    @Test
    void flexArrayExampleAllocatesOnlyTheTwoPartsItWrote() {
        FlexArrayExample.Readings r = FlexArrayExample.run();
        assertEquals(43, r.far());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 42, 0, 0}, r.firstTen());
        assertTrue(r.absentHasNoView(), "get() of an element in a never-written part returns null");
        assertEquals(0, r.absentReads(), "an absent element reads as the ZERO fill");
        assertEquals(2, r.partsAllocated(), "one part per written element, none for the reads");
        assertTrue(r.bytesHeld() >= 2 * 4096 && r.bytesHeld() < 64 * 1024,
                "two 4 KiB parts plus the tree, far from 8 TiB: " + r.bytesHeld() + " bytes held");
    }

    @Test
    void clockExampleReadingsKeepTheOrdersTheClocksPromise() {
        ClockExample.Readings r = ClockExample.run();
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertTrue(r.coarseIsNative(), "CLOCK_MONOTONIC_COARSE is read through clock_gettime on Linux");
        }
        assertTrue(r.tickNanos() > 0, "resolution " + r.tickNanos());
        assertTrue(r.coarseSecond() >= r.coarseFirst(), r.coarseFirst() + " then " + r.coarseSecond());
        assertTrue(r.cachedNanos() <= r.preciseNanos(),
                "cached " + r.cachedNanos() + " is ahead of System.nanoTime() " + r.preciseNanos());
        assertEquals(ZoneOffset.UTC, r.zone());
        assertTrue(r.instant().isAfter(Instant.parse("2020-01-01T00:00:00Z")), "realtime instant " + r.instant());
        assertFalse(r.sourceInstant().isBefore(r.instant()), r.instant() + " then " + r.sourceInstant());
    }

    @Test
    void vfatExampleReadsBackItsLongNamedFileWithoutAnAlias(@TempDir Path directory) throws Exception {
        VfatExample.Listing listing = VfatExample.run(directory.resolve("reports.img"));
        assertEquals(FatType.FAT16, listing.type(), "16 MiB is formatted as FAT16");
        assertEquals("REPORTS", listing.label());
        assertEquals("revenue up", listing.text());
        List<FatEntry> files = listing.entries().stream().filter(FatEntry::regularFile).toList();
        assertEquals(1, files.size(), "regular files in /Reports: " + listing.entries());
        FatEntry file = files.getFirst();
        assertEquals("Quarterly results 2009.txt", file.name());
        assertNull(file.shortName(), "patent-safe naming stores no valid 8.3 alias for a long name");
        assertEquals("revenue up".length(), file.size());
    }

    @Test
    void vfatExampleImageIsCleanForFsckAndReadableByMtools(@TempDir Path directory) throws Exception {
        Path image = directory.resolve("reports.img");
        VfatExample.run(image);
        ToolRun fsck = runTool("fsck.fat", "-n", image.toString());
        assertEquals(0, fsck.exit(), "fsck.fat -n " + image + ":\n" + fsck.output());
        ToolRun mtype = runTool("mtype", "-i", image.toString(), "::/Reports/Quarterly results 2009.txt");
        assertEquals(0, mtype.exit(), mtype.output());
        assertEquals("revenue up", mtype.output());
    }

    @Test
    void vfatNioExampleReadsBackThroughTheProvider(@TempDir Path directory) throws Exception {
        Path image = directory.resolve("backup.img");
        VfatNioExample.Listing listing = VfatNioExample.run(image);
        assertEquals(List.of("Long Name.txt"), listing.names());
        assertEquals("hello", listing.text());
        assertEquals(64L << 20, Files.size(image), "the image has the size asked for in env");
    }

    private record ToolRun(int exit, String output) {
    }

    /**
     * Runs an outside tool; where it is not installed, skips the test with a printed reason, except under CI=true,
     * where its absence fails the test.
     */
    private static ToolRun runTool(String... command) throws Exception {
        boolean installed = Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin")
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command[0])));
        if (!installed) {
            String reason = command[0] + " is not installed (apt-get install dosfstools mtools)";
            assertFalse("true".equals(System.getenv("CI")), reason + "; CI=true requires it");
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MTOOLS_SKIP_CHECK", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return new ToolRun(process.exitValue(), output);
    }

    @Test
    void checkpointExampleRestartsFromItsImageAndWritesEachLineOnce(@TempDir Path directory) throws Exception {
        CheckpointExample.Runs runs = CheckpointExample.run(directory.resolve("job"));
        assertEquals(RunOutcome.STOPPED, runs.firstRun());
        assertEquals("1\n2\n3\n", runs.outputAfterFirstRun());
        assertNotNull(runs.restoredFrom(), "the second container was restored from an image");
        assertTrue(Files.isRegularFile(runs.restoredFrom()), "image " + runs.restoredFrom());
        assertEquals(RunOutcome.FINISHED, runs.secondRun());
        assertEquals("1\n2\n3\n4\n5\n", runs.output());
    }

    @Test
    void vmbusExampleCarriesTheHostsAnswerBack() throws Exception {
        assertEquals(144, VmbusExample.run(12));
        assertEquals(1L << 62, VmbusExample.run(-(1L << 31)), "a negative request and a large answer");
    }
}
