package org.kernkit.bench.vfat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.FormatOptions;
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
 * Copying one large file into and out of a FAT32 image: kernkit (FatFileSystem channel, 1 MiB buffers) against
 * {@code mcopy} (an external process, timed the same way), in the same run. Each invocation starts from a fresh
 * image (copy in) or a fresh destination (copy out). Ours ends with an fsync of the image ({@link
 * FatFileSystem#close()} makes the data durable); mcopy does not sync, so {@code mcopySync} adds {@code sync IMG}
 * for the same durability.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VfatCopyBenchmark {

    @Param({"256"})
    public int sizeMiB;

    private Path dir;
    private Path source;
    private Path image;
    private Path filledImage;
    private Path out;

    @Setup(Level.Trial)
    public void createSource() throws IOException {
        ExternalTool.requireMtools();
        dir = Files.createTempDirectory("kernkit-vfat-bench");
        source = dir.resolve("source.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(1);
        try (OutputStream o = Files.newOutputStream(source)) {
            for (int i = 0; i < sizeMiB; i++) {
                random.nextBytes(chunk);
                o.write(chunk);
            }
        }
        image = dir.resolve("copy-in.img");
        filledImage = dir.resolve("filled.img");
        out = dir.resolve("out.bin");
        try (FatFileSystem fs = FatFileSystem.format(filledImage, imageBytes(), options())) {
            copyIn(fs, source, "/big.bin");
        }
    }

    private long imageBytes() {
        return (long) sizeMiB * 2 * 1024 * 1024 + (64L << 20);
    }

    private static FormatOptions options() {
        return FormatOptions.builder().fatType(FatType.FAT32).build();
    }

    @Setup(Level.Invocation)
    public void freshImage() throws IOException, InterruptedException {
        Files.deleteIfExists(out);
        // Same geometry for both sides: format with kernkit, which both then write into.
        FatFileSystem.format(image, imageBytes(), options()).close();
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        for (Path p : List.of(source, image, filledImage, out)) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    static void copyIn(FatFileSystem fs, Path from, String to) throws IOException {
        try (InputStream in = Files.newInputStream(from);
                SeekableByteChannel ch = fs.newByteChannel(to, Set.of(StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING))) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                ch.write(ByteBuffer.wrap(buf, 0, n));
            }
        }
    }

    @Benchmark
    public void copyInKernkit() throws IOException {
        try (FatFileSystem fs = FatFileSystem.open(FileBlockDevice.open(image, false),
                org.kernkit.vfat.NamingMode.WINDOWS)) {
            copyIn(fs, source, "/big.bin");
        }
    }

    /**
     * Ours with the durability of plain mcopy ({@link org.kernkit.block.BlockDevice#withoutBarriers}): the data stays
     * in the page cache, so this isolates the copy work from the syncs that {@link #copyInKernkit()} pays.
     */
    @Benchmark
    public void copyInKernkitNoSync() throws IOException {
        try (FatFileSystem fs = FatFileSystem.open(org.kernkit.block.BlockDevice.withoutBarriers(FileBlockDevice.open(image, false)),
                org.kernkit.vfat.NamingMode.WINDOWS)) {
            copyIn(fs, source, "/big.bin");
        }
    }

    @Benchmark
    public void copyInMcopy() throws IOException, InterruptedException {
        ExternalTool.run(List.of("mcopy", "-i", image.toString(), source.toString(), "::/big.bin"));
    }

    @Benchmark
    public void copyInMcopySync() throws IOException, InterruptedException {
        ExternalTool.run(List.of("mcopy", "-i", image.toString(), source.toString(), "::/big.bin"));
        ExternalTool.run(List.of("sync", image.toString()));
    }

    @Benchmark
    public void copyOutKernkit() throws IOException {
        try (FatFileSystem fs = FatFileSystem.openReadOnly(filledImage);
                SeekableByteChannel ch = fs.newByteChannel("/big.bin", Set.of(StandardOpenOption.READ));
                OutputStream o = Files.newOutputStream(out)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) > 0) {
                o.write(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
    }

    @Benchmark
    public void copyOutMcopy() throws IOException, InterruptedException {
        ExternalTool.run(List.of("mcopy", "-n", "-i", filledImage.toString(), "::/big.bin", out.toString()));
    }
}
