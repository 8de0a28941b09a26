package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;

/** Restart continues only its own run, begins again a run killed before its first image, and leaves a finished one. */
class RunIdentityTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 5);

    @TempDir
    Path dir;

    private static Job pipeline(long records) {
        return new NumberPipeline(records);
    }

    @Test
    void aValidImageFromAnotherRunIsRefusedAndTheRunContinuesItsOwnState() throws IOException {
        Path mine = dir.resolve("mine");
        Path other = dir.resolve("other");
        try (Container c = Container.create(mine, pipeline(30_000), MANUAL)) {
            assertEquals(RunOutcome.STOPPED, c.run(20)); // image 2
        }
        try (Container c = Container.create(other, pipeline(50_000), MANUAL)) {
            assertEquals(RunOutcome.STOPPED, c.run(20)); // image 2
            assertEquals(RunOutcome.STOPPED, c.run(20)); // image 3
        }
        // The other run's image 3 has exactly the name this run's next image would have.
        Path foreign = mine.resolve(ImageStore.fileName(3));
        Files.copy(other.resolve(ImageStore.fileName(3)), foreign, StandardCopyOption.COPY_ATTRIBUTES);
        try (Container r = Container.restore(mine, pipeline(30_000), MANUAL)) {
            assertEquals(mine.resolve(ImageStore.fileName(2)), r.restoredFrom());
            String messages = String.join("\n", r.restoreMessages());
            assertTrue(messages.contains("image from another run"), messages);
            assertEquals(RunOutcome.FINISHED, r.run());
        }
        assertArrayEquals(NumberPipeline.expectedOutput(30_000),
                Files.readAllBytes(mine.resolve(NumberPipeline.OUTPUT)));
        assertTrue(Files.exists(mine.resolve("rejected").resolve(ImageStore.fileName(3))), "kept aside");
    }

    @Test
    void aRunKilledBeforeItsFirstImageStartsFromTheBeginningOnRestart() throws IOException {
        Job dyingOnce = new Job() {
            private final Job inner = pipeline(2000);
            private boolean died;

            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public List<TaskProgram<?>> programs() {
                return inner.programs();
            }

            @Override
            public void start(Container container) throws IOException {
                inner.start(container);
                if (!died) {
                    died = true;
                    throw new IOException("killed before the first image");
                }
            }
        };
        assertThrows(IOException.class, () -> Container.create(dir, dyingOnce, MANUAL));
        assertTrue(ImageStore.local(dir).images().isEmpty());
        try (Container r = Container.restore(dir, dyingOnce, MANUAL)) {
            assertNull(r.restoredFrom(), "a fresh start");
            assertTrue(r.restoreMessages().getFirst().contains("starting it from the beginning"),
                    r.restoreMessages().toString());
            assertEquals(RunOutcome.FINISHED, r.run());
        }
        assertArrayEquals(NumberPipeline.expectedOutput(2000),
                Files.readAllBytes(dir.resolve(NumberPipeline.OUTPUT)));
    }

    @Test
    void restartingAFinishedJobSaysSoAndChangesNothing() throws IOException {
        try (Container c = Container.create(dir, pipeline(500), MANUAL)) {
            assertEquals(RunOutcome.FINISHED, c.run());
        }
        Map<String, String> before = snapshot(dir);
        try (Container r = Container.restore(dir, pipeline(500), MANUAL)) {
            assertTrue(r.isFinished());
            assertEquals(List.of(), r.taskIds());
            assertEquals(RunOutcome.FINISHED, r.run());
        }
        assertEquals(before, snapshot(dir));
    }

    /** Every file's name, size, modification time and contents' hash; not the lock file, which names its owner. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(JobDirectoryLock.FILE_NAME)).toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p) + " "
                        + java.util.Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return files;
    }
}
