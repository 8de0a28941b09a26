package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.internal.LittleEndian;

/** Classic aliases: ~N tails, names on disk loaded, LFN written exactly as the format says. */
class WindowsAliasTest {

    @TempDir
    Path tmp;

    private static String shortField(List<byte[]> slots) {
        return new String(slots.getLast(), 0, 11, StandardCharsets.ISO_8859_1);
    }

    @Test
    void collidingLongNamesGetIncreasingTails() throws Exception {
        try (FatFileSystem fs = FatFileSystem.format(tmp.resolve("w.img"), 8 << 20, FormatOptions.defaults())) {
            fs.writeAllBytes("/Long File Name 1.txt", new byte[1]);
            fs.writeAllBytes("/Long File Name 2.txt", new byte[1]);
            assertEquals("LONGFI~1TXT", shortField(RawEntries.of(fs, "/Long File Name 1.txt")));
            assertEquals("LONGFI~2TXT", shortField(RawEntries.of(fs, "/Long File Name 2.txt")));
            assertEquals("LONGFI~1.TXT", fs.stat("/Long File Name 1.txt").shortName());
            assertEquals("Long File Name 1.txt", fs.stat("/LONGFI~1.TXT").name(), "8.3 lookup works in windows mode");
        }
    }

    @Test
    void aliasesAlreadyOnDiskAreNeverDuplicated() throws Exception {
        Path image = tmp.resolve("m.img");
        assertEquals(0, OracleTools.run("mkfs.fat", "-C", "-F", "16", image.toString(), "16384").exit());
        Path src = tmp.resolve("x");
        Files.writeString(src, "x");
        for (int i = 1; i <= 3; i++) {
            assertEquals(0, OracleTools.run("mcopy", "-i", image.toString(), src.toString(),
                    "::/Long File Name " + i + ".txt").exit());
        }
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            for (int i = 4; i <= 20; i++) {
                fs.writeAllBytes("/Long File Name " + i + ".txt", new byte[1]);
            }
            Set<String> shorts = new HashSet<>();
            for (FatEntry e : fs.list("/")) {
                assertTrue(shorts.add(e.shortName()), "duplicate alias " + e.shortName());
            }
            assertEquals(20, shorts.size());
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
        String mdir = OracleTools.run("mdir", "-i", image.toString(), "::/").output();
        assertTrue(mdir.contains("Long File Name 20.txt"), mdir);
    }

    @Test
    void plainUpperCase83NamesGetNoLongName() throws Exception {
        try (FatFileSystem fs = FatFileSystem.format(tmp.resolve("w.img"), 8 << 20, FormatOptions.defaults())) {
            fs.writeAllBytes("/AUTOEXEC.BAT", new byte[1]);
            assertEquals(1, RawEntries.of(fs, "/AUTOEXEC.BAT").size());
        }
    }

    @Test
    void longNameEntriesArePaddedWithFfffAfterOneTerminatorAndHaveClusterZero() throws Exception {
        try (FatFileSystem fs = FatFileSystem.format(tmp.resolve("w.img"), 8 << 20, FormatOptions.defaults())) {
            fs.writeAllBytes("/abcdefghijklmnopq", new byte[1]); // 17 chars: 2 parts, 4 in the last
            List<byte[]> slots = RawEntries.of(fs, "/abcdefghijklmnopq");
            assertEquals(3, slots.size());
            byte[] last = slots.getFirst();
            assertEquals(0x42, last[0]);
            int[] offsets = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
            assertEquals('n', LittleEndian.u16(last, offsets[0]));
            assertEquals('q', LittleEndian.u16(last, offsets[3]));
            assertEquals(0x0000, LittleEndian.u16(last, offsets[4]));
            for (int i = 5; i < 13; i++) {
                assertEquals(0xFFFF, LittleEndian.u16(last, offsets[i]), "padding at char " + i);
            }
            assertEquals(0, LittleEndian.u16(last, 26));
            assertEquals(0x01, slots.get(1)[0]);
        }
    }

    @Test
    void namesFillingWholeLongNameEntriesNeedNoTerminator() throws Exception {
        Path image = tmp.resolve("w.img");
        String thirteen = "Abcdefghijklm";
        String twentySix = "Abcdefghijklmnopqrstuvwxyz";
        String max = "N".repeat(255);
        try (FatFileSystem fs = FatFileSystem.format(image, 8 << 20, FormatOptions.defaults())) {
            fs.writeAllBytes("/" + thirteen, new byte[] {13});
            fs.writeAllBytes("/" + twentySix, new byte[] {26});
            fs.writeAllBytes("/" + max, new byte[] {(byte) 255});
            assertEquals(2, RawEntries.of(fs, "/" + thirteen).size());
            assertEquals(21, RawEntries.of(fs, "/" + max).size());
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
        assertEquals(13, OracleTools.mcopyOut(image, "/" + thirteen, tmp)[0]);
        assertEquals(26, OracleTools.mcopyOut(image, "/" + twentySix, tmp)[0]);
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            assertEquals(max, fs.stat("/" + max.toLowerCase()).name());
        }
    }

    @Test
    void lookupIsCaseInsensitiveAndPreservesCase() throws Exception {
        try (FatFileSystem fs = FatFileSystem.format(tmp.resolve("w.img"), 8 << 20, FormatOptions.defaults())) {
            fs.writeAllBytes("/Straße Ärger.TXT", "x".getBytes(StandardCharsets.UTF_8));
            assertEquals("Straße Ärger.TXT", fs.stat("/straße ärger.txt").name());
            assertEquals("Straße Ärger.TXT", fs.stat("/STRAßE ÄRGER.txt").name());
            assertEquals(false, fs.exists("/STRASSE ÄRGER.TXT"), "no length-changing case folding");
        }
    }
}
