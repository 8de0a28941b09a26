package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageDescriptor;
import org.kernkit.checkpoint.image.ImageStore;

/**
 * Semantic mutations: images whose checksums are valid but whose content cannot be used (another job, another run,
 * an unknown program, a state version without migration, a state its codec rejects, an output length beyond the
 * file, an over-full FIFO). Restart must fall back to an older usable image or refuse naming why; the output is
 * then the uninterrupted run's, or untouched. Seeded: {@code -Dkernkit.fuzz.seed=S} replays a failure.
 */
class SemanticImageFuzzTest {

    private static final long RECORDS = 6000;
    private static final int ROUNDS = 10;
    private static final int ITERATIONS = 40;
    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 5);

    /** What a mutation changes; FINGERPRINT alone is harmless (a warning), every other kind makes the image unusable. */
    enum Mutation { JOB_NAME, RUN_ID, FINGERPRINT, PROGRAM, STATE_VERSION, STATE_TRUNCATED, STATE_EXTENDED,
        OUTPUT_BEYOND_FILE, FIFO_OVER_CAPACITY }

    @TempDir
    Path dir;

    @Test
    void restartFallsBackOrRefusesAndNeverWritesAWrongOutput() throws IOException {
        long seed = Long.getLong("kernkit.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        byte[] expected = NumberPipeline.expectedOutput(RECORDS);
        Set<Mutation> seen = EnumSet.noneOf(Mutation.class);
        int fallbacks = 0;
        int refusals = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            Path job = dir.resolve("job-" + iteration);
            try (Container c = Container.create(job, pipeline(), MANUAL)) {
                c.run(ROUNDS); // image 2
                c.run(ROUNDS); // image 3
            }
            List<Path> images = ImageStore.local(job).images();
            // Mutate the newest one, two or (sometimes) all three images.
            int mutated = 1 + random.nextInt(images.size());
            String what = "";
            for (int i = 0; i < mutated; i++) {
                Path image = images.get(images.size() - 1 - i);
                Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
                if (mutate(image, m, random, Files.size(job.resolve(NumberPipeline.OUTPUT)))) {
                    seen.add(m);
                    what += image.getFileName() + ":" + m + " ";
                }
            }
            String context = "iteration " + iteration + " [" + what + "] (seed " + seed + ")";
            byte[] outputBefore = Files.readAllBytes(job.resolve(NumberPipeline.OUTPUT));
            Container restored;
            try {
                restored = Container.restore(job, pipeline(), MANUAL);
            } catch (IOException | IllegalArgumentException e) {
                refusals++;
                assertTrue(e.getMessage() != null && e.getMessage().contains("image-"), context + ": " + e);
                assertArrayEquals(outputBefore, Files.readAllBytes(job.resolve(NumberPipeline.OUTPUT)),
                        context + ": a refused restart leaves the output as it was");
                continue;
            }
            try (restored) {
                fallbacks += restored.restoreMessages().isEmpty() ? 0 : 1;
                restored.run();
            } catch (IOException | RuntimeException e) {
                fail(context + ": restored, then failed: " + e, e);
            }
            assertArrayEquals(expected, Files.readAllBytes(job.resolve(NumberPipeline.OUTPUT)), context);
        }
        System.out.printf("semantic fuzz: %d iterations, %d with a fallback or warning, %d refused, kinds %s,"
                + " seed %d%n", ITERATIONS, fallbacks, refusals, seen, seed);
        assertTrue(seen.size() >= Mutation.values().length - 1, "most kinds exercised: " + seen + " seed " + seed);
    }

    private static org.kernkit.checkpoint.Job pipeline() {
        return new NumberPipeline(RECORDS);
    }

    /**
     * Rewrites one field of one section, with valid CRCs and trailer.
     *
     * @param outputSize the output file's size now, which an OUTPUT_BEYOND_FILE length exceeds
     *
     * @return false if the image has no section the mutation applies to
     */
    static boolean mutate(Path path, Mutation mutation, Random random, long outputSize) throws IOException {
        byte[] file = Files.readAllBytes(path);
        Image image = ImageCodec.read(path);
        ImageBytes rebuilt = new ImageBytes();
        boolean applied = false;
        List<Image.Section> sections = image.sections();
        int targetType = switch (mutation) {
            case JOB_NAME, RUN_ID, FINGERPRINT -> ImageDescriptor.SECTION_HEADER;
            case PROGRAM, STATE_VERSION, STATE_TRUNCATED, STATE_EXTENDED -> ImageDescriptor.SECTION_TASK;
            case OUTPUT_BEYOND_FILE -> ImageDescriptor.SECTION_OUTPUT;
            case FIFO_OVER_CAPACITY -> ImageDescriptor.SECTION_FIFO;
        };
        List<Image.Section> candidates = sections.stream().filter(s -> s.type() == targetType).toList();
        if (candidates.isEmpty()) {
            return false;
        }
        Image.Section target = candidates.get(random.nextInt(candidates.size()));
        for (Image.Section s : sections) {
            if (s.type() == ImageDescriptor.SECTION_TRAILER) {
                break;
            }
            int from = (int) ImageDescriptor.payloadOffset(s.offset());
            byte[] payload = Arrays.copyOfRange(file, from, from + s.length());
            if (s == target) {
                byte[] changed = change(payload, mutation, random, outputSize);
                applied = changed != null;
                payload = changed != null ? changed : payload;
            }
            rebuilt.section(s.type(), payload);
        }
        Files.write(path, rebuilt.trailer());
        return applied;
    }

    private static byte[] change(byte[] payload, Mutation mutation, Random random, long outputSize) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        switch (mutation) {
            case JOB_NAME -> {
                int jobAt = 16;
                int jobLength = b.getShort(jobAt) & 0xFFFF;
                return splice(payload, jobAt, 2 + jobLength, str("other-job"));
            }
            case RUN_ID, FINGERPRINT -> {
                int end = payload.length;
                int at = mutation == Mutation.RUN_ID ? end - 24 + random.nextInt(16) : end - 8 + random.nextInt(8);
                payload[at] ^= (byte) (1 << random.nextInt(8));
                return payload;
            }
            case PROGRAM, STATE_VERSION, STATE_TRUNCATED, STATE_EXTENDED -> {
                int programLength = b.getShort(8) & 0xFFFF;
                int versionAt = 10 + programLength;
                int stateAt = versionAt + 4;
                return switch (mutation) {
                    case PROGRAM -> splice(payload, 8, 2 + programLength, str("pipeline.nosuch"));
                    case STATE_VERSION -> {
                        b.putInt(versionAt, 2 + random.nextInt(1000));
                        yield payload;
                    }
                    case STATE_TRUNCATED -> payload.length == stateAt ? null
                            : Arrays.copyOf(payload, payload.length - 1 - random.nextInt(payload.length - stateAt));
                    default -> {
                        byte[] more = new byte[1 + random.nextInt(8)];
                        random.nextBytes(more);
                        yield splice(payload, payload.length, 0, more);
                    }
                };
            }
            case OUTPUT_BEYOND_FILE -> {
                int lengthAt = payload.length - 8;
                // Beyond the file: a forged length inside the file would be content restart cannot tell apart.
                b.putLong(lengthAt, outputSize + 1 + random.nextInt(1 << 20));
                return payload;
            }
            case FIFO_OVER_CAPACITY -> {
                int nameLength = b.getShort(0) & 0xFFFF;
                int capacityAt = 2 + nameLength;
                int buffered = b.getInt(capacityAt + 5);
                // Below what it holds, or (for an empty FIFO) out of range.
                b.putInt(capacityAt, Math.max(0, buffered - 1));
                return payload;
            }
            default -> throw new AssertionError(mutation);
        }
    }

    private static byte[] str(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + utf8.length).order(ByteOrder.LITTLE_ENDIAN).putShort((short) utf8.length)
                .put(utf8).array();
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}
