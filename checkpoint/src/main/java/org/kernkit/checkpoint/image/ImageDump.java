package org.kernkit.checkpoint.image;

import java.io.PrintWriter;
import java.time.Instant;
import org.kernkit.checkpoint.device.Signals;

/**
 * Prints an image in readable form, every section in file order with its offset, length and CRC, like CRIU's
 * {@code crit show}. Byte buffers are shown escaped, up to a preview limit. Stateless and thread-safe.
 */
public final class ImageDump {

    private ImageDump() {}

    /**
     * Prints every section of an image.
     *
     * @param image a validated image
     * @param previewBytes most bytes of each buffer or state to show (0 for none)
     * @param out where to print
     */
    public static void print(Image image, int previewBytes, PrintWriter out) {
        long fileLength = image.sections().getLast().offset()
                + ImageDescriptor.sectionLength(image.sections().getLast().length());
        out.printf("%s: %d bytes, format %d, %d sections%n", image.path().getFileName(), fileLength,
                ImageDescriptor.FORMAT_VERSION, image.sections().size());
        int fifo = 0;
        int terminal = 0;
        int output = 0;
        int task = 0;
        for (Image.Section s : image.sections()) {
            out.printf("#%-3d %-9s @%-9d length %-8d crc32c %08x%n", s.index(),
                    ImageDescriptor.sectionName(s.type()), s.offset(), s.length(), s.crc());
            switch (s.type()) {
                case ImageDescriptor.SECTION_HEADER -> out.printf("     sequence %d, written %s, job %s, rounds %d,"
                        + " producer %s%n     run %s, fingerprint %016x%n", image.sequence(),
                        Instant.ofEpochMilli(image.epochMillis()), image.job(), image.rounds(), image.producer(),
                        image.runId(), image.fingerprint());
                case ImageDescriptor.SECTION_CONTAINER -> out.printf("     next task id %d; %d tasks, %d FIFOs,"
                        + " %d terminals, %d outputs; external signals to task %d%n", image.nextTaskId(),
                        image.tasks().size(), image.fifos().size(), image.terminals().size(), image.outputs().size(),
                        image.externalSignalTarget());
                case ImageDescriptor.SECTION_FIFO -> {
                    Image.FifoImage f = image.fifos().get(fifo++);
                    out.printf("     FIFO %s: capacity %d, %d bytes buffered, writer %s%n", f.name(), f.capacity(),
                            f.buffered().length, f.writerClosed() ? "closed" : "open");
                    preview("buffered", f.buffered(), previewBytes, out);
                }
                case ImageDescriptor.SECTION_TERMINAL -> {
                    Image.TerminalImage t = image.terminals().get(terminal++);
                    out.printf("     terminal %s: foreground task %d, output capacity %d%n", t.name(),
                            t.foregroundTask(), t.outputCapacity());
                    preview("edit line", t.editLine(), previewBytes, out);
                    preview("input", t.input(), previewBytes, out);
                    preview("output", t.output(), previewBytes, out);
                }
                case ImageDescriptor.SECTION_OUTPUT -> {
                    Image.OutputImage o = image.outputs().get(output++);
                    out.printf("     output %s: committed length %d%n", o.name(), o.length());
                }
                case ImageDescriptor.SECTION_TASK -> {
                    Image.TaskImage t = image.tasks().get(task);
                    out.printf("     task %d, parent %d, program %s, state version %d, %d bytes%n", t.id(),
                            t.parentId(), t.program(), t.stateVersion(), t.state().length);
                    hex("state", t.state(), previewBytes, out);
                }
                case ImageDescriptor.SECTION_SIGNALS -> {
                    Image.TaskImage t = image.tasks().get(task++);
                    out.printf("     task %d: blocked {%s}, pending %s%n", t.id(),
                            String.join(", ", Signals.names(t.blockedMask())), Signals.names(t.pending()));
                }
                case ImageDescriptor.SECTION_TRAILER -> out.printf("     %d sections before it, magic %016x%n",
                        image.sections().size() - 1, ImageDescriptor.TRAILER_MAGIC);
                default -> out.println("     (unknown)");
            }
        }
        out.flush();
    }

    private static void hex(String what, byte[] bytes, int limit, PrintWriter out) {
        int shown = Math.min(limit, bytes.length);
        for (int row = 0; row < shown; row += 32) {
            StringBuilder s = new StringBuilder();
            for (int i = row; i < Math.min(shown, row + 32); i++) {
                s.append(i % 4 == 0 && i > row ? " " : "").append(String.format("%02x", bytes[i] & 0xFF));
            }
            out.printf("     %s %s%s%n", row == 0 ? what + ":" : " ".repeat(what.length() + 1), s,
                    row + 32 >= shown && shown < bytes.length ? " (+" + (bytes.length - shown) + " bytes)" : "");
        }
    }

    private static void preview(String what, byte[] bytes, int limit, PrintWriter out) {
        if (bytes.length == 0 || limit <= 0) {
            return;
        }
        StringBuilder s = new StringBuilder();
        int shown = Math.min(limit, bytes.length);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        s.append((char) b);
                    } else {
                        s.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        out.printf("     %s: \"%s\"%s%n", what, s, shown < bytes.length ? " (+" + (bytes.length - shown) + " bytes)" : "");
    }
}
