package org.kernkit.vfat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.kernkit.block.BlockDevice;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.partition.PartitionBlockDevice;
import org.kernkit.vfat.partition.PartitionTable;

/** Host trees for {@link ImageBuilder} tests, and the comparison of a built image with its tree. */
public final class SourceTrees {

    private SourceTrees() {}

    /**
     * A tree of 8.3 and long names, nested directories, an empty file, a directory of 60 long names (several
     * clusters of entries) and an EFI boot loader stand-in; every entry's mtime set to {@code mtime}.
     */
    public static Path mixed(Path dir, Instant mtime) throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        write(dir.resolve("README.TXT"), "read me\n".getBytes(StandardCharsets.US_ASCII));
        write(dir.resolve("Long File Name.txt"), "a long name\n".getBytes(StandardCharsets.US_ASCII));
        write(dir.resolve("empty.bin"), new byte[0]);
        write(dir.resolve("EFI/BOOT/BOOTX64.EFI"), bytes(r, 150_000));
        write(dir.resolve("docs/A rather long directory name/notes with spaces.md"), bytes(r, 5000));
        for (int i = 0; i < 60; i++) {
            write(dir.resolve("many/entry number " + i + " with a long name.dat"), bytes(r, r.nextInt(3000)));
        }
        write(dir.resolve("big.img"), bytes(r, 700_000));
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(mtime));
            }
        }
        return dir;
    }

    static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** Opens the volume of a built image read-only: in its first partition if it has a table. */
    public static FatFileSystem openVolume(Path image, boolean partitioned) throws IOException {
        BlockDevice disk = FileBlockDevice.open(image, true);
        if (!partitioned) {
            return FatFileSystem.openReadOnly(disk);
        }
        PartitionTable table = PartitionTable.read(disk);
        return FatFileSystem.openReadOnly(PartitionBlockDevice.owning(disk, table.partitions().getFirst()));
    }

    /** Every file of {@code tree} by its image path, with its content; directories with {@code null}. */
    public static TreeMap<String, byte[]> hostFiles(Path tree) throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                if (p.equals(tree)) {
                    continue;
                }
                String path = "/" + tree.relativize(p).toString().replace('\\', '/');
                files.put(path, Files.isDirectory(p) ? null : Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Asserts that the volume holds exactly the tree: the same paths, kinds and contents. */
    public static void assertHoldsTree(FatFileSystem fs, Path tree) throws IOException {
        TreeMap<String, byte[]> expected = hostFiles(tree);
        TreeMap<String, byte[]> actual = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        collect(fs, "/", actual);
        assertEquals(expected.keySet().stream().toList(), actual.keySet().stream().toList());
        for (String path : expected.keySet()) {
            if (expected.get(path) == null) {
                assertEquals(null, actual.get(path), path + " should be a directory");
            } else {
                assertArrayEquals(expected.get(path), actual.get(path), path);
            }
        }
    }

    private static void collect(FatFileSystem fs, String dir, TreeMap<String, byte[]> into) throws IOException {
        for (FatEntry e : fs.list(dir)) {
            String path = (dir.equals("/") ? "/" : dir + "/") + e.name();
            if (e.directory()) {
                into.put(path, null);
                collect(fs, path, into);
            } else {
                into.put(path, fs.readAllBytes(path));
            }
        }
    }
}
