package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated images: every corruption of a real image (bit flips, overwritten bytes, truncation, inserted and deleted
 * bytes) is rejected with an {@link ImageFormatException} naming an offset inside the file, never another exception,
 * and never accepted.
 */
class ImageFuzzTest {

    private static Path dir;
    private static byte[] image;

    @BeforeContainer
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
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void assertRejected(byte[] mutated, String what) {
        if (Arrays.equals(mutated, image)) {
            return; // the mutation happened to change nothing
        }
        Path file = dir.resolve("image-000000000001.kkc");
        try {
            Files.write(file, mutated);
            Image read = ImageCodec.read(file);
            fail(what + " was accepted: " + read.sections().size() + " sections");
        } catch (ImageFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= mutated.length,
                    what + ": offset " + e.offset() + " outside the " + mutated.length + "-byte file: " + e.getMessage());
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 400)
    void aFlippedBitIsRejected(@ForAll("positions") int position, @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] mutated = image.clone();
        mutated[position] ^= (byte) (1 << bit);
        assertRejected(mutated, "bit " + bit + " flipped at " + position);
    }

    @Property(tries = 400)
    void anOverwrittenRunOfBytesIsRejected(@ForAll("positions") int position,
            @ForAll @IntRange(min = 1, max = 16) int length, @ForAll byte value) {
        byte[] mutated = image.clone();
        Arrays.fill(mutated, position, Math.min(mutated.length, position + length), value);
        assertRejected(mutated, length + " bytes of " + value + " at " + position);
    }

    @Property(tries = 300)
    void aTruncatedImageIsRejected(@ForAll("positions") int length) {
        assertRejected(Arrays.copyOf(image, length), "truncated to " + length);
    }

    @Property(tries = 300)
    void insertedOrDeletedBytesAreRejected(@ForAll("positions") int position,
            @ForAll @IntRange(min = -8, max = 8) int delta) {
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
    }

    @Property(tries = 200)
    void aLengthFieldSetToAHugeValueIsRejected(@ForAll("sectionIndexes") int section, @ForAll("huge") int length)
            throws IOException {
        Path file = dir.resolve("probe.kkc");
        Files.write(file, image);
        Image read = ImageCodec.read(file);
        Image.Section s = read.sections().get(section % read.sections().size());
        byte[] mutated = image.clone();
        java.nio.ByteBuffer.wrap(mutated).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt((int) s.offset() + ImageDescriptor.SECTION_LENGTH_OFFSET, length);
        assertRejected(mutated, "section " + s.index() + " length " + Integer.toUnsignedString(length));
    }

    @Property(tries = 50)
    void theUnmutatedImageReadsBack(@ForAll("positions") int ignored) throws IOException {
        Path file = dir.resolve("image-000000000001.kkc");
        Files.write(file, image);
        assertArrayEquals(image, Files.readAllBytes(file));
        assertTrue(ImageCodec.read(file).tasks().size() == 3);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, image.length - 1);
    }

    @Provide
    Arbitrary<Integer> sectionIndexes() {
        return Arbitraries.integers().between(0, 100);
    }

    @Provide
    Arbitrary<Integer> huge() {
        return Arbitraries.oneOf(Arbitraries.integers().between(image.length, Integer.MAX_VALUE),
                Arbitraries.integers().between(Integer.MIN_VALUE, -1),
                Arbitraries.of(ImageDescriptor.MAX_SECTION_PAYLOAD, ImageDescriptor.MAX_SECTION_PAYLOAD + 1, -1));
    }
}
