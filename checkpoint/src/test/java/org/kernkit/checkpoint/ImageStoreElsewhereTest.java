package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;

/** The image store is an interface: a container writes and restarts through the one it is given. */
class ImageStoreElsewhereTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 3);

    @TempDir
    Path dir;

    /** A store that records what the container asked of it, over a local directory elsewhere. */
    static final class RecordingStore implements ImageStore {
        final ImageStore inner;
        final List<String> calls = new ArrayList<>();

        RecordingStore(Path directory) {
            inner = ImageStore.local(directory);
        }

        @Override
        public Path directory() {
            return inner.directory();
        }

        @Override
        public List<Path> images() throws IOException {
            return inner.images();
        }

        @Override
        public long nextSequence() throws IOException {
            return inner.nextSequence();
        }

        @Override
        public Path write(long sequence, Body body) throws IOException {
            calls.add("write " + sequence);
            return inner.write(sequence, body);
        }

        @Override
        public void retain(int keep) throws IOException {
            inner.retain(keep);
        }

        @Override
        public void deleteTemporaries() throws IOException {
            inner.deleteTemporaries();
        }

        @Override
        public Path moveAside(Path image, String reason) throws IOException {
            calls.add("moveAside " + image.getFileName());
            return inner.moveAside(image, reason);
        }
    }

    @Test
    void imagesLiveInTheGivenStoreAndRestartReadsThemFromThere() throws IOException {
        Path job = dir.resolve("job");
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared);
        RecordingStore store = new RecordingStore(shared);
        try (Container c = Container.create(job, new NumberPipeline(20_000), MANUAL, List.of(),
                store)) {
            assertEquals(RunOutcome.STOPPED, c.run(30));
        }
        assertEquals(List.of("write 1", "write 2"), store.calls);
        assertTrue(ImageStore.local(job).images().isEmpty(), "no image in the job directory");
        try (Container r = Container.restore(job, new NumberPipeline(20_000), MANUAL,
                new RecordingStore(shared))) {
            assertEquals(shared.resolve(ImageStore.fileName(2)), r.restoredFrom());
            assertEquals(RunOutcome.FINISHED, r.run());
        }
        assertArrayEquals(NumberPipeline.expectedOutput(20_000),
                Files.readAllBytes(job.resolve(NumberPipeline.OUTPUT)));
    }
}
