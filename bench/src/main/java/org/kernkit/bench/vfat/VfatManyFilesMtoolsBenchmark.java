package org.kernkit.bench.vfat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
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
 * The mtools peer of {@link VfatManyFilesBenchmark}: one {@code mcopy} process copies n small long-named files into
 * one directory, then {@code mdir} lists it. Only n = 500 and 1000: mcopy's time grows much faster than n (a 10 000
 * file run was stopped after 11 minutes on the test machine), so 10 000 cannot fit a benchmark run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VfatManyFilesMtoolsBenchmark {

    @Param({"500", "1000"})
    public int files;

    private Path dir;
    private Path hostFiles;
    private Path image;
    private List<String> names;

    @Setup(Level.Trial)
    public void createHostFiles() throws IOException {
        ExternalTool.requireMtools();
        dir = Files.createTempDirectory("kernkit-vfat-many-mtools");
        hostFiles = dir.resolve("files");
        Files.createDirectories(hostFiles);
        names = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String name = "Holiday Photo Number " + i + ".jpeg";
            names.add(name);
            Files.writeString(hostFiles.resolve(name), "x");
        }
        image = dir.resolve("many.img");
    }

    @Setup(Level.Invocation)
    public void freshImage() throws IOException {
        try (FatFileSystem fs = FatFileSystem.format(image, 256L << 20,
                FormatOptions.builder().fatType(FatType.FAT16).build())) {
            fs.createDirectory("/d");
        }
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        for (String n : names) {
            Files.deleteIfExists(hostFiles.resolve(n));
        }
        Files.deleteIfExists(hostFiles);
        Files.deleteIfExists(image);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public void createAndListMtools() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mcopy", "-i", image.toString()));
        for (String n : names) {
            cmd.add(hostFiles.resolve(n).toString());
        }
        cmd.add("::/d/");
        ExternalTool.run(cmd);
        ExternalTool.run(List.of("mdir", "-i", image.toString(), "::/d"));
    }
}
