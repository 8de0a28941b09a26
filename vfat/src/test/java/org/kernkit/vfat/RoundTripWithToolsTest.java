package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Images we write pass fsck.fat -n silently and read back byte-identical through mcopy. */
class RoundTripWithToolsTest {

    @TempDir
    Path tmp;

    static List<Arguments> typesAndModes() {
        return List.of(
                Arguments.of(FatType.FAT12, NamingMode.WINDOWS, 4L << 20),
                Arguments.of(FatType.FAT12, NamingMode.PATENT_SAFE, 4L << 20),
                Arguments.of(FatType.FAT16, NamingMode.WINDOWS, 32L << 20),
                Arguments.of(FatType.FAT16, NamingMode.PATENT_SAFE, 32L << 20),
                Arguments.of(FatType.FAT32, NamingMode.WINDOWS, 40L << 20),
                Arguments.of(FatType.FAT32, NamingMode.PATENT_SAFE, 40L << 20));
    }

    /** A tree with deep paths, long, Unicode and 8.3 names, empty and multi-cluster files. */
    static Map<String, byte[]> sampleTree(int clusterSize) {
        Random random = new Random(42);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("/README.TXT", "plain upper 8.3\n".getBytes(StandardCharsets.UTF_8));
        files.put("/readme.md", "lower 8.3\n".getBytes(StandardCharsets.UTF_8));
        files.put("/Mixed Case Name.txt", "mixed\n".getBytes(StandardCharsets.UTF_8));
        files.put("/empty", new byte[0]);
        files.put("/a very long file name that needs several long name entries to store.data", bytes(random, 1000));
        files.put("/Ünïcödé — 日本語のファイル名.txt", "unicode\n".getBytes(StandardCharsets.UTF_8));
        byte[] big = bytes(random, clusterSize * 7 + 123);
        files.put("/deep/level two/level three/Level Four/big file.bin", big);
        files.put("/deep/level two/exactly one cluster.bin", bytes(random, clusterSize));
        for (int i = 0; i < 30; i++) {
            files.put("/many/Long Named File " + i + ".txt", ("file " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        files.put("/many/.hidden profile", "dot\n".getBytes(StandardCharsets.UTF_8));
        files.put("/many/archive.tar.gz", bytes(random, 50));
        return files;
    }

    static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static void writeTree(FatFileSystem fs, Map<String, byte[]> files) throws Exception {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String path = e.getKey();
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                fs.createDirectories(path.substring(0, slash));
            }
            fs.writeAllBytes(path, e.getValue());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesAndModes")
    void imagesWeWritePassFsckAndReadBackThroughMcopy(FatType type, NamingMode mode, long size) throws Exception {
        Path image = tmp.resolve("img");
        Map<String, byte[]> files;
        try (FatFileSystem fs = FatFileSystem.format(image, size,
                FormatOptions.builder().fatType(type).namingMode(mode).volumeLabel("KERNKIT").build())) {
            assertEquals(type, fs.type());
            files = sampleTree(fs.clusterSize());
            writeTree(fs, files);
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image), "fsck.fat -n complaints");
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            assertArrayEquals(e.getValue(), OracleTools.mcopyOut(image, e.getKey(), tmp), "mcopy of " + e.getKey());
        }
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                assertArrayEquals(e.getValue(), fs.readAllBytes(e.getKey()), "our read of " + e.getKey());
            }
            assertTrue(fs.check().clean(), () -> "own check: " + fsCheck(image));
            assertEquals("KERNKIT", fs.volumeLabel());
            if (mode == NamingMode.PATENT_SAFE) {
                assertDummiesThroughout(fs, "/");
            }
        }
        OracleTools.Result fat2 = OracleTools.run("fatcat", image.toString(), "-2");
        assertTrue(fat2.output().contains("FATs are exactly equals"),
                () -> "fatcat -2: " + fat2.output());
    }

    /** Every entry of the tree whose name is not a single-case 8.3 name carries the version-3 dummy. */
    private static void assertDummiesThroughout(FatFileSystem fs, String dir) throws Exception {
        for (FatEntry e : fs.list(dir)) {
            String path = dir.endsWith("/") ? dir + e.name() : dir + "/" + e.name();
            if (org.kernkit.vfat.internal.ShortNames.exact(e.name()) == null) {
                PatentSafeNamesTest.assertDummyForm(RawEntries.of(fs, path), e.name(), e.directory());
            } else {
                assertEquals(1, RawEntries.of(fs, path).size(), path + ": 8.3 name, short entry only");
            }
            if (e.directory()) {
                assertDummiesThroughout(fs, path);
            }
        }
    }

    private static String fsCheck(Path image) {
        try (FatFileSystem fs = FatFileSystem.openReadOnly(image)) {
            return fs.check().problems().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @org.junit.jupiter.api.Test
    void volumesWith2048ByteLogicalSectorsAreReadAndWritten() throws Exception {
        Path image = tmp.resolve("big-sectors.img");
        OracleTools.Result mk = OracleTools.run("mkfs.fat", "-C", "-S", "2048", "-F", "16", image.toString(), "32768");
        assertEquals(0, mk.exit(), mk.output());
        Path src = tmp.resolve("src.bin");
        byte[] content = bytes(new Random(5), 100_000);
        Files.write(src, content);
        assertEquals(0, OracleTools.run("mcopy", "-i", image.toString(), src.toString(), "::/From Mtools.bin").exit());
        try (FatFileSystem fs = FatFileSystem.open(image, NamingMode.WINDOWS)) {
            assertArrayEquals(content, fs.readAllBytes("/from mtools.bin"));
            fs.createDirectories("/Our Dir/Sub");
            fs.writeAllBytes("/Our Dir/Sub/Written By Us.bin", content);
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image));
        assertArrayEquals(content, OracleTools.mcopyOut(image, "/Our Dir/Sub/Written By Us.bin", tmp));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typesAndModes")
    void imagesMadeByMkfsAndMtoolsReadBackIdenticalAndStayCleanAfterOurChanges(FatType type, NamingMode mode,
            long size) throws Exception {
        Path image = tmp.resolve("ref.img");
        int bits = type == FatType.FAT12 ? 12 : type == FatType.FAT16 ? 16 : 32;
        OracleTools.Result mk = OracleTools.run("mkfs.fat", "-C", "-F", String.valueOf(bits), image.toString(),
                String.valueOf(size / 1024));
        assertEquals(0, mk.exit(), mk.output());
        Random random = new Random(7);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("/Some Long Name.txt", bytes(random, 3000));
        files.put("/SHORT.TXT", bytes(random, 10));
        files.put("/dir one/Nested File With Spaces.bin", bytes(random, 70_000));
        files.put("/dir one/sub/ÄÖÜ ünïcode.dat", bytes(random, 5));
        files.put("/dir one/sub/empty.txt", new byte[0]);
        assertEquals(0, OracleTools.run("mmd", "-i", image.toString(), "::/dir one").exit());
        assertEquals(0, OracleTools.run("mmd", "-i", image.toString(), "::/dir one/sub").exit());
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path src = tmp.resolve("src.bin");
            Files.write(src, e.getValue());
            OracleTools.Result cp = OracleTools.run("mcopy", "-i", image.toString(), src.toString(), "::" + e.getKey());
            assertEquals(0, cp.exit(), cp.output());
        }
        try (FatFileSystem fs = FatFileSystem.open(image, mode)) {
            assertEquals(type, fs.type());
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                assertArrayEquals(e.getValue(), fs.readAllBytes(e.getKey()), "our read of " + e.getKey());
            }
            List<String> names = fs.list("/dir one/sub").stream().map(FatEntry::name).sorted().toList();
            assertEquals(List.of("empty.txt", "ÄÖÜ ünïcode.dat"), names);
            fs.writeAllBytes("/dir one/Added By Us.txt", "ours".getBytes(StandardCharsets.UTF_8));
            fs.move("/Some Long Name.txt", "/dir one/sub/Moved Long Name.txt", false);
            fs.delete("/SHORT.TXT");
            fs.append("/dir one/Nested File With Spaces.bin", bytes(random, 5000));
        }
        assertEquals(List.of(), OracleTools.fsckComplaints(image), "fsck.fat -n after our changes");
        assertArrayEquals("ours".getBytes(StandardCharsets.UTF_8),
                OracleTools.mcopyOut(image, "/dir one/Added By Us.txt", tmp));
        assertArrayEquals(files.get("/Some Long Name.txt"),
                OracleTools.mcopyOut(image, "/dir one/sub/Moved Long Name.txt", tmp));
    }
}
