package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageFormatException;

/**
 * The reader's range checks at their edges: for each checked field, the last value inside the range is accepted and
 * the first outside it is refused, with the error's offset at that field. Images are built by hand
 * ({@link ImageBytes}); an accepted image and its refused twin differ in one value only, so the accepted image's
 * section offsets locate the field in the refused one.
 */
class ImageLimitsTest {

    @TempDir
    Path dir;

    private Image read(byte[] bytes) throws IOException {
        return ImageBytes.readAsImage(dir, bytes);
    }

    private ImageFormatException rejected(byte[] bytes) throws IOException {
        return ImageBytes.refusal(dir, bytes);
    }

    /** Asserts that {@code bytes} is refused with a message containing {@code text} at file offset {@code at}. */
    private void refusedAt(byte[] bytes, String text, long at) throws IOException {
        ImageFormatException e = rejected(bytes);
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertEquals(at, e.offset(), e.getMessage());
    }

    /** File offset of section {@code index}'s payload. */
    private static long payload(Image image, int index) {
        return image.sections().get(index).offset() + 8;
    }

    private static ImageBytes.Payload container(int nextTaskId, int tasks, int fifos, int terminals, int outputs,
            int target) {
        return ImageBytes.payload().u32(nextTaskId).u32(tasks).u32(fifos).u32(terminals).u32(outputs).u32(target);
    }

    /** HEADER and the given CONTAINER: sections #0 and #1. */
    private static ImageBytes start(ImageBytes.Payload container) {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header("j"));
        image.section(2, container.bytes());
        return image;
    }

    private static byte[] fifo(int capacity, int buffered) {
        return start(container(1, 0, 1, 0, 0, 0)).section(3, ImageBytes.payload().str("f").u32(capacity).u8(0)
                .blob(new byte[buffered]).bytes()).trailer();
    }

    /** Offset of the FIFO's capacity: after the u16-prefixed name "f". */
    private static final int FIFO_CAPACITY = 2 + 1;

    @Test
    void fifoCapacityRangesFromOneToTheMaximum() throws IOException {
        Image one = read(fifo(1, 0));
        assertEquals(1, one.fifos().getFirst().capacity());
        assertEquals(ImageCodec.MAX_BUFFER_CAPACITY, read(fifo(ImageCodec.MAX_BUFFER_CAPACITY, 0)).fifos().getFirst()
                .capacity());
        long at = payload(one, 2) + FIFO_CAPACITY;
        refusedAt(fifo(0, 0), "FIFO f capacity 0 out of range", at);
        refusedAt(fifo(ImageCodec.MAX_BUFFER_CAPACITY + 1, 0), "capacity 1073741825 out of range", at);
    }

    @Test
    void fifoHoldingExactlyItsCapacityIsAcceptedAndOneByteMoreIsRefusedAtItsBuffer() throws IOException {
        Image full = read(fifo(3, 3));
        assertEquals(3, full.fifos().getFirst().buffered().length);
        refusedAt(fifo(3, 4), "FIFO f holds 4 bytes, more than its capacity 3", payload(full, 2) + FIFO_CAPACITY + 4 + 1);
    }

    private static byte[] terminal(int nextTaskId, int foreground, int capacity, int edit, int input, int output) {
        return start(container(nextTaskId, 0, 0, 1, 0, 0)).section(4, ImageBytes.payload().str("t").u32(foreground)
                .u32(capacity).blob(new byte[edit]).blob(new byte[input]).blob(new byte[output]).bytes()).trailer();
    }

    /** Offset of the terminal's foreground task: after the u16-prefixed name "t". */
    private static final int TERMINAL_FOREGROUND = 2 + 1;

    @Test
    void terminalForegroundTaskRangesFromZeroToTheLastIdGiven() throws IOException {
        Image last = read(terminal(3, 2, 8, 0, 0, 0));
        assertEquals(2, last.terminals().getFirst().foregroundTask());
        assertEquals(0, read(terminal(3, 0, 8, 0, 0, 0)).terminals().getFirst().foregroundTask());
        long at = payload(last, 2) + TERMINAL_FOREGROUND;
        refusedAt(terminal(3, 3, 8, 0, 0, 0), "terminal t foreground task 3 out of range 0..2", at);
        refusedAt(terminal(3, -1, 8, 0, 0, 0), "terminal t foreground task -1 out of range 0..2", at);
    }

    @Test
    void terminalOutputCapacityRangesFromOneToTheMaximum() throws IOException {
        Image one = read(terminal(1, 0, 1, 0, 0, 0));
        assertEquals(1, one.terminals().getFirst().outputCapacity());
        assertEquals(ImageCodec.MAX_BUFFER_CAPACITY,
                read(terminal(1, 0, ImageCodec.MAX_BUFFER_CAPACITY, 0, 0, 0)).terminals().getFirst().outputCapacity());
        long at = payload(one, 2) + TERMINAL_FOREGROUND + 4;
        refusedAt(terminal(1, 0, 0, 0, 0, 0), "terminal t output capacity 0 out of range", at);
        refusedAt(terminal(1, 0, ImageCodec.MAX_BUFFER_CAPACITY + 1, 0, 0, 0), "output capacity 1073741825", at);
    }

    @Test
    void terminalEditLineMayHoldTheLongestLineAndNoMore() throws IOException {
        Image longest = read(terminal(1, 0, 8, Terminal.MAX_LINE, 0, 0));
        assertEquals(Terminal.MAX_LINE, longest.terminals().getFirst().editLine().length);
        refusedAt(terminal(1, 0, 8, Terminal.MAX_LINE + 1, 0, 0), "edit line of 4096 bytes exceeds 4095",
                payload(longest, 2) + TERMINAL_FOREGROUND + 8);
    }

    @Test
    void terminalInputMayHoldItsCapacityAndNoMore() throws IOException {
        Image full = read(terminal(1, 0, 8, 0, Terminal.INPUT_CAPACITY, 0));
        assertEquals(Terminal.INPUT_CAPACITY, full.terminals().getFirst().input().length);
        refusedAt(terminal(1, 0, 8, 0, Terminal.INPUT_CAPACITY + 1, 0), "input of 65537 bytes exceeds 65536",
                payload(full, 2) + TERMINAL_FOREGROUND + 8 + 4);
    }

    @Test
    void terminalOutputMayHoldItsCapacityAndNoMore() throws IOException {
        Image full = read(terminal(1, 0, 8, 0, 0, 8));
        assertEquals(8, full.terminals().getFirst().output().length);
        refusedAt(terminal(1, 0, 8, 0, 0, 9), "output of 9 bytes exceeds its capacity 8",
                payload(full, 2) + TERMINAL_FOREGROUND + 8 + 4 + 4);
    }

    private static byte[] output(long length) {
        return start(container(1, 0, 0, 0, 1, 0)).section(5, ImageBytes.payload().str("out").u64(length).bytes())
                .trailer();
    }

    @Test
    void outputLengthMayBeZeroButNotNegative() throws IOException {
        Image empty = read(output(0));
        assertEquals(0, empty.outputs().getFirst().length());
        refusedAt(output(-1), "output out length -1 is negative", payload(empty, 2) + 2 + 3);
    }

    private static byte[] target(int nextTaskId, int target) {
        return start(container(nextTaskId, 0, 0, 0, 0, target)).trailer();
    }

    @Test
    void externalSignalTargetRangesFromZeroToTheLastIdGiven() throws IOException {
        Image last = read(target(3, 2));
        assertEquals(2, last.externalSignalTarget());
        assertEquals(0, read(target(1, 0)).externalSignalTarget());
        long at = payload(last, 1) + 5 * 4;
        refusedAt(target(3, 3), "external signal target 3 out of range 0..2", at);
        refusedAt(target(3, -1), "external signal target -1 out of range 0..2", at);
    }

    @Test
    void nextTaskIdBelowOneIsRefusedAtTheContainersStart() throws IOException {
        Image one = read(target(1, 0));
        assertEquals(1, one.nextTaskId());
        refusedAt(target(0, 0), "next task id 0 must be at least 1", payload(one, 1));
    }

    @Test
    void objectCountsThatCannotFitInTheFileAreRefusedAtTheCounts() throws IOException {
        long size = start(container(1, 0, 0, 0, 0, 0)).trailer().length;
        // Every object needs a section of at least 12 bytes: size / 12 objects could fit, one more could not.
        int most = (int) (size / 12);
        ImageFormatException fits = rejected(start(container(1, 0, most, 0, 0, 0)).trailer());
        assertTrue(fits.getMessage().contains("disagree with the sections found"), fits.getMessage());
        long at = payload(read(start(container(1, 0, 0, 0, 0, 0)).trailer()), 1) + 4;
        refusedAt(start(container(1, 0, most + 1, 0, 0, 0)).trailer(), "cannot fit in a " + size + "-byte image", at);
        refusedAt(start(container(1, 0, 0, 0, -1, 0)).trailer(), "outputs=-1 cannot fit", at);
    }

    private static byte[] sequence(long sequence) {
        ImageBytes image = new ImageBytes();
        image.section(1, ImageBytes.header(sequence, 0, "j", "p", 0));
        image.section(2, container(1, 0, 0, 0, 0, 0).bytes());
        return image.trailer();
    }

    @Test
    void aNegativeSequenceIsRefusedAtTheSequence() throws IOException {
        Image zero = read(sequence(0));
        assertEquals(0, zero.sequence());
        refusedAt(sequence(-1), "negative sequence -1", payload(zero, 0));
    }

    private static byte[] task(int nextTaskId, int id, int parent) {
        return start(container(nextTaskId, 1, 0, 0, 0, 0))
                .section(6, ImageBytes.payload().u32(id).u32(parent).str("counter").u32(1).bytes())
                .section(7, ImageBytes.payload().u32(id).u64(0).u32(0).bytes()).trailer();
    }

    @Test
    void taskIdRangesFromOneToTheLastIdGiven() throws IOException {
        Image last = read(task(3, 2, 0));
        assertEquals(2, last.tasks().getFirst().id());
        assertEquals(1, read(task(3, 1, 0)).tasks().getFirst().id());
        refusedAt(task(3, 0, 0), "task id 0 out of range 1..2", payload(last, 2));
    }

    @Test
    void taskParentRangesFromZeroToTheLastIdGivenButIsNeverTheTaskItself() throws IOException {
        Image last = read(task(4, 2, 3));
        assertEquals(3, last.tasks().getFirst().parentId());
        long at = payload(last, 2) + 4;
        refusedAt(task(4, 2, 4), "task 2 parent id 4 out of range 0..3 (and not itself)", at);
        refusedAt(task(4, 2, -1), "task 2 parent id -1 out of range", at);
        refusedAt(task(4, 2, 2), "task 2 parent id 2 out of range", at);
    }

    private static ImageBytes.Payload taskPayload(int id) {
        return ImageBytes.payload().u32(id).u32(0).str("counter").u32(1);
    }

    private static ImageBytes.Payload signals(int id, int... pending) {
        ImageBytes.Payload p = ImageBytes.payload().u32(id).u64(0).u32(pending.length);
        for (int signal : pending) {
            p.u8(signal);
        }
        return p;
    }

    @Test
    void taskIdsMustRiseFromSectionToSection() throws IOException {
        byte[] rising = start(container(4, 2, 0, 0, 0, 0)).section(6, taskPayload(1).bytes())
                .section(7, signals(1).bytes()).section(6, taskPayload(3).bytes()).section(7, signals(3).bytes())
                .trailer();
        Image image = read(rising);
        assertEquals(3, image.tasks().getLast().id());
        byte[] repeated = start(container(4, 2, 0, 0, 0, 0)).section(6, taskPayload(1).bytes())
                .section(7, signals(1).bytes()).section(6, taskPayload(1).bytes()).section(7, signals(1).bytes())
                .trailer();
        refusedAt(repeated, "task id 1 not above the previous task id 1", payload(image, 4));
    }

    private static byte[] pending(int... signals) {
        return start(container(2, 1, 0, 0, 0, 0)).section(6, taskPayload(1).bytes())
                .section(7, signals(1, signals).bytes()).trailer();
    }

    @Test
    void pendingSignalsRangeFromOneToTheLastSignalNumber() throws IOException {
        Image image = read(pending(1, Signals.MAX_SIGNAL));
        assertEquals(2, image.tasks().getFirst().pending().length);
        long first = payload(image, 3) + 4 + 8 + 4;
        refusedAt(pending(0), "pending signal 0 out of range 1..63", first);
        refusedAt(pending(1, Signals.MAX_SIGNAL + 1), "pending signal 64 out of range 1..63", first + 1);
    }

    @Test
    void aTaskMayHaveTheMostPendingSignalsAndNoMore() throws IOException {
        int[] most = new int[Signals.MAX_PENDING];
        java.util.Arrays.fill(most, Signals.SIGUSR1);
        Image image = read(pending(most));
        assertEquals(Signals.MAX_PENDING, image.tasks().getFirst().pending().length);
        int[] tooMany = new int[Signals.MAX_PENDING + 1];
        java.util.Arrays.fill(tooMany, Signals.SIGUSR1);
        refusedAt(pending(tooMany), "pending signal count 1025 exceeds 1024", payload(image, 3) + 12);
    }

    @Test
    void signalsForAnotherTaskThanTheOneBeforeAreRefused() throws IOException {
        Image image = read(pending());
        byte[] other = start(container(3, 1, 0, 0, 0, 0)).section(6, taskPayload(1).bytes())
                .section(7, signals(2).bytes()).trailer();
        refusedAt(other, "signals for task 2 follow task 1", payload(image, 3));
    }

    @Test
    void aBlockedSigkillIsDroppedWhenRead() throws IOException {
        byte[] bytes = start(container(2, 1, 0, 0, 0, 0)).section(6, taskPayload(1).bytes())
                .section(7, ImageBytes.payload().u32(1).u64(-1L).u32(0).bytes()).trailer();
        assertEquals(-1L & ~Signals.mask(Signals.SIGKILL), read(bytes).tasks().getFirst().blockedMask());
    }

    @Test
    void aWrongTrailerMagicIsRefusedAtTheMagic() throws IOException {
        Image good = read(start(container(1, 0, 0, 0, 0, 0)).trailer());
        byte[] bad = start(container(1, 0, 0, 0, 0, 0)).trailer("KKTRAIL?".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        refusedAt(bad, "trailer magic 0x", payload(good, 2) + 4 + 8);
    }
}
