package org.kernkit.bench.vfat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private ManyLongNamedFiles workload;

    @Setup(Level.Trial)
    public void createHostFiles() throws IOException {
        ExternalTool.requireMtools();
        workload = ManyLongNamedFiles.create("kernkit-vfat-many-mtools", files);
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
    public void createAndListMtools() throws IOException, InterruptedException {
        String image = workload.image.toString();
        List<String> cmd = new ArrayList<>(List.of("mcopy", "-i", image));
        for (String n : workload.names) {
            cmd.add(workload.hostFiles.resolve(n).toString());
        }
        cmd.add("::/d/");
        ExternalTool.run(cmd);
        ExternalTool.run(List.of("mdir", "-i", image, "::/d"));
    }
}
