package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageDescriptor;
import org.kernkit.checkpoint.image.ImageFormatException;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.image.RunIdentity;

class ImageFormatTest {

    @TempDir
    Path dir;

    private static final String PRODUCER = "kernkit-checkpoint 2; Java " + Runtime.version();

    /** The image a container of one counter task, one FIFO, one terminal and one output writes, built by hand. */
    private static byte[] handBuiltImage(long epochMillis, java.util.UUID run, long fingerprint) {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.payload().u64(1).u64(epochMillis).str("format").str(PRODUCER).u64(0)
                .u64(run.getMostSignificantBits()).u64(run.getLeastSignificantBits()).u64(fingerprint).bytes());
        image.section(2, ImageBytes.payload().u32(2).u32(1).u32(1).u32(1).u32(1).u32(0).bytes());
        image.section(3, ImageBytes.payload().str("pipe").u32(8).u8(0).blob("abc".getBytes()).bytes());
        image.section(4, ImageBytes.payload().str("tty").u32(1).u32(16).blob("ha".getBytes())
                .blob("line\n".getBytes()).blob("line\nha".getBytes()).bytes());
        image.section(5, ImageBytes.payload().str("out").u64(0).bytes());
        image.section(6, ImageBytes.payload().u32(1).u32(0).str("counter").u32(1)
                .raw(ImageBytes.payload().u64(0).u64(5).u32(0).bytes()).bytes());
        image.section(7, ImageBytes.payload().u32(1).u64(1L << Signals.SIGUSR1).u32(2).u8(Signals.SIGUSR1)
                .u8(Signals.SIGHUP).bytes());
        return image.trailer();
    }

    private static final Job FORMAT = TestJobs.job("format", c -> {
        c.createFifo("pipe", 8).write("abc".getBytes(), 0, 3);
        Terminal t = c.createTerminal("tty", 16);
        t.type("line\nha");
        int id = c.spawn(TestJobs.COUNTER, new TestJobs.Counter(5));
        t.setForegroundTask(id);
        c.setBlockedMask(id, 1L << Signals.SIGUSR1);
        c.kill(id, Signals.SIGUSR1);
        c.kill(id, Signals.SIGHUP);
    });

    @Test
    void theWriterProducesExactlyTheBytesOfTheLayoutTable() throws IOException {
        try (Container c = Container.create(dir, FORMAT, new CheckpointPolicy(Duration.ZERO, 2))) {
            byte[] written = Files.readAllBytes(c.lastImage());
            Image read = ImageCodec.read(c.lastImage());
            // The run id is random; the fingerprint hashes "counter:1\n" (the job's one program and its version).
            assertEquals(c.runIdentity().runId(), read.runId());
            assertArrayEquals(handBuiltImage(read.epochMillis(), read.runId(), Container.fingerprint(FORMAT)),
                    written);
        }
    }

    @Test
    void theReaderDecodesHandBuiltBytes() throws IOException {
        Path file = dir.resolve("image-000000000001.kkc");
        Files.write(file, handBuiltImage(1234, ImageBytes.RUN, 77));
        Image image = ImageCodec.read(file);
        assertEquals(1, image.sequence());
        assertEquals(1234, image.epochMillis());
        assertEquals("format", image.job());
        assertEquals(2, image.nextTaskId());
        assertEquals("pipe", image.fifos().getFirst().name());
        assertArrayEquals("abc".getBytes(), image.fifos().getFirst().buffered());
        assertArrayEquals("ha".getBytes(), image.terminals().getFirst().editLine());
        assertEquals(1, image.tasks().getFirst().id());
        assertArrayEquals(new int[] {Signals.SIGUSR1, Signals.SIGHUP}, image.tasks().getFirst().pending());
        assertEquals(8, image.sections().size());
        assertEquals(ImageDescriptor.SECTION_TRAILER, image.sections().getLast().type());
    }

    @Test
    void theMagicNumbersSpellTheirNames() {
        byte[] header = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(ImageDescriptor.HEADER_MAGIC).array();
        byte[] trailer = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(ImageDescriptor.TRAILER_MAGIC).array();
        assertEquals("KKCKPT\r\n", new String(header, StandardCharsets.US_ASCII));
        assertEquals("KKTRAIL\n", new String(trailer, StandardCharsets.US_ASCII));
    }

    private ImageFormatException rejected(byte[] bytes) throws IOException {
        Path file = dir.resolve("image-000000000001.kkc");
        Files.write(file, bytes);
        return assertThrows(ImageFormatException.class, () -> ImageCodec.read(file));
    }

    private static byte[] minimalImage(byte[]... extraSections) {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, ImageBytes.payload().u32(1).u32(0).u32(0).u32(0).u32(0).u32(0).bytes());
        return image.trailer();
    }

    @Test
    void aSectionClaimingMoreBytesThanTheFileHoldsIsRejectedBeforeAllocating() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        byte[] bytes = image.trailer();
        // Section #1 (the trailer here) claims 1 GiB.
        int at = 16 + 8 + (8 + 8 + 3 + 3 + 8 + 24) + 4; // preamble, header section (type+length, payload, crc)
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at + 4, 1 << 30);
        ImageFormatException e = rejected(bytes);
        assertTrue(e.getMessage().contains("section #1 (TRAILER) at offset " + at), e.getMessage());
        assertTrue(e.getMessage().contains("payload length 1073741824 exceeds the"), e.getMessage());
        assertEquals(at + 4, e.offset());
    }

    @Test
    void aCountLargerThanTheSectionIsRejectedWithItsOffset() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, ImageBytes.payload().u32(2).u32(1).u32(0).u32(0).u32(0).u32(0).bytes());
        image.section(6, ImageBytes.payload().u32(1).u32(0).str("counter").u32(1).bytes());
        image.section(7, ImageBytes.payload().u32(1).u64(0).u32(Integer.MAX_VALUE).bytes());
        ImageFormatException e = rejected(image.trailer());
        assertTrue(e.getMessage().contains("section #3 (SIGNALS)"), e.getMessage());
        assertTrue(e.getMessage().contains("pending signal count 2147483647 x 1 bytes exceeds the 0 bytes remaining"),
                e.getMessage());
    }

    @Test
    void aBlobLongerThanItsSectionIsRejected() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, ImageBytes.payload().u32(1).u32(0).u32(1).u32(0).u32(0).u32(0).bytes());
        image.section(3, ImageBytes.payload().str("f").u32(8).u8(0).u32(-2).bytes());
        ImageFormatException e = rejected(image.trailer());
        assertTrue(e.getMessage().contains("section #2 (FIFO)") && e.getMessage().contains("blob length 4294967294"),
                e.getMessage());
    }

    @Test
    void aFifoHoldingMoreThanItsCapacityIsRejected() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, ImageBytes.payload().u32(1).u32(0).u32(1).u32(0).u32(0).u32(0).bytes());
        image.section(3, ImageBytes.payload().str("f").u32(2).u8(0).blob("abc".getBytes()).bytes());
        ImageFormatException e = rejected(image.trailer());
        assertTrue(e.getMessage().contains("FIFO f holds 3 bytes, more than its capacity 2"), e.getMessage());
    }

    @Test
    void anOutputNameThatLeavesTheDirectoryIsRejected() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, ImageBytes.payload().u32(1).u32(0).u32(0).u32(0).u32(1).u32(0).bytes());
        image.section(5, ImageBytes.payload().str("../etc/passwd").u64(0).bytes());
        ImageFormatException e = rejected(image.trailer());
        assertTrue(e.getMessage().contains("section #2 (OUTPUT)") && e.getMessage().contains("../etc/passwd"),
                e.getMessage());
    }

    @Test
    void aTaskIdAtOrAboveTheNextIdIsRejected() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, ImageBytes.payload().u32(3).u32(1).u32(0).u32(0).u32(0).u32(0).bytes());
        image.section(6, ImageBytes.payload().u32(3).u32(0).str("counter").u32(1).bytes());
        image.section(7, ImageBytes.payload().u32(3).u64(0).u32(0).bytes());
        ImageFormatException e = rejected(image.trailer());
        assertTrue(e.getMessage().contains("task id 3 out of range 1..2"), e.getMessage());
    }

    @Test
    void bytesAfterTheTrailerAreRejected() throws IOException {
        byte[] good = minimalImage();
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
        ImageFormatException e = rejected(longer);
        assertTrue(e.getMessage().contains("3 bytes follow the trailer"), e.getMessage());
    }

    @Test
    void aWrongMagicIsRejectedAtOffsetZero() throws IOException {
        byte[] bytes = minimalImage();
        bytes[0] = 'X';
        ImageFormatException e = rejected(bytes);
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("is not a kernkit checkpoint image"), e.getMessage());
    }

    @Test
    void anUnknownVersionIsRejectedNamingIt() throws IOException {
        byte[] bytes = minimalImage();
        bytes[8] = 9;
        ImageFormatException e = rejected(bytes);
        assertTrue(e.getMessage().contains("format version 9 is not supported"), e.getMessage());
    }

    @Test
    void aTaskStateThatDoesNotDecodeNamesTheTaskAndOffset() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("bad"));
        image.section(2, ImageBytes.payload().u32(2).u32(1).u32(0).u32(0).u32(1).u32(0).bytes());
        image.section(5, ImageBytes.payload().str("out").u64(0).bytes());
        image.section(6, ImageBytes.payload().u32(1).u32(0).str("counter").u32(1).raw(new byte[] {1, 2, 3}).bytes());
        image.section(7, ImageBytes.payload().u32(1).u64(0).u32(0).bytes());
        Files.write(dir.resolve("image-000000000001.kkc"), image.trailer());
        ImageBytes.runRecord("bad").write(dir);
        Files.writeString(dir.resolve("out"), "keep me");
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> Container.restore(dir, TestJobs.job("bad", c -> {}), new CheckpointPolicy(Duration.ZERO, 2)));
        assertTrue(e.getMessage().contains("section #3 (TASK) state of task 1 (counter)"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated u64"), e.getMessage());
        assertEquals("keep me", Files.readString(dir.resolve("out")), "a rejected image changes no output");
    }

    @Test
    void anUnknownProgramIsNamed() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("bad"));
        image.section(2, ImageBytes.payload().u32(2).u32(1).u32(0).u32(0).u32(0).u32(0).bytes());
        image.section(6, ImageBytes.payload().u32(1).u32(0).str("rogue").u32(1).bytes());
        image.section(7, ImageBytes.payload().u32(1).u64(0).u32(0).bytes());
        Files.write(dir.resolve("image-000000000001.kkc"), image.trailer());
        ImageBytes.runRecord("bad").write(dir);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> Container.restore(dir, TestJobs.job("bad", c -> {}), new CheckpointPolicy(Duration.ZERO, 2)));
        assertTrue(e.getMessage().contains("runs program rogue, which job bad does not have"), e.getMessage());
    }

    @Test
    void noValidImageAtAllListsEveryRejection() throws IOException {
        Files.write(dir.resolve("image-000000000001.kkc"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("image-000000000002.kkc"), new byte[0]);
        ImageBytes.runRecord("j").write(dir);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> Container.restore(dir, TestJobs.job("j", c -> {}), new CheckpointPolicy(Duration.ZERO, 2)));
        assertTrue(e.getMessage().contains("image-000000000002.kkc preamble")
                && e.getMessage().contains("image-000000000001.kkc preamble"), e.getMessage());
        assertEquals(2, ImageStore.local(dir).images().size(), "with no usable image, nothing is moved aside");
    }

    @Test
    void theImageStoreListsImagesInSequenceOrderAndIgnoresOtherFiles() throws IOException {
        for (String name : List.of("image-000000000010.kkc", "image-000000000002.kkc", "image-000000000003.kkc.tmp",
                "notes.txt")) {
            Files.write(dir.resolve(name), new byte[0]);
        }
        assertEquals(List.of("image-000000000002.kkc", "image-000000000010.kkc"),
                ImageStore.local(dir).images().stream().map(p -> p.getFileName().toString()).toList());
    }
}
