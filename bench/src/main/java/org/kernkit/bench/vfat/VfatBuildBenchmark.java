package org.kernkit.bench.vfat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kernkit.vfat.ImageBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code kernkit vfat build} against its usual peer, {@code mkfs.fat} then {@code mcopy -s}, on one tree of mixed
 * files: {@code sizeMiB} in total, 60 % in four large files and 40 % in small files of 1 byte to 64 KiB (half of
 * them with long names) spread over directories of 100 entries, two levels deep.
 *
 * <p>Both sides make an image of the same size (the smallest {@link ImageBuilder} finds for the tree, plus
 * 64 MiB), of the FAT type and cluster size mkfs would choose for it (FAT32 with 4 KiB clusters at 1 GiB), passed
 * to {@code mkfs.fat} explicitly so both lay out the same volume. The image file is removed before each invocation, outside the timing.
 * {@code buildKernkit} ends with an fsync of the image; {@code mkfsMcopy} does not (mtools never syncs), and
 * {@code mkfsMcopySync} adds {@code sync IMAGE} (an fsync of the image alone) so both sides give the same
 * durability.
 *
 * <p>Run: {@code ./kernkit bench 'VfatBuildBenchmark' -p sizeMiB=1024 -f 1 -wi 1 -i 3} (smaller trees with
 * {@code -p sizeMiB=128}). The tree is made once per trial, in {@code /tmp}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VfatBuildBenchmark {

    /** Total bytes of the tree, in MiB. */
    @Param({"1024"})
    public int sizeMiB;

    private Path dir;
    private Path tree;
    private Path image;
    private long imageBytes;
    private int fatBits;
    private int clusterSectors;

    @Setup(Level.Trial)
    public void createTree() throws IOException {
        if (!ExternalTool.installed("mkfs.fat") || !ExternalTool.installed("mcopy")) {
            throw new IllegalStateException("dosfstools and mtools are needed for the peer (apt-get install"
                    + " dosfstools mtools)");
        }
        dir = Files.createTempDirectory("kernkit-vfat-build-bench");
        tree = Files.createDirectory(dir.resolve("tree"));
        image = dir.resolve("image.img");
        MixedTree.write(tree, (long) sizeMiB << 20, new SplittableRandom(16));
        long least = ImageBuilder.from(tree).plan().imageBytes();
        imageBytes = (least + (64L << 20)) / (1 << 20) * (1 << 20);
        ImageBuilder.Plan plan = ImageBuilder.from(tree).size(imageBytes).plan();
        fatBits = plan.fatType().bits();
        clusterSectors = plan.clusterBytes() / 512;
    }

    /**
     * Removes the last image and writes every dirty page to storage, outside the timing: otherwise the writeback
     * of the tree just made, or of the image just deleted, runs into the next measurement and lands on whichever
     * side comes first.
     */
    @Setup(Level.Invocation)
    public void removeImage() throws IOException, InterruptedException {
        Files.deleteIfExists(image);
        ExternalTool.run(List.of("sync"));
    }

    @TearDown(Level.Trial)
    public void deleteAll() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long buildKernkit() throws IOException {
        return ImageBuilder.from(tree).size(imageBytes).build(image).imageBytes();
    }

    /** Ours at the peer's durability: the image is left in the page cache, as mkfs.fat and mcopy leave theirs. */
    @Benchmark
    public long buildKernkitNoSync() throws IOException {
        return ImageBuilder.from(tree).size(imageBytes).durable(false).build(image).imageBytes();
    }

    @Benchmark
    public void mkfsMcopy() throws IOException, InterruptedException {
        mkfsAndCopy();
    }

    @Benchmark
    public void mkfsMcopySync() throws IOException, InterruptedException {
        mkfsAndCopy();
        ExternalTool.run(List.of("sync", image.toString())); // fsync of the image only, not the whole FS
    }

    private void mkfsAndCopy() throws IOException, InterruptedException {
        ExternalTool.run(List.of(mkfs(), "-F", Integer.toString(fatBits), "-S", "512", "-s",
                Integer.toString(clusterSectors), "-C", image.toString(),
                Long.toString(imageBytes / 1024)));
        List<String> cmd = new ArrayList<>(List.of("mcopy", "-s", "-m", "-i", image.toString()));
        try (Stream<Path> top = Files.list(tree)) {
            top.sorted().forEach(p -> cmd.add(p.toString()));
        }
        cmd.add("::/");
        ExternalTool.run(cmd);
    }

    private static String mkfs() {
        return Files.isExecutable(Path.of("/usr/sbin/mkfs.fat")) ? "/usr/sbin/mkfs.fat" : "mkfs.fat";
    }

    /** The benchmark's tree: four large files and many small ones. */
    static final class MixedTree {
        private MixedTree() {}

        static void write(Path root, long totalBytes, SplittableRandom r) throws IOException {
            long large = totalBytes * 60 / 100 / 4;
            byte[] chunk = new byte[1 << 20];
            r.nextBytes(chunk);
            for (int i = 0; i < 4; i++) {
                Path f = root.resolve(i % 2 == 0 ? "DISK" + i + ".IMG" : "Large Archive Number " + i + ".tar");
                try (var out = Files.newOutputStream(f)) {
                    for (long done = 0; done < large; done += chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, large - done));
                    }
                }
            }
            long small = totalBytes - 4 * large;
            long written = 0;
            for (int n = 0; written < small; n++) {
                Path sub = root.resolve("group" + (n / 1000)).resolve("Directory " + (n / 100 % 10));
                if (n % 100 == 0) {
                    Files.createDirectories(sub);
                }
                int size = (int) Math.min(small - written, 1 + r.nextInt(64 << 10));
                String name = n % 2 == 0 ? "F" + n + ".DAT" : "a small file with a long name " + n + ".txt";
                Files.write(sub.resolve(name), java.util.Arrays.copyOfRange(chunk, 0, size));
                written += size;
            }
        }
    }
}
