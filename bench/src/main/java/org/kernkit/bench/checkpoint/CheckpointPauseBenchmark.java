package org.kernkit.bench.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kernkit.checkpoint.CheckpointPolicy;
import org.kernkit.checkpoint.Container;
import org.kernkit.checkpoint.Job;
import org.kernkit.checkpoint.StepResult;
import org.kernkit.checkpoint.TaskContext;
import org.kernkit.checkpoint.TaskProgram;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.StateCodec;
import org.kernkit.checkpoint.image.StateReader;
import org.kernkit.checkpoint.image.StateWriter;
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
 * Checkpoint pause against state size, next to its peer: writing the same number of bytes with a plain
 * {@link FileChannel} and {@code force(true)}.
 *
 * <p>{@code checkpoint} is the whole pause a running container takes: flush and force outputs (none here), encode
 * every task's state through its codec into sections with CRC32C, write to a temporary file, force, rename, force
 * the directory, delete the image beyond the retention count. The peers write the image's byte count from a heap
 * buffer ({@code plainWriteHeap}) and from a direct buffer ({@code plainWriteDirect}) to a fresh file and force it;
 * {@code plainAtomicReplace} adds the rename and directory force a crash-safe write needs.
 * The target is checkpoint &lt;= 1.2 x plainWriteHeap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CheckpointPauseBenchmark {

    @Param({"1", "1000"})
    public int tasks;

    @Param({"1048576", "67108864"})
    public int stateBytes;

    private Path dir;
    private Container container;
    private ByteBuffer heap;
    private ByteBuffer direct;
    private Path plain;
    private Path replaced;

    /** A task whose state is one byte array. */
    static final TaskProgram<byte[]> BLOB = new TaskProgram<>() {
        @Override
        public String name() {
            return "blob";
        }

        @Override
        public StateCodec<byte[]> codec() {
            return new StateCodec<>() {
                @Override
                public void encode(byte[] state, StateWriter out) {
                    out.putRaw(state, 0, state.length);
                }

                @Override
                public byte[] decode(StateReader in) throws ImageFormatException {
                    byte[] state = new byte[in.remaining()];
                    in.getRaw(state, 0, state.length);
                    return state;
                }
            };
        }

        @Override
        public StepResult step(byte[] state, TaskContext context) {
            return StepResult.EXIT;
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "kernkit-bench-checkpoint");
        Random random = new Random(42);
        int perTask = stateBytes / tasks;
        Job job = new Job() {
            @Override
            public String name() {
                return "bench";
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return List.of(BLOB);
            }

            @Override
            public void start(Container c) {
                for (int i = 0; i < tasks; i++) {
                    byte[] state = new byte[perTask];
                    random.nextBytes(state);
                    c.spawn(BLOB, state);
                }
            }
        };
        container = Container.create(dir.resolve("job"), job, new CheckpointPolicy(Duration.ZERO, 2));
        long imageBytes = Files.size(container.lastImage());
        System.out.printf("%n[checkpoint] %d tasks, %d state bytes -> image of %d bytes (%.4f x state)%n", tasks,
                stateBytes, imageBytes, imageBytes / (double) stateBytes);
        byte[] bytes = Files.readAllBytes(container.lastImage());
        heap = ByteBuffer.wrap(bytes);
        direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        plain = dir.resolve("plain.bin");
        replaced = dir.resolve("replaced.bin");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        container.close();
        deleteTree(dir);
    }

    /** Deletes a benchmark's scratch directory and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public Path checkpoint() throws IOException {
        return container.checkpoint();
    }

    @Benchmark
    public long plainWriteHeap() throws IOException {
        return writeAndForce(heap.duplicate());
    }

    @Benchmark
    public long plainWriteDirect() throws IOException {
        return writeAndForce(direct.duplicate());
    }

    /**
     * The third peer: the same bytes written the atomic way a checkpoint writes them (temporary file, force, rename,
     * force the directory), without encoding or checksums; separates the cost of atomicity from the codec's.
     */
    @Benchmark
    public long plainAtomicReplace() throws IOException {
        long written = writeAndForce(heap.duplicate());
        Files.move(plain, replaced, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
        return written;
    }

    private long writeAndForce(ByteBuffer bytes) throws IOException {
        // A fresh file each time, as a checkpoint writes a fresh image (and deletes an old one).
        Files.deleteIfExists(plain);
        try (FileChannel channel = FileChannel.open(plain, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long written = 0;
            while (bytes.hasRemaining()) {
                written += channel.write(bytes);
            }
            channel.force(true);
            return written;
        }
    }
}
