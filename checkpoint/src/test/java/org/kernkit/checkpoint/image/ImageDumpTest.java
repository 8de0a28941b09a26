package org.kernkit.checkpoint.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kernkit.checkpoint.device.Signals;

/**
 * {@link ImageDump}'s text, line by line, over images built as records (the dump reads only the record, so every
 * field can be given a value that no other field shares, and a line that shows the wrong field shows up).
 */
class ImageDumpTest {

    private static final Path PATH = Path.of("/jobs/demo/image-000000000007.kkc");
    private static final UUID RUN = new UUID(0x0123456789abcdefL, 0x0fedcba987654321L);

    /** A builder of images whose sections are laid out one after another, as the codec writes them. */
    private static final class Images {
        final List<Image.FifoImage> fifos = new ArrayList<>();
        final List<Image.TerminalImage> terminals = new ArrayList<>();
        final List<Image.OutputImage> outputs = new ArrayList<>();
        final List<Image.TaskImage> tasks = new ArrayList<>();
        final List<Image.Section> sections = new ArrayList<>();
        long next = ImageDescriptor.PREAMBLE_LENGTH;

        Images section(int type, int length) {
            sections.add(new Image.Section(sections.size(), type, next, length, 0x1000 + sections.size()));
            next += ImageDescriptor.sectionLength(length);
            return this;
        }

        Image image() {
            return new Image(PATH, 7, 86_400_000L, "demo", "kernkit-checkpoint 2; test", 41, RUN, 0xfeedL, 19, 3,
                    fifos, terminals, outputs, tasks, sections);
        }
    }

    /** Dumps through a buffered writer, without flushing it here: what the dump did not flush is not seen. */
    private static List<String> dump(Image image, int previewBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageDump.print(image, previewBytes, new PrintWriter(bytes));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static Image oneSection(int type, int length) {
        return new Images().section(type, length).image();
    }

    private static Image withTrailer(Images images) {
        return images.section(ImageDescriptor.SECTION_TRAILER, ImageDescriptor.TRAILER_PAYLOAD_LENGTH).image();
    }

    @Test
    void firstLineGivesTheFileNameItsLengthTheFormatAndTheSectionCount() {
        Images images = new Images().section(ImageDescriptor.SECTION_HEADER, 100)
                .section(ImageDescriptor.SECTION_CONTAINER, 24);
        Image image = withTrailer(images);
        // The file ends where the trailer section (type, length, payload, CRC) ends.
        long end = 16 + (8 + 100 + 4) + (8 + 24 + 4) + (8 + 20 + 4);
        assertEquals("image-000000000007.kkc: " + end + " bytes, format " + ImageDescriptor.FORMAT_VERSION
                + ", 3 sections", dump(image, 0).getFirst());
    }

    @Test
    void eachSectionLineGivesItsIndexNameOffsetLengthAndCrc() {
        Image image = withTrailer(new Images().section(ImageDescriptor.SECTION_CONTAINER, 300));
        List<String> lines = dump(image, 0);
        assertEquals("#0   CONTAINER @16        length 300      crc32c 00001000", lines.get(1));
        assertEquals(String.format("#1   TRAILER   @%-9d length 20       crc32c 00001001", 16 + 8 + 300 + 4),
                lines.get(3));
    }

    @Test
    void headerSectionShowsTheRunsIdentity() {
        List<String> lines = dump(oneSection(ImageDescriptor.SECTION_HEADER, 90), 0);
        assertEquals("     sequence 7, written " + Instant.ofEpochMilli(86_400_000L) + ", job demo, rounds 41,"
                + " producer kernkit-checkpoint 2; test", lines.get(2));
        assertEquals("     run " + RUN + ", fingerprint 000000000000feed", lines.get(3));
    }

    @Test
    void containerSectionCountsEachKindOfObject() {
        Images images = new Images().section(ImageDescriptor.SECTION_CONTAINER, 24);
        images.fifos.add(new Image.FifoImage("a", 1, false, new byte[0]));
        images.terminals.add(new Image.TerminalImage("t1", 0, 1, new byte[0], new byte[0], new byte[0]));
        images.terminals.add(new Image.TerminalImage("t2", 0, 1, new byte[0], new byte[0], new byte[0]));
        for (int i = 0; i < 3; i++) {
            images.outputs.add(new Image.OutputImage("o" + i, i));
        }
        for (int i = 0; i < 4; i++) {
            images.tasks.add(new Image.TaskImage(i + 1, 0, "p", 1, new byte[0], 0, "w", 0, new int[0]));
        }
        assertEquals("     next task id 19; 4 tasks, 1 FIFOs, 2 terminals, 3 outputs; external signals to task 3",
                dump(images.image(), 0).get(2));
    }

    @Test
    void fifoSectionsShowTheirFifosInFileOrder() {
        Images images = new Images().section(ImageDescriptor.SECTION_FIFO, 10).section(ImageDescriptor.SECTION_FIFO, 10);
        images.fifos.add(new Image.FifoImage("first", 8, false, "abc".getBytes(StandardCharsets.US_ASCII)));
        images.fifos.add(new Image.FifoImage("second", 64, true, new byte[0]));
        List<String> lines = dump(images.image(), 16);
        assertEquals("     FIFO first: capacity 8, 3 bytes buffered, writer open", lines.get(2));
        assertEquals("     buffered: \"abc\"", lines.get(3));
        assertEquals("     FIFO second: capacity 64, 0 bytes buffered, writer closed", lines.get(5));
        assertEquals(6, lines.size(), "an empty buffer shows no preview line");
    }

    @Test
    void terminalSectionShowsItsForegroundTaskCapacityAndThreeBuffers() {
        Images images = new Images().section(ImageDescriptor.SECTION_TERMINAL, 10)
                .section(ImageDescriptor.SECTION_TERMINAL, 10);
        images.terminals.add(new Image.TerminalImage("tty", 5, 16, "ed".getBytes(StandardCharsets.US_ASCII),
                "in\n".getBytes(StandardCharsets.US_ASCII), "out".getBytes(StandardCharsets.US_ASCII)));
        images.terminals.add(new Image.TerminalImage("tty2", 0, 32, new byte[0], new byte[0], new byte[0]));
        List<String> lines = dump(images.image(), 16);
        assertEquals("     terminal tty: foreground task 5, output capacity 16", lines.get(2));
        assertEquals("     edit line: \"ed\"", lines.get(3));
        assertEquals("     input: \"in\\n\"", lines.get(4));
        assertEquals("     output: \"out\"", lines.get(5));
        assertEquals("     terminal tty2: foreground task 0, output capacity 32", lines.get(7));
    }

    @Test
    void outputSectionsShowTheirCommittedLengthsInFileOrder() {
        Images images = new Images().section(ImageDescriptor.SECTION_OUTPUT, 10).section(ImageDescriptor.SECTION_OUTPUT, 10);
        images.outputs.add(new Image.OutputImage("log", 1234));
        images.outputs.add(new Image.OutputImage("data", 5));
        List<String> lines = dump(images.image(), 0);
        assertEquals("     output log: committed length 1234", lines.get(2));
        assertEquals("     output data: committed length 5", lines.get(4));
    }

    @Test
    void eachTaskAndItsSignalsSectionShowTheSameTaskThenTheNext() {
        Images images = new Images().section(ImageDescriptor.SECTION_TASK, 10).section(ImageDescriptor.SECTION_SIGNALS, 10)
                .section(ImageDescriptor.SECTION_TASK, 10).section(ImageDescriptor.SECTION_SIGNALS, 10);
        images.tasks.add(new Image.TaskImage(1, 0, "counter", 2, new byte[] {1, 2}, 0, "w",
                (1L << Signals.SIGUSR1) | (1L << Signals.SIGHUP), new int[] {Signals.SIGUSR1, Signals.SIGHUP}));
        images.tasks.add(new Image.TaskImage(4, 1, "child", 3, new byte[0], 0, "w", 0, new int[0]));
        List<String> lines = dump(images.image(), 0);
        assertEquals("     task 1, parent 0, program counter, state version 2, 2 bytes", lines.get(2));
        assertEquals("     task 1: blocked {SIGHUP, SIGUSR1}, pending [SIGUSR1, SIGHUP]", lines.get(4));
        assertEquals("     task 4, parent 1, program child, state version 3, 0 bytes", lines.get(6));
        assertEquals("     task 4: blocked {}, pending []", lines.get(8));
    }

    @Test
    void trailerSectionCountsTheSectionsBeforeItAndGivesItsMagic() {
        Image image = withTrailer(new Images().section(ImageDescriptor.SECTION_HEADER, 90)
                .section(ImageDescriptor.SECTION_CONTAINER, 24));
        List<String> lines = dump(image, 0);
        assertEquals(String.format("     2 sections before it, magic %016x", ImageDescriptor.TRAILER_MAGIC),
                lines.getLast());
    }

    @Test
    void sectionOfAnUnknownTypeIsShownAsUnknown() {
        List<String> lines = dump(oneSection(99, 4), 0);
        assertTrue(lines.get(1).startsWith("#0   UNKNOWN(99) @16"), lines.get(1));
        assertEquals("     (unknown)", lines.get(2));
    }

    private static String previewOf(byte[] bytes, int previewBytes) {
        Images images = new Images().section(ImageDescriptor.SECTION_FIFO, 10);
        images.fifos.add(new Image.FifoImage("f", 256, false, bytes));
        List<String> lines = dump(images.image(), previewBytes);
        return lines.size() > 3 ? lines.get(3) : null;
    }

    @Test
    void previewEscapesControlQuoteBackslashAndNonAsciiBytes() {
        byte[] bytes = {'\n', '\r', '\t', '\\', '"', 0x1f, ' ', 'A', '~', 0x7f, (byte) 0xff};
        assertEquals("     buffered: \"\\n\\r\\t\\\\\\\"\\x1f A~\\x7f\\xff\"", previewOf(bytes, 64));
    }

    @Test
    void previewShowsAtMostTheLimitAndCountsTheRest() {
        byte[] bytes = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        assertEquals("     buffered: \"abc\" (+5 bytes)", previewOf(bytes, 3));
        assertEquals("     buffered: \"abcdefgh\"", previewOf(bytes, 8), "exactly the limit: nothing is left over");
    }

    @Test
    void previewOfZeroBytesPrintsNoLine() {
        assertEquals(null, previewOf("abc".getBytes(StandardCharsets.US_ASCII), 0));
    }

    private static List<String> stateLines(byte[] state, int previewBytes) {
        Images images = new Images().section(ImageDescriptor.SECTION_TASK, 10);
        images.tasks.add(new Image.TaskImage(1, 0, "p", 1, state, 0, "w", 0, new int[0]));
        List<String> lines = dump(images.image(), previewBytes);
        return lines.subList(3, lines.size());
    }

    private static byte[] counting(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i + 0xf0);
        }
        return bytes;
    }

    @Test
    void stateIsShownInHexInGroupsOfFourBytes() {
        assertEquals(List.of("     state: f0f1f2f3 f4f5"), stateLines(counting(6), 64));
    }

    @Test
    void stateRowsHoldThirtyTwoBytesAndLaterRowsAreIndentedUnderTheFirst() {
        List<String> lines = stateLines(counting(33), 64);
        assertEquals(2, lines.size(), lines.toString());
        String row = "f0f1f2f3 f4f5f6f7 f8f9fafb fcfdfeff 00010203 04050607 08090a0b 0c0d0e0f";
        assertEquals("     state: " + row, lines.get(0));
        assertEquals("            10", lines.get(1));
    }

    @Test
    void stateBeyondTheLimitIsCountedOnTheLastRowShown() {
        assertEquals(List.of("     state: f0f1f2f3 f4 (+3 bytes)"), stateLines(counting(8), 5));
        List<String> twoRows = stateLines(counting(40), 33);
        assertEquals(2, twoRows.size());
        assertFalse(twoRows.get(0).contains("(+"), "only the last row counts what was left out");
        assertEquals("            10 (+7 bytes)", twoRows.get(1));
    }

    @Test
    void stateCutAtTheEndOfAFullRowIsCountedOnThatRow() {
        List<String> lines = stateLines(counting(40), 32);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().endsWith("0c0d0e0f (+8 bytes)"), lines.getFirst());
    }

    @Test
    void stateOfExactlyTheLimitIsNotCountedAsCut() {
        assertEquals(List.of("     state: f0f1f2f3"), stateLines(counting(4), 4));
    }

    @Test
    void stateWithAZeroLimitPrintsNoLine() {
        assertEquals(List.of(), stateLines(counting(4), 0));
    }
}
