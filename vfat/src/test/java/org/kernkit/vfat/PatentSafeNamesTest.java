package org.kernkit.vfat;

import org.kernkit.block.FileBlockDevice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.internal.LongNameEntryDescriptor;

/** The patent-safe mode writes exactly the version-3 dummy form of the doc, and never two equal dummies. */
class PatentSafeNamesTest {

    /** The doc's 35 invalid values. */
    private static final Set<Integer> INVALID_VALUES = Set.of(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0B, 0x0C, 0x0E,
            0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x22,
            0x2A, 0x3A, 0x3C, 0x3E, 0x3F, 0x5B, 0x5D, 0x7C);

    @TempDir
    Path tmp;

    private FatFileSystem formatPatentSafe(long size) throws Exception {
        return FatFileSystem.format(tmp.resolve("p.img"), size,
                FormatOptions.builder().namingMode(NamingMode.PATENT_SAFE).build());
    }

    /** Checks one long-named entry byte by byte; returns its 11 dummy bytes. */
    static byte[] assertDummyForm(List<byte[]> slots, String name, boolean directory) {
        byte[] shortEntry = slots.getLast();
        int tildes = 0;
        int slashes = 0;
        for (int i = 0; i < 8; i++) {
            int v = shortEntry[i] & 0xFF;
            if (v == '~') {
                tildes++;
            } else if (v == '/') {
                slashes++;
            } else {
                assertTrue(INVALID_VALUES.contains(v), () -> String.format("%s: byte %02X not an invalid value", name, v));
                assertTrue(v != 0x05, name + ": 0x05 must never be produced");
            }
        }
        assertEquals(1, tildes, name + ": exactly one ~");
        assertEquals(directory ? 0 : 1, slashes, name + ": one / for files, none for directories");
        // The extension follows the last dot, unless only dots precede it (".profile" has none, as in Linux).
        String stripped = name.replaceFirst("^\\.+", "");
        String ext = stripped.contains(".") ? stripped.substring(stripped.lastIndexOf('.') + 1).toUpperCase() : "";
        String expectedExt = (ext + "   ").substring(0, 3);
        assertEquals(expectedExt, new String(shortEntry, 8, 3, StandardCharsets.ISO_8859_1), name + ": extension");
        assertEquals(0x20, shortEntry[12] & 0xFF, name + ": NTRes 0x20");
        int parts = LongNameEntryDescriptor.partsFor(name.length());
        assertEquals(parts + 1, slots.size(), name + ": long name entries + short entry");
        int checksum = LongNameEntryDescriptor.checksum(shortEntry, 0);
        for (int i = 0; i < parts; i++) {
            byte[] lfn = slots.get(i);
            assertEquals(0x0F, lfn[11] & 0xFF);
            assertEquals(0, lfn[12]);
            assertEquals(checksum, lfn[13] & 0xFF, name + ": LFN checksum over the dummy");
            assertEquals(0, lfn[26] | lfn[27], name + ": LFN cluster 0");
            assertEquals((parts - i) | (i == 0 ? 0x40 : 0), lfn[0] & 0xFF, name + ": ordinal");
        }
        return java.util.Arrays.copyOf(shortEntry, 11);
    }

    @Test
    void longNamesGetOnlyTheDummyFormAndNoValid83Alias() throws Exception {
        try (FatFileSystem fs = formatPatentSafe(8 << 20)) {
            fs.writeAllBytes("/Long File Name.jpeg", new byte[10]);
            fs.writeAllBytes("/MixedCase.txt", new byte[10]);
            fs.writeAllBytes("/no extension at all", new byte[0]);
            fs.writeAllBytes("/archive.tar.gz", new byte[3]);
            fs.createDirectory("/A Directory With Long Name");
            assertDummyForm(RawEntries.of(fs, "/Long File Name.jpeg"), "Long File Name.jpeg", false);
            assertDummyForm(RawEntries.of(fs, "/MixedCase.txt"), "MixedCase.txt", false);
            assertDummyForm(RawEntries.of(fs, "/no extension at all"), "no extension at all", false);
            assertDummyForm(RawEntries.of(fs, "/archive.tar.gz"), "archive.tar.gz", false);
            assertDummyForm(RawEntries.of(fs, "/A Directory With Long Name"), "A Directory With Long Name", true);
            for (FatEntry e : fs.list("/")) {
                assertNull(e.shortName(), e.name() + " must have no usable 8.3 name");
            }
            assertFalse(fs.exists("/LONGFI~1.JPE"), "no 8.3 lookup may open a dummy");
        }
    }

    @Test
    void singleCase83NamesGetOnlyAShortEntryWithCaseBits() throws Exception {
        try (FatFileSystem fs = formatPatentSafe(8 << 20)) {
            fs.writeAllBytes("/readme.txt", new byte[1]);
            fs.writeAllBytes("/UPPER.TXT", new byte[1]);
            fs.writeAllBytes("/lower.TXT", new byte[1]);
            List<byte[]> lower = RawEntries.of(fs, "/readme.txt");
            assertEquals(1, lower.size());
            assertEquals("README  TXT", new String(lower.getFirst(), 0, 11, StandardCharsets.ISO_8859_1));
            assertEquals(0x18, lower.getFirst()[12]);
            assertEquals(0x00, RawEntries.of(fs, "/UPPER.TXT").getFirst()[12]);
            assertEquals(0x08, RawEntries.of(fs, "/lower.TXT").getFirst()[12]);
            assertEquals(Set.of("readme.txt", "UPPER.TXT", "lower.TXT"),
                    new HashSet<>(fs.list("/").stream().map(FatEntry::name).toList()));
        }
    }

    @Test
    void dummiesStayDistinctEvenWhenTheRandomSourceRepeatsItself() throws Exception {
        Path image = tmp.resolve("r.img");
        FatFileSystem.format(image, 8 << 20, FormatOptions.builder().fatType(FatType.FAT16).build()).close();
        RandomGenerator stuck = () -> 0L;
        Set<String> dummies = new HashSet<>();
        try (FatFileSystem fs = FatFileSystem.open(FileBlockDevice.open(image, false), NamingMode.PATENT_SAFE, false,
                ZoneOffset.UTC, stuck)) {
            fs.createDirectory("/d");
            for (int i = 0; i < 300; i++) {
                String name = "Same Looking Name " + i + ".mp3";
                fs.writeAllBytes("/d/" + name, new byte[] {(byte) i});
                byte[] dummy = assertDummyForm(RawEntries.of(fs, "/d/" + name), name, false);
                assertTrue(dummies.add(new String(dummy, StandardCharsets.ISO_8859_1)), "dummy repeated at " + i);
            }
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
    }

    @Test
    void thousandsOfRandomDummiesInOneDirectoryAreDistinctAndPassFsck() throws Exception {
        Path image = tmp.resolve("p.img");
        Set<String> dummies = new HashSet<>();
        try (FatFileSystem fs = formatPatentSafe(16 << 20)) {
            fs.createDirectory("/music");
            for (int i = 0; i < 2000; i++) {
                fs.writeAllBytes("/music/Track " + i + ".mp3", new byte[0]);
            }
            for (FatEntry e : fs.list("/music")) {
                byte[] dummy = assertDummyForm(RawEntries.of(fs, "/music/" + e.name()), e.name(), false);
                assertTrue(dummies.add(new String(dummy, StandardCharsets.ISO_8859_1)));
            }
            assertEquals(2000, dummies.size());
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
    }

    @Test
    void filesWithDummiesReadBackThroughMtoolsByLongName() throws Exception {
        Path image = tmp.resolve("p.img");
        try (FatFileSystem fs = formatPatentSafe(8 << 20)) {
            fs.writeAllBytes("/Some Song.mp3", "song".getBytes(StandardCharsets.UTF_8));
        }
        assertArrayEquals("song".getBytes(StandardCharsets.UTF_8), OracleTools.mcopyOut(image, "/Some Song.mp3", tmp));
    }
}
