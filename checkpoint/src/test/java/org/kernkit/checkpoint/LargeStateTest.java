package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.testkit.Trials;

/**
 * States of any size stream through the image writer's one buffer: small ones are buffered, large ones go to the file
 * directly, section headers are patched in the buffer or in the file; every combination reads back byte for byte.
 */
class LargeStateTest {

    private static final String PROPERTY = "statesOfAnySizeRoundTripThroughTheImage";
    private static final int TRIALS = 12;
    private static final int MAX_SIZE = 1_600_000;

    /** Sizes where the writer changes its path: empty, one byte, its flush threshold, its buffer's size, the max. */
    private static final int[] EDGE_SIZES = {0, 1, ImageCodec.WRITE_BUFFER_BYTES - 4097, ImageCodec.WRITE_BUFFER_BYTES - 4096,
        ImageCodec.WRITE_BUFFER_BYTES - 1, ImageCodec.WRITE_BUFFER_BYTES, ImageCodec.WRITE_BUFFER_BYTES + 1, MAX_SIZE};

    @Test
    void statesOfAnySizeRoundTripThroughTheImage() {
        Trials.forEach(PROPERTY, TRIALS, random -> roundTrip(random, UnaryOperator.identity()));
    }

    /** The property can fail: against a model whose expected state differs in one byte, it must report the trial. */
    @Test
    void theRoundTripPropertyCatchesAStateThatDiffersInOneByte() {
        UnaryOperator<byte[]> oneByteOff = state -> {
            byte[] wrong = state.clone();
            if (wrong.length > 0) {
                wrong[wrong.length - 1] ^= 1;
            }
            return wrong;
        };
        assertThrows(AssertionError.class,
                () -> Trials.forEach(PROPERTY, TRIALS, random -> roundTrip(random, oneByteOff)));
    }

    /** One to six states of 0 to 1.6 MB (the writer's threshold sizes mixed in), checked against {@code expected}. */
    private static void roundTrip(SplittableRandom random, UnaryOperator<byte[]> expected) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            sizes.add(random.nextInt(4) == 0 ? EDGE_SIZES[random.nextInt(EDGE_SIZES.length)]
                    : random.nextInt(MAX_SIZE + 1));
        }
        Path dir = Files.createTempDirectory("kernkit-large");
        try {
            Random bytes = new Random(random.nextLong());
            List<byte[]> states = new ArrayList<>();
            for (int size : sizes) {
                byte[] state = new byte[size];
                bytes.nextBytes(state);
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
                    assertArrayEquals(expected.apply(states.get(i)), (byte[]) r.stateOf(i + 1),
                            "state of task " + (i + 1) + " of sizes " + sizes);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
