package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageDescriptor;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.testkit.Trials;

/**
 * Mutated images: every corruption of a real image (bit flips, overwritten bytes, truncation, inserted and deleted
 * bytes) is rejected with an {@link ImageFormatException} naming an offset inside the file, never another exception,
 * and never accepted.
 */
class ImageFuzzTest {

    /** Values and size changes a uniform draw rarely hits, mixed into the generators as jqwik's edge cases were. */
    private static final byte[] EDGE_BYTES = {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE};
    private static final int[] EDGE_DELTAS = {-8, -1, 0, 1, 8};

    private static Path dir;
    private static byte[] image;
    /** Positions a uniform draw rarely hits: the file's ends; each section's start, length field, previous byte. */
    private static int[] edgePositions;

    /** Reads an image as {@link ImageCodec#read} does, or as a deliberately broken reader does. */
    @FunctionalInterface
    private interface Reader {
        Image read(Path file) throws IOException;
    }

    /**
     * A broken reader the fuzz properties must catch: it trusts everything after the first 64 bytes, as a reader that
     * skipped the checksums and bounds checks would.
     */
    private static final Reader HEADER_ONLY = file -> {
        try {
            return ImageCodec.read(file);
        } catch (ImageFormatException e) {
            if (e.offset() < 64) {
                throw e;
            }
            return null;
        }
    };

    @BeforeAll
    static void writeImage() throws IOException {
        dir = Files.createTempDirectory("kernkit-fuzz");
        Job job = TestJobs.job("fuzz", c -> {
            c.createFifo("pipe", 64).write("some buffered bytes".getBytes(), 0, 19);
            Terminal t = c.createTerminal("tty", 64);
            t.type("typed\nhalf");
            for (int i = 0; i < 3; i++) {
                int id = c.spawn(TestJobs.COUNTER, new TestJobs.Counter(10 + i));
                c.kill(id, Signals.SIGUSR1);
            }
        });
        try (Container c = Container.create(dir.resolve("src"), job, new CheckpointPolicy(Duration.ZERO, 2))) {
            image = Files.readAllBytes(c.lastImage());
        }
        Path probe = dir.resolve("edges.kkc");
        Files.write(probe, image);
        List<Integer> edges = new ArrayList<>(List.of(0, 1, image.length - 2, image.length - 1));
        for (Image.Section s : ImageCodec.read(probe).sections()) {
            edges.add((int) s.offset());
            edges.add((int) s.offset() + ImageDescriptor.SECTION_LENGTH_OFFSET);
            edges.add((int) s.offset() - 1);
        }
        edgePositions = edges.stream().filter(p -> p >= 0 && p < image.length).mapToInt(Integer::intValue).toArray();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void assertRejected(byte[] mutated, String what) {
        assertRejected(ImageCodec::read, mutated, what);
    }

    private static void assertRejected(Reader reader, byte[] mutated, String what) {
        if (Arrays.equals(mutated, image)) {
            return; // the mutation happened to change nothing
        }
        Path file = dir.resolve("image-000000000001.kkc");
        try {
            Files.write(file, mutated);
            Image read = reader.read(file);
            fail(what + " was accepted" + (read == null ? "" : ": " + read.sections().size() + " sections"));
        } catch (ImageFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= mutated.length,
                    what + ": offset " + e.offset() + " outside the " + mutated.length + "-byte file: " + e.getMessage());
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aFlippedBitIsRejected() {
        Trials.forEach("aFlippedBitIsRejected", 400, random -> flipBit(ImageCodec::read, random));
    }

    /** The bit-flip property can fail: a reader that trusts everything after the header must be caught. */
    @Test
    void theBitFlipPropertyCatchesAReaderThatTrustsEverythingAfterTheHeader() {
        assertThrows(AssertionError.class,
                () -> Trials.forEach("aFlippedBitIsRejected", 400, random -> flipBit(HEADER_ONLY, random)));
    }

    private static void flipBit(Reader reader, SplittableRandom random) {
        int position = position(random);
        int bit = random.nextInt(8);
        byte[] mutated = image.clone();
        mutated[position] ^= (byte) (1 << bit);
        assertRejected(reader, mutated, "bit " + bit + " flipped at " + position);
    }

    @Test
    void anOverwrittenRunOfBytesIsRejected() {
        Trials.forEach("anOverwrittenRunOfBytesIsRejected", 400, random -> {
            int position = position(random);
            int length = random.nextInt(4) == 0 ? (random.nextBoolean() ? 1 : 16) : 1 + random.nextInt(16);
            byte value = random.nextInt(4) == 0 ? EDGE_BYTES[random.nextInt(EDGE_BYTES.length)]
                    : (byte) random.nextInt(256);
            byte[] mutated = image.clone();
            Arrays.fill(mutated, position, Math.min(mutated.length, position + length), value);
            assertRejected(mutated, length + " bytes of " + value + " at " + position);
        });
    }

    @Test
    void aTruncatedImageIsRejected() {
        Trials.forEach("aTruncatedImageIsRejected", 300, random -> {
            int length = position(random);
            assertRejected(Arrays.copyOf(image, length), "truncated to " + length);
        });
    }

    /** The truncation property can fail: a reader that trusts everything after the header must be caught. */
    @Test
    void theTruncationPropertyCatchesAReaderThatTrustsEverythingAfterTheHeader() {
        assertThrows(AssertionError.class, () -> Trials.forEach("aTruncatedImageIsRejected", 300, random -> {
            int length = position(random);
            assertRejected(HEADER_ONLY, Arrays.copyOf(image, length), "truncated to " + length);
        }));
    }

    @Test
    void insertedOrDeletedBytesAreRejected() {
        Trials.forEach("insertedOrDeletedBytesAreRejected", 300, random -> {
            int position = position(random);
            int delta = random.nextInt(4) == 0 ? EDGE_DELTAS[random.nextInt(EDGE_DELTAS.length)]
                    : random.nextInt(-8, 9);
            byte[] mutated;
            if (delta >= 0) {
                mutated = new byte[image.length + delta];
                System.arraycopy(image, 0, mutated, 0, position);
                Arrays.fill(mutated, position, position + delta, (byte) 0x5A);
                System.arraycopy(image, position, mutated, position + delta, image.length - position);
            } else {
                int cut = Math.min(-delta, image.length - position);
                mutated = new byte[image.length - cut];
                System.arraycopy(image, 0, mutated, 0, position);
                System.arraycopy(image, position + cut, mutated, position, image.length - position - cut);
            }
            assertRejected(mutated, delta + " bytes inserted at " + position);
        });
    }

    @Test
    void aLengthFieldSetToAHugeValueIsRejected() throws IOException {
        Path file = dir.resolve("probe.kkc");
        Files.write(file, image);
        List<Image.Section> sections = ImageCodec.read(file).sections();
        Trials.forEach("aLengthFieldSetToAHugeValueIsRejected", 200, random -> {
            Image.Section s = sections.get(random.nextInt(101) % sections.size());
            int length = huge(random);
            byte[] mutated = image.clone();
            java.nio.ByteBuffer.wrap(mutated).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) s.offset() + ImageDescriptor.SECTION_LENGTH_OFFSET, length);
            assertRejected(mutated, "section " + s.index() + " length " + Integer.toUnsignedString(length));
        });
    }

    @Test
    void theUnmutatedImageReadsBack() throws IOException {
        Path file = dir.resolve("image-000000000001.kkc");
        Files.write(file, image);
        assertArrayEquals(image, Files.readAllBytes(file));
        assertTrue(ImageCodec.read(file).tasks().size() == 3);
    }

    /** A position in the image: uniform, with the edge positions mixed in a quarter of the time. */
    private static int position(SplittableRandom random) {
        return random.nextInt(4) == 0 ? edgePositions[random.nextInt(edgePositions.length)]
                : random.nextInt(image.length);
    }

    /** A length no section can have: past the file, negative, or at and beyond the payload limit. */
    private static int huge(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(image.length, Integer.MAX_VALUE) + random.nextInt(2);
            case 1 -> random.nextInt(Integer.MIN_VALUE, 0);
            case 2 -> new int[] {ImageDescriptor.MAX_SECTION_PAYLOAD, ImageDescriptor.MAX_SECTION_PAYLOAD + 1, -1,
                Integer.MIN_VALUE, Integer.MAX_VALUE, image.length}[random.nextInt(6)];
            default -> random.nextBoolean() ? image.length : Integer.MAX_VALUE;
        };
    }
}
