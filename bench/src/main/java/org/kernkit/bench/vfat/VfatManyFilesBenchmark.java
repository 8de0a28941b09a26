package org.kernkit.bench.vfat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kernkit.block.BlockDevice;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.NamingMode;
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
 * Creating n small long-named files in one directory and listing it with kernkit, for n = 1000 and 10 000 so the
 * growth shows (O(n) name checks: about 10x the time for 10x the files; O(n^2) would be 100x). The mtools peer is
 * {@link VfatManyFilesMtoolsBenchmark}, run in the same JMH invocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VfatManyFilesBenchmark {

    @Param({"1000", "10000"})
    public int files;

    @Param({"windows", "patent-safe"})
    public String mode;

    /**
     * Whether the durability barriers run (two syncs per created file: data + FAT before the entry, the entry
     * before anything is freed). {@code false} is {@link BlockDevice#withoutBarriers}: the cost of the barriers
     * is the difference, and mtools (which never syncs) is the peer of the {@code false} variant.
     */
    @Param({"true", "false"})
    public boolean barriers;

    private ManyLongNamedFiles workload;

    @Setup(Level.Trial)
    public void createHostFiles() throws IOException {
        ExternalTool.requireMtools();
        workload = ManyLongNamedFiles.create("kernkit-vfat-many", files);
    }

    @Setup(Level.Invocation)
    public void freshImage() throws IOException {
        workload.formatFreshImage();
    }

    @TearDown(Level.Trial)
    public void cleanUp() throws IOException {
        workload.delete();
    }

    @Benchmark
    public int createAndListKernkit() throws IOException {
        byte[] content = {'x'};
        BlockDevice device = FileBlockDevice.open(workload.image, false);
        try (FatFileSystem fs = FatFileSystem.open(barriers ? device : BlockDevice.withoutBarriers(device),
                NamingMode.parse(mode))) {
            for (String n : workload.names) {
                fs.writeAllBytes("/d/" + n, content);
            }
            List<FatEntry> listing = fs.list("/d");
            if (listing.size() != files) {
                throw new IllegalStateException("listed " + listing.size() + " of " + files);
            }
            return listing.size();
        }
    }
}
