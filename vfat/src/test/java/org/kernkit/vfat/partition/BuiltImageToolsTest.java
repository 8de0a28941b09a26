package org.kernkit.vfat.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.vfat.ImageBuilder;
import org.kernkit.vfat.ImageBuilder.Table;
import org.kernkit.vfat.NamingMode;
import org.kernkit.vfat.OracleTools;
import org.kernkit.vfat.SourceTrees;

/**
 * Images from {@link ImageBuilder} judged by the independent tools: {@code sfdisk --verify} and {@code sgdisk -v}
 * on the table, {@code fsck.fat -n} on the volume (cut out of the disk), and mtools at {@code @@OFFSET} listing
 * and copying out the same files with the same contents.
 */
class BuiltImageToolsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Table.class)
    void toolsFindTheBuiltImageSoundAndHoldingTheTree(Table table) throws Exception {
        Path src = SourceTrees.mixed(Files.createDirectory(dir.resolve("src")), Instant.now());
        for (NamingMode mode : NamingMode.values()) {
            Path image = dir.resolve(mode + ".img");
            ImageBuilder.Plan plan = ImageBuilder.from(src).table(table).esp(table == Table.GPT).namingMode(mode)
                    .label("TOOLS").headroom(1 << 20).build(image);
            long offset = 0;
            Path volume = image;
            if (table != Table.NONE) {
                assertEquals(List.of(), PartitionToolsDifferentialTest.sfdiskComplaints(image));
                if (table == Table.GPT) {
                    assertEquals(List.of(), PartitionToolsDifferentialTest.sgdiskComplaints(image));
                }
                offset = plan.partition().firstByte();
                volume = dir.resolve(mode + ".vol");
                cut(image, volume, offset, plan.partition().sizeBytes());
            }
            assertEquals(List.of(), OracleTools.fsckComplaints(volume), table + " " + mode);
            String at = image + "@@" + offset;
            TreeMap<String, byte[]> expected = SourceTrees.hostFiles(src);
            assertEquals(new ArrayList<>(expected.keySet()), mdirPaths(at), table + " " + mode);
            for (Map.Entry<String, byte[]> f : expected.entrySet()) {
                if (f.getValue() != null) {
                    assertArrayEquals(f.getValue(), OracleTools.mcopyOut(Path.of(at), f.getKey(), dir), f.getKey());
                }
            }
        }
    }

    private static void cut(Path image, Path volume, long offset, long length) throws IOException {
        try (var in = java.nio.channels.FileChannel.open(image);
                var out = java.nio.channels.FileChannel.open(volume, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < length) {
                done += in.transferTo(offset + done, length - done, out);
            }
        }
    }

    /** {@code mdir -/ -b}: every path in the image, sorted case-insensitively like the host listing. */
    private static List<String> mdirPaths(String at) throws Exception {
        OracleTools.Result r = OracleTools.run("mdir", "-/", "-b", "-i", at, "::/");
        assertEquals(0, r.exit(), r.output());
        TreeMap<String, Boolean> paths = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : r.output().split("\n")) {
            String t = line.strip();
            if (t.startsWith("::/")) {
                String p = t.substring(2);
                paths.put(p.endsWith("/") ? p.substring(0, p.length() - 1) : p, true);
            }
        }
        return new ArrayList<>(paths.keySet());
    }
}
