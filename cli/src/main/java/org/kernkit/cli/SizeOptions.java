package org.kernkit.cli;

import picocli.CommandLine.Option;

/**
 * The options of a command that prints sizes: {@code -h}/{@code --human-readable}, as in {@code ls -h} and
 * {@code df -h}, and {@code --help}. A command that mixes this in sets {@code mixinStandardHelpOptions = false},
 * because the standard mixin claims {@code -h} for help; its help stays at {@code --help}.
 *
 * <p>Human-readable sizes use binary units with one decimal ({@code 512 B}, {@code 1.5 KiB}, {@code 3.0 GiB});
 * without {@code -h} a size is the exact number of bytes. JSON output always carries exact bytes.
 */
public final class SizeOptions {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    @Option(names = {"-h", "--human-readable"}, description = "Print sizes in KiB, MiB, GiB (one decimal), not bytes.")
    private boolean humanReadable;

    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    /** Whether {@code -h} was given. */
    public boolean humanReadable() {
        return humanReadable;
    }

    /**
     * {@code bytes} as the command should print it: exact bytes, or in binary units under {@code -h}. A negative
     * value (a length read from a damaged file) is printed exactly either way, so that {@code -h} never hides it.
     */
    public String format(long bytes) {
        return humanReadable && bytes >= 0 ? human(bytes) : Long.toString(bytes);
    }

    /** {@code bytes} with its unit: {@code 4096 bytes}, or under {@code -h} {@code 4.0 KiB}; negative as {@link #format}. */
    public String withUnit(long bytes) {
        return humanReadable && bytes >= 0 ? human(bytes) : bytes + " bytes";
    }

    /**
     * {@code bytes} in the largest binary unit that keeps the number at 1 or more, with one decimal; below 1 KiB,
     * exact bytes. Negative sizes are refused: a size printed by a command is never negative.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static String human(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size is never negative, got " + bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        long whole = bytes >>> (10 * unit);
        long rest = bytes - (whole << (10 * unit));
        // rest < 2^(10*unit) <= 2^60, so the double carries every bit that decides the rounding of one decimal.
        long tenths = Math.round(rest * 10.0 / (1L << (10 * unit)));
        if (tenths == 10) {
            whole++;
            tenths = 0;
            if (whole == 1024 && unit < UNITS.length - 1) {
                unit++;
                whole = 1;
            }
        }
        return whole + "." + tenths + " " + UNITS[unit];
    }
}
