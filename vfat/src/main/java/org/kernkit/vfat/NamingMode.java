package org.kernkit.vfat;

import java.util.Locale;

/**
 * How new names are stored. Reading always understands both, and images made by other tools.
 *
 * <ul>
 *   <li>{@link #WINDOWS}: a name that is a valid single-case 8.3 name gets only a short entry (case kept via the
 *       NTRes bits); any other name gets long-name entries plus a classic short alias with a {@code ~N} tail,
 *       never equal to another short name in the directory.
 *   <li>{@link #PATENT_SAFE}: version 3 of the 2009 patent workaround: the same single-case 8.3 names get only a
 *       short entry; every other name gets only a long name, whose short field holds a deliberately invalid dummy
 *       (random invalid bytes, one {@code ~}, one {@code /} for files, the real extension, NTRes 0x20), and no two
 *       dummies in one directory are equal.
 * </ul>
 */
public enum NamingMode {
    /** Classic short aliases with {@code ~N} tails. */
    WINDOWS("windows"),
    /** No valid 8.3 alias for long names (Tridgell 2009, version 3), dummies unique per directory. */
    PATENT_SAFE("patent-safe");

    private final String label;

    NamingMode(String label) {
        this.label = label;
    }

    /**
     * The name used on the command line and in URIs: {@code windows} or {@code patent-safe}.
     *
     * @return the lower-case label, accepted back by {@link #parse}
     */
    public String label() {
        return label;
    }

    /**
     * The mode whose {@link #label()} (or enum name) is {@code text}, ignoring case.
     *
     * @param text a label or enum name, in any case
     * @return the matching mode
     * @throws IllegalArgumentException if no mode has that name
     */
    public static NamingMode parse(String text) {
        for (NamingMode mode : values()) {
            if (mode.label.equalsIgnoreCase(text) || mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "naming mode '" + text + "' is unknown; expected 'windows' or 'patent-safe'");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
