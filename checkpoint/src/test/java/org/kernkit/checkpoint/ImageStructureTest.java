package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageFormatException;

/**
 * The reader's checks of an image's structure rather than its values: the order of sections, a file that ends too
 * early (torn) or holds a section's payload with bytes left over, and a trailer that disagrees with what precedes it.
 * Images are built by hand ({@link ImageBytes}).
 */
class ImageStructureTest {

    @TempDir
    Path dir;

    private Image read(byte[] bytes) throws IOException {
        return ImageBytes.readAsImage(dir, bytes);
    }

    private ImageFormatException rejected(byte[] bytes) throws IOException {
        return ImageBytes.refusal(dir, bytes);
    }

    private void refused(byte[] bytes, String text) throws IOException {
        ImageFormatException e = rejected(bytes);
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    private static byte[] container(int nextTaskId, int tasks, int fifos) {
        return ImageBytes.payload().u32(nextTaskId).u32(tasks).u32(fifos).u32(0).u32(0).u32(0).bytes();
    }

    private static final byte[] FIFO = ImageBytes.payload().str("f").u32(4).u8(0).blob(new byte[0]).bytes();
    private static final byte[] TASK = ImageBytes.payload().u32(1).u32(0).str("counter").u32(1).bytes();
    private static final byte[] SIGNALS = ImageBytes.payload().u32(1).u64(0).u32(0).bytes();

    @Test
    void theFirstSectionMustBeTheHeader() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(2, container(1, 0, 0));
        refused(image.trailer(), "section out of order: the first section must be HEADER");
    }

    @Test
    void theSecondSectionMustBeTheContainer() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(3, FIFO);
        refused(image.trailer(), "section out of order: the second section must be CONTAINER");
    }

    @Test
    void aSecondHeaderOrContainerIsRefused() throws IOException {
        ImageBytes twoHeaders = new ImageBytes();
        twoHeaders.section(1, ImageBytes.header("j"));
        twoHeaders.section(2, container(1, 0, 0));
        twoHeaders.section(1, ImageBytes.header("j"));
        refused(twoHeaders.trailer(), "section out of order: a second HEADER section");
        ImageBytes twoContainers = new ImageBytes();
        twoContainers.section(1, ImageBytes.header("j"));
        twoContainers.section(2, container(1, 0, 0));
        twoContainers.section(2, container(1, 0, 0));
        refused(twoContainers.trailer(), "section out of order: a second CONTAINER section");
    }

    @Test
    void aTaskMustBeFollowedByItsSignals() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container(3, 2, 0));
        image.section(6, TASK);
        image.section(6, ImageBytes.payload().u32(2).u32(0).str("counter").u32(1).bytes());
        refused(image.trailer(), "section out of order: task 1 must be followed by its SIGNALS section");
    }

    @Test
    void signalsMustFollowATask() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container(2, 0, 0));
        image.section(7, SIGNALS);
        refused(image.trailer(), "section out of order: a SIGNALS section must follow a TASK section");
    }

    @Test
    void sharedObjectsMustComeBeforeTheFirstTask() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container(2, 1, 1));
        image.section(6, TASK);
        image.section(7, SIGNALS);
        image.section(3, FIFO);
        refused(image.trailer(), "section out of order: shared objects must come before the first TASK");
    }

    @Test
    void aSectionWithBytesAfterItsLastFieldIsRefused() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container(1, 0, 1));
        image.section(3, ImageBytes.payload().raw(FIFO).u8(0).bytes());
        refused(image.trailer(), "section #2 (FIFO)");
        refused(image.trailer(), "1 unexpected bytes after the last field");
    }

    @Test
    void aFileOfOnlyThePreambleIsTornNotTooShort() throws IOException {
        byte[] preamble = Arrays.copyOf(new ImageBytes().trailer(), 16);
        ImageFormatException e = rejected(preamble);
        assertTrue(e.getMessage().contains("torn image, 0 bytes remain"), e.getMessage());
        ImageFormatException shorter = rejected(Arrays.copyOf(preamble, 15));
        assertTrue(shorter.getMessage().contains("image is 15 bytes, shorter than the 16-byte preamble"),
                shorter.getMessage());
    }

    /** A valid image of a header and a container, cut before its trailer. */
    private static byte[] withoutTrailer() {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container(1, 0, 0));
        byte[] whole = image.trailer();
        return Arrays.copyOf(whole, whole.length - (8 + 20 + 4));
    }

    @Test
    void fewerBytesThanTheSmallestSectionAfterTheLastOneAreATornImageAtThatOffset() throws IOException {
        byte[] cut = withoutTrailer();
        ImageFormatException e = rejected(Arrays.copyOf(cut, cut.length + 11));
        assertTrue(e.getMessage().contains("section #2 at offset " + cut.length + ": torn image, 11 bytes remain"),
                e.getMessage());
        assertEquals(cut.length, e.offset());
    }

    @Test
    void exactlyTheSmallestSectionsBytesAreReadAsASection() throws IOException {
        byte[] cut = withoutTrailer();
        // Twelve zero bytes: a section header of type 0 and length 0, and a CRC. Read as a section, it is of an
        // unknown type.
        ImageFormatException e = rejected(Arrays.copyOf(cut, cut.length + 12));
        assertTrue(e.getMessage().contains("unknown section type 0"), e.getMessage());
    }

    @Test
    void aSectionClaimingOneByteMoreThanTheFileHoldsIsRefused() throws IOException {
        byte[] cut = withoutTrailer();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(1);
        byte[] tooLong = Arrays.copyOf(cut, cut.length + 12);
        System.arraycopy(head.array(), 0, tooLong, cut.length, 8);
        refused(tooLong, "payload length 1 exceeds the 0 bytes remaining");
    }

    @Test
    void aTrailerThatMiscountsTheSectionsBeforeItIsRefused() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container(1, 0, 0));
        byte[] good = image.trailer();
        Image read = read(good);
        long trailerAt = read.sections().getLast().offset();
        ImageBytes miscounted = new ImageBytes();
        miscounted.section(1, ImageBytes.header("j"));
        miscounted.section(2, container(1, 0, 0));
        miscounted.section(8, ImageBytes.payload().u32(3).u64(trailerAt).raw("KKTRAIL\n".getBytes()).bytes());
        // That trailer ends the file; the reader must not look for another trailer.
        refused(bytesOf(miscounted), "trailer says 3 sections before it at offset " + trailerAt + ", found 2");
        ImageBytes misplaced = new ImageBytes();
        misplaced.section(1, ImageBytes.header("j"));
        misplaced.section(2, container(1, 0, 0));
        misplaced.section(8, ImageBytes.payload().u32(2).u64(trailerAt + 1).raw("KKTRAIL\n".getBytes()).bytes());
        refused(bytesOf(misplaced), "trailer says 2 sections before it at offset " + (trailerAt + 1));
    }

    @Test
    void aTrailerWithAPayloadOfTheWrongLengthIsRefused() throws IOException {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container(1, 0, 0));
        image.section(8, ImageBytes.payload().u32(2).u64(0).bytes());
        refused(bytesOf(image), "trailer payload is 12 bytes, expected 20");
    }

    private static byte[] bytesOf(ImageBytes image) {
        return image.bytes();
    }
}
