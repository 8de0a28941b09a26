package org.kernkit.cli.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.cli.CliRun;
import org.kernkit.testkit.JsonReader;
import org.kernkit.vfat.FatFileSystem;

/** {@code vfat check --repair [--dry-run]}, {@code --json} on ls, info and check, and {@code -h} sizes. */
class VfatRepairAndJsonTest {

    @TempDir
    Path tmp;

    static String run(int expectedExit, String... args) {
        return CliRun.expectExit(expectedExit, args);
    }

    /** A FAT16 image holding /a.txt (5000 bytes) in 2 KiB clusters and an empty /dir. */
    private Path image() throws Exception {
        Path img = tmp.resolve("v.img");
        run(0, "vfat", "mkfs", "-i", img.toString(), "-s", "20M", "-c", "4");
        Path host = tmp.resolve("a.txt");
        Files.write(host, new byte[5000]);
        run(0, "vfat", "cp", "-i", img.toString(), host.toString(), "::/a.txt");
        run(0, "vfat", "mkdir", "-i", img.toString(), "/dir");
        return img;
    }

    /** Sets the size field of /a.txt to {@code size}: its chain is then longer than the size needs. */
    private static void shrinkSizeField(Path img, int size) throws Exception {
        byte[] all = Files.readAllBytes(img);
        byte[] name = "A       TXT".getBytes();
        for (int off = 0; off + 32 <= all.length; off += 32) {
            if (java.util.Arrays.equals(all, off, off + 11, name, 0, 11)) {
                try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, size), off + 28);
                }
                return;
            }
        }
        throw new AssertionError("no A.TXT entry");
    }

    @Test
    void checkReportsRepairDryRunWritesNothingAndRepairFixesWhatCheckFound() throws Exception {
        Path img = image();
        shrinkSizeField(img, 100);
        String check = run(1, "vfat", "check", "-i", img.toString());
        assertTrue(check.contains("problem: /a.txt: size 100 bytes needs 1 cluster(s), chain has 3"), check);
        byte[] damaged = Files.readAllBytes(img);
        String dry = run(0, "vfat", "check", "-i", img.toString(), "--repair", "--dry-run");
        assertTrue(dry.contains("would repair: /a.txt: chain of 3 cluster(s)") && dry.contains("nothing written")
                && dry.contains("clean after the repair"), dry);
        assertArrayEquals(damaged, Files.readAllBytes(img), "--dry-run writes nothing");
        assertArrayEquals(damaged, Files.readAllBytes(img), "check without --repair writes nothing");
        String repaired = run(0, "vfat", "check", "-i", img.toString(), "--repair");
        assertTrue(repaired.contains("repaired: /a.txt: chain of 3 cluster(s)")
                && repaired.contains("repaired: 2 lost cluster(s)") && repaired.contains("2 repair(s) written"),
                repaired);
        assertTrue(run(0, "vfat", "check", "-i", img.toString()).contains("clean"));
        byte[] clean = Files.readAllBytes(img);
        String again = run(0, "vfat", "check", "-i", img.toString(), "--repair");
        assertTrue(again.contains("nothing to repair, nothing written"), again);
        assertArrayEquals(clean, Files.readAllBytes(img), "a clean volume is not written");
    }

    @Test
    void dryRunWithoutRepairIsAUsageError() throws Exception {
        Path img = image();
        assertTrue(run(2, "vfat", "check", "-i", img.toString(), "--dry-run").contains("--dry-run goes with --repair"));
    }

    @Test
    void repairRefusesAnImageAnotherWriterHolds() throws Exception {
        Path img = image();
        try (FatFileSystem fs = FatFileSystem.open(img)) {
            fs.createDirectory("/held");
            String err = run(1, "vfat", "check", "-i", img.toString(), "--repair");
            assertTrue(err.contains("open for writing elsewhere") && err.lines().count() == 1, err);
        }
    }

    @Test
    void checkJsonListsProblemsAndCountsAndRepairJsonListsRepairs() throws Exception {
        Path img = image();
        shrinkSizeField(img, 100);
        Map<?, ?> check = (Map<?, ?>) JsonReader.parse(run(1, "vfat", "check", "-i", img.toString(), "--json"));
        assertEquals(false, check.get("clean"));
        assertEquals(1L, ((Number) check.get("files")).longValue());
        assertEquals(2L, ((Number) check.get("directories")).longValue());
        assertEquals(List.of("/a.txt: size 100 bytes needs 1 cluster(s), chain has 3"), check.get("problems"));
        Map<?, ?> repair = (Map<?, ?>) JsonReader.parse(run(0, "vfat", "check", "-i", img.toString(), "--repair",
                "--json"));
        assertEquals(true, repair.get("clean"));
        assertEquals(true, repair.get("written"));
        assertEquals(false, repair.get("dry_run"));
        assertEquals(2, ((List<?>) repair.get("repairs")).size(), repair.toString());
        assertEquals(List.of(), repair.get("remaining"));
    }

    @Test
    void lsJsonGivesEveryEntryWithExactSizesAndRecursiveJsonEveryDirectory() throws Exception {
        Path img = image();
        Map<?, ?> ls = (Map<?, ?>) JsonReader.parse(run(0, "vfat", "ls", "-i", img.toString(), "--json"));
        assertEquals("/", ls.get("path"));
        List<?> entries = (List<?>) ls.get("entries");
        assertEquals(2, entries.size(), ls.toString());
        Map<?, ?> a = (Map<?, ?>) entries.getFirst();
        assertEquals("a.txt", a.get("name"));
        assertEquals("a.txt", a.get("short_name"), "the 8.3 name as displayed, case flags applied");
        assertEquals(5000L, ((Number) a.get("size")).longValue());
        assertEquals(false, a.get("directory"));
        assertTrue(((Number) a.get("modified_ms")).longValue() > 0);
        Map<?, ?> dir = (Map<?, ?>) entries.get(1);
        assertEquals(true, dir.get("directory"));
        Map<?, ?> all = (Map<?, ?>) JsonReader.parse(run(0, "vfat", "ls", "-i", img.toString(), "-R", "--json"));
        List<?> dirs = (List<?>) all.get("directories");
        assertEquals(List.of("/", "/dir"), dirs.stream().map(d -> ((Map<?, ?>) d).get("path")).toList());
    }

    @Test
    void infoJsonCarriesExactBytesAndHumanSizesAreOptIn() throws Exception {
        Path img = image();
        Map<?, ?> info = (Map<?, ?>) JsonReader.parse(run(0, "vfat", "info", "-i", img.toString(), "--json"));
        assertEquals("FAT16", info.get("type"));
        assertEquals(2048L, ((Number) info.get("cluster_size")).longValue());
        assertEquals(null, info.get("partition"));
        assertEquals("windows", info.get("naming"));
        long total = ((Number) info.get("total_bytes")).longValue();
        assertEquals(total, 2048L * ((Number) info.get("clusters")).longValue());
        String plain = run(0, "vfat", "info", "-i", img.toString());
        assertTrue(plain.contains("cluster size: 2048 bytes") && plain.contains("space:        " + total + " bytes"),
                plain);
        String human = run(0, "vfat", "info", "-i", img.toString(), "-h");
        assertTrue(human.contains("cluster size: 2.0 KiB") && human.contains(" MiB free"), human);
        String lsPlain = run(0, "vfat", "ls", "-i", img.toString(), "-l");
        String lsHuman = run(0, "vfat", "ls", "-i", img.toString(), "-l", "-h");
        assertTrue(lsPlain.contains("      5000 ") && lsHuman.contains("   4.9 KiB "), lsPlain + lsHuman);
        assertTrue(run(0, "vfat", "ls", "--help").contains("--human-readable"));
    }
}
