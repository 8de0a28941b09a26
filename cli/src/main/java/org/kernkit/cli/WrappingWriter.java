package org.kernkit.cli;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that keeps every line it passes on within a number of display columns ({@link DisplayWidth}): a longer
 * line is broken at its last space that fits, and the continuation is indented four columns past the line's own
 * indentation. A single word wider than the limit is passed on whole rather than cut. Lines are held until their
 * end-of-line, then written; {@link #flush} passes on a partial line as it is. Not thread-safe: one writer per
 * output, as a {@link java.io.PrintWriter} is used.
 */
public final class WrappingWriter extends Writer {

    private final Writer out;
    private final int columns;
    private final StringBuilder line = new StringBuilder();

    /**
     * A writer onto {@code out} that keeps lines within {@code columns}.
     *
     * @param out where the wrapped lines go; owned by the caller, closed by {@link #close}
     * @param columns the most display columns a line may take, at least 20
     * @throws IllegalArgumentException if {@code columns < 20}
     */
    public WrappingWriter(Writer out, int columns) {
        if (columns < 20) {
            throw new IllegalArgumentException("columns must be at least 20, got " + columns);
        }
        this.out = out;
        this.columns = columns;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                out.write(wrap(line.toString(), columns));
                out.write('\n');
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    /**
     * {@code text} (one line, without its end-of-line) broken into lines of at most {@code columns} display columns.
     *
     * @param text the line
     * @param columns the most display columns a line may take
     * @return the lines joined by {@code '\n'}
     */
    static String wrap(String text, int columns) {
        if (DisplayWidth.of(text) <= columns) {
            return text;
        }
        int indent = 0;
        while (indent < text.length() && text.charAt(indent) == ' ') {
            indent++;
        }
        String continuation = " ".repeat(Math.min(indent + 4, columns / 2));
        StringBuilder result = new StringBuilder();
        String rest = text.substring(indent);
        String prefix = text.substring(0, indent);
        while (DisplayWidth.of(prefix + rest) > columns) {
            int cut = lastBreakThatFits(prefix, rest, columns);
            if (cut <= 0) {
                cut = rest.indexOf(' '); // a first word wider than the line: keep it whole on its own line
                if (cut <= 0) {
                    break;
                }
            }
            result.append(prefix).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut).stripLeading();
            prefix = continuation;
        }
        return result.append(prefix).append(rest).toString();
    }

    private static int lastBreakThatFits(String prefix, String rest, int columns) {
        int best = -1;
        int width = DisplayWidth.of(prefix);
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == ' ' && i > 0 && rest.charAt(i - 1) != ' ') {
                if (width <= columns) {
                    best = i;
                } else {
                    break;
                }
            }
            width += DisplayWidth.ofCodePoint(rest.codePointAt(i));
            if (Character.isHighSurrogate(rest.charAt(i))) {
                i++;
            }
        }
        return best;
    }

    @Override
    public void flush() throws IOException {
        if (!line.isEmpty()) {
            out.write(line.toString());
            line.setLength(0);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        out.close();
    }
}
