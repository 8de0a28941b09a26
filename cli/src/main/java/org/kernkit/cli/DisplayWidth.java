package org.kernkit.cli;

/**
 * The number of terminal columns a string takes, as {@code wcwidth} counts them: East Asian wide and fullwidth
 * characters take two, combining marks and format characters none, everything else one. Used to align columns and
 * to wrap lines by what a terminal shows, not by {@code String.length()}. Stateless.
 */
public final class DisplayWidth {

    private DisplayWidth() {
    }

    /**
     * Columns taken by {@code text}.
     *
     * @param text any string; control characters count as one column each
     * @return the display width, at least 0
     */
    public static int of(CharSequence text) {
        return text.codePoints().map(DisplayWidth::ofCodePoint).sum();
    }

    /**
     * {@code text} padded with spaces on the right to {@code columns} display columns (unchanged if wider).
     *
     * @param text the text
     * @param columns the width to reach
     * @return the padded text
     */
    public static String padRight(String text, int columns) {
        int width = of(text);
        return width >= columns ? text : text + " ".repeat(columns - width);
    }

    static int ofCodePoint(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x200B) {
            return 0;
        }
        return isWide(cp) ? 2 : 1;
    }

    /** East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt, folded into blocks. */
    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
