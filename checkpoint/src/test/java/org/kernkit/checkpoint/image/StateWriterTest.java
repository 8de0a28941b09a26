package org.kernkit.checkpoint.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StateWriter}'s byte layout, its growth, and the spilling writer's hand-over to the image file. */
class StateWriterTest {

    private static byte[] written(StateWriter out) {
        return Arrays.copyOf(out.array(), out.position());
    }

    @Test
    void negativeInitialCapacityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StateWriter(-1));
    }

    @Test
    void bufferStartsAtTheInitialCapacityButNeverBelowSixteenBytes() {
        assertEquals(16, new StateWriter(0).array().length);
        assertEquals(16, new StateWriter(15).array().length);
        assertEquals(17, new StateWriter(17).array().length);
    }

    @Test
    void numbersAreWrittenLittleEndianOneAfterAnother() {
        StateWriter out = new StateWriter(0);
        out.putByte(0x1ab);
        out.putBoolean(true);
        out.putBoolean(false);
        out.putInt(0x04030201);
        out.putLong(0x0c0b0a0908070605L);
        assertArrayEquals(new byte[] {(byte) 0xab, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, written(out));
    }

    @Test
    void aFullBufferDoublesAndKeepsWhatWasWritten() {
        StateWriter out = new StateWriter(16);
        for (int i = 0; i < 17; i++) {
            out.putByte(i);
        }
        assertEquals(32, out.array().length, "the buffer doubles (amortised O(1) appends)");
        for (int i = 0; i < 17; i++) {
            assertEquals(i, out.array()[i]);
        }
    }

    @Test
    void aBufferFilledExactlyIsNotGrown() {
        StateWriter out = new StateWriter(16);
        out.putLong(1);
        out.putLong(2);
        assertEquals(16, out.array().length);
    }

    @Test
    void everyKindOfWriteGrowsAFullBuffer() {
        StateWriter out = new StateWriter(16);
        out.putRaw(new byte[16], 0, 16);
        out.putInt(0x01020304);
        assertEquals(32, out.array().length, "putInt grew it");
        out.putRaw(new byte[12], 0, 12);
        out.putName("n");
        assertEquals(64, out.array().length, "putName grew it for its length");
        assertEquals(16 + 4 + 12 + 3, out.position());
    }

    @Test
    void aWriteLongerThanDoubleTheBufferGrowsItToFit() {
        StateWriter out = new StateWriter(16);
        out.putRaw(new byte[40], 0, 40);
        assertEquals(40, out.array().length);
        assertEquals(40, out.position());
    }

    @Test
    void rawBytesAreCopiedFromTheGivenRangeWithoutALength() {
        StateWriter out = new StateWriter(0);
        out.putRaw(new byte[] {9, 1, 2, 3, 9}, 1, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, written(out));
    }

    @Test
    void aRawOrBlobRangeOutsideTheArrayIsRefused() {
        StateWriter out = new StateWriter(0);
        assertThrows(IndexOutOfBoundsException.class, () -> out.putRaw(new byte[3], 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> out.putBlob(new byte[3], 2, 2));
        assertEquals(0, out.position(), "a refused blob writes no length either");
    }

    @Test
    void aBlobIsItsLengthThenItsBytes() {
        StateWriter out = new StateWriter(0);
        out.putBlob(new byte[] {7, 8});
        out.putBlob(new byte[] {0, 5, 6, 0}, 1, 2);
        assertArrayEquals(new byte[] {2, 0, 0, 0, 7, 8, 2, 0, 0, 0, 5, 6}, written(out));
    }

    @Test
    void aStringIsAU32LengthThenItsUtf8() {
        StateWriter out = new StateWriter(0);
        out.putString("é!");
        assertArrayEquals(new byte[] {3, 0, 0, 0, (byte) 0xc3, (byte) 0xa9, '!'}, written(out));
    }

    @Test
    void aNameIsAU16LengthThenItsUtf8() {
        StateWriter out = new StateWriter(0);
        out.putName("ab");
        assertArrayEquals(new byte[] {2, 0, 'a', 'b'}, written(out));
    }

    @Test
    void aNameOfTheLongestAllowedLengthIsWrittenAndOneByteMoreIsRefused() {
        StateWriter out = new StateWriter(0);
        out.putName("x".repeat(ImageDescriptor.MAX_NAME_BYTES));
        assertEquals(2 + ImageDescriptor.MAX_NAME_BYTES, out.position());
        assertEquals((byte) ImageDescriptor.MAX_NAME_BYTES, out.array()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> out.putName("y".repeat(ImageDescriptor.MAX_NAME_BYTES + 1)));
        assertEquals("string of 256 UTF-8 bytes exceeds 255: " + "y".repeat(40) + "...", e.getMessage());
    }

    @Test
    void putIntAtOverwritesInPlaceAndResetStartsAgainAtZero() {
        StateWriter out = new StateWriter(0);
        out.putLong(0);
        out.putIntAt(2, 0x04030201);
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 4, 0, 0}, written(out));
        out.reset();
        assertEquals(0, out.position());
        out.putByte(5);
        assertArrayEquals(new byte[] {5}, written(out));
    }

    /** Records what a spilling writer hands over, in order, as "spill:<bytes>" and "direct:<bytes>". */
    private static final class Recorder implements StateWriter.Spill {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream file = new ByteArrayOutputStream();

        @Override
        public void spill(byte[] buffer, int length) {
            events.add("spill:" + length);
            file.write(buffer, 0, length);
        }

        @Override
        public void direct(byte[] bytes, int offset, int length) {
            events.add("direct:" + length);
            file.write(bytes, offset, length);
        }
    }

    @Test
    void aSpillingWriterHandsOverAFullBufferAndStartsAgainAtZero() {
        Recorder file = new Recorder();
        StateWriter out = new StateWriter(8, file);
        out.putInt(0x04030201);
        out.putInt(0x08070605);
        assertEquals(List.of(), file.events, "a buffer that is exactly full is not spilled yet");
        out.putByte(9);
        assertEquals(List.of("spill:8"), file.events);
        assertEquals(1, out.position());
        assertEquals(8, out.array().length, "a spilling writer does not grow");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, file.file.toByteArray());
    }

    @Test
    void aSpillingWriterWithAnEmptyBufferGrowsForAWriteLargerThanItInsteadOfSpillingNothing() {
        Recorder file = new Recorder();
        StateWriter out = new StateWriter(4, file);
        out.putLong(1);
        assertEquals(List.of(), file.events);
        assertEquals(8, out.position());
    }

    @Test
    void aSpillingWritersLargeRawRunGoesToTheFileDirectlyAfterWhatWasBuffered() {
        Recorder file = new Recorder();
        StateWriter out = new StateWriter(16, file);
        out.putByte(1);
        out.putRaw(new byte[] {0, 2, 3, 4, 5, 6}, 1, 5);
        assertEquals(List.of("spill:1", "direct:5"), file.events);
        assertEquals(0, out.position());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, file.file.toByteArray());
    }

    @Test
    void aSpillingWritersRawRunOfAQuarterOfTheBufferIsBuffered() {
        Recorder file = new Recorder();
        StateWriter out = new StateWriter(16, file);
        out.putRaw(new byte[] {1, 2, 3, 4}, 0, 4);
        assertEquals(List.of(), file.events);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, written(out));
    }

    @Test
    void stringsAndBlobsReadBackThroughTheStateReader() throws ImageFormatException {
        StateWriter out = new StateWriter(0);
        out.putString("naïve");
        out.putBlob(new byte[] {1, 2, 3});
        byte[] bytes = written(out);
        StateReader in = new StateReader(bytes, 0, bytes.length, "test", 0);
        assertEquals("naïve", in.getString());
        assertArrayEquals(new byte[] {1, 2, 3}, in.getBlob());
        assertEquals(0, in.remaining());
        assertEquals("naïve".getBytes(StandardCharsets.UTF_8).length + 4 + 3 + 4, bytes.length);
    }
}
