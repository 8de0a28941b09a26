package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * States of any size stream through the image writer's one buffer: small ones are buffered, large ones go to the file
 * directly, section headers are patched in the buffer or in the file; every combination reads back byte for byte.
 */
class LargeStateTest {

    @Property(tries = 12)
    void statesOfAnySizeRoundTripThroughTheImage(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 1_600_000) Integer> sizes,
            @ForAll @IntRange(min = 0, max = 1000) int seed) throws IOException {
        Path dir = Files.createTempDirectory("kernkit-large");
        try {
            Random random = new Random(seed);
            List<byte[]> states = new ArrayList<>();
            for (int size : sizes) {
                byte[] state = new byte[size];
                random.nextBytes(state);
                states.add(state);
            }
            Job job = TestJobs.job("large", c -> states.forEach(s -> c.spawn(TestJobs.BLOB, s)));
            long imageLength;
            try (Container c = Container.create(dir, job, new CheckpointPolicy(Duration.ZERO, 2))) {
                imageLength = Files.size(c.lastImage());
            }
            long expectedLength = 16 + 12 + 8 + 8 + 2 + 5 + 2 + ("kernkit-checkpoint 2; Java " + Runtime.version())
                    .getBytes().length + 8 + 24 + 12 + 24 + 12 + 20;
            for (byte[] state : states) {
                expectedLength += 12 + 4 + 4 + 2 + 4 + 4 + state.length + 12 + 4 + 8 + 4;
            }
            expectedLength += 12 + 2 + 3 + 8; // OUTPUT "out" and its length
            assertEquals(expectedLength, imageLength, "image length for states of " + sizes);
            try (Container r = Container.restore(dir, job, new CheckpointPolicy(Duration.ZERO, 2))) {
                for (int i = 0; i < states.size(); i++) {
                    assertArrayEquals(states.get(i), (byte[]) r.stateOf(i + 1), "state of task " + (i + 1));
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
