package org.kernkit.vfat.internal;

import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.NT_LOWER_BASE;
import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.NT_LOWER_EXTENSION;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.kernkit.vfat.InvalidNameException;

/**
 * Name rules: long-name validation, exact 8.3 names, classic {@code ~N} aliases and patent-safe dummies.
 *
 * <p>Short names are 11-byte arrays (8 base + 3 extension, space padded). A directory's set of taken short names
 * is passed in as {@code Set<String>} of those 11 bytes decoded as ISO-8859-1, so every check is one hash lookup
 * and creating n names costs O(n) checks, not O(n^2).
 */
public final class ShortNames {

    private ShortNames() {}

    /** Characters allowed in an 8.3 name besides A-Z, a-z (case handled separately) and 0-9. */
    private static final String SHORT_SPECIALS = "!#$%&'()-@^_`{}~";
    /** Characters never allowed in a long name (besides controls below 0x20). */
    private static final String LONG_INVALID = "\"*/:<>?\\|";

    /**
     * The 34 byte values a patent-safe dummy draws from: the doc's 35 invalid values (0x01-0x06, 0x0B, 0x0C,
     * 0x0E-0x1F, 0x22, 0x2A, 0x3A, 0x3C, 0x3E, 0x3F, 0x5B, 0x5D, 0x7C) minus 0x05, which the doc also lists as
     * never to be produced (in byte 0 it would read as a name starting with 0xE5).
     */
    static final byte[] DUMMY_FILLER;

    static {
        StringBuilder b = new StringBuilder();
        for (int v = 0x01; v <= 0x06; v++) {
            if (v != 0x05) {
                b.append((char) v);
            }
        }
        b.append((char) 0x0B).append((char) 0x0C);
        for (int v = 0x0E; v <= 0x1F; v++) {
            b.append((char) v);
        }
        b.append("\"*:<>?[]|");
        DUMMY_FILLER = b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A copy of the values dummy filler bytes are drawn from. */
    public static byte[] dummyFillerValues() {
        return DUMMY_FILLER.clone();
    }

    /**
     * Checks that {@code name} may be stored as a long name.
     *
     * @throws InvalidNameException naming the name and the problem
     */
    public static void validateLongName(String name) throws InvalidNameException {
        if (name.isEmpty()) {
            throw new InvalidNameException("empty file name");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidNameException("'" + name + "' cannot be used as a file name");
        }
        if (name.length() > LongNameEntryDescriptor.MAX_NAME_LENGTH) {
            throw new InvalidNameException("name of " + name.length() + " UTF-16 units is longer than FAT's "
                    + LongNameEntryDescriptor.MAX_NAME_LENGTH + ": '" + name.substring(0, 20) + "...'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || LONG_INVALID.indexOf(c) >= 0) {
                throw new InvalidNameException(String.format(
                        "name '%s' contains character U+%04X at index %d, which FAT does not allow", printable(name),
                        (int) c, i));
            }
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || last == ' ') {
            throw new InvalidNameException("name '" + name + "' ends with '" + last
                    + "', which FAT readers strip; refused so the name is stored exactly");
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 ? '?' : c);
        }
        return b.toString();
    }

    private static boolean isShortChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || SHORT_SPECIALS.indexOf(c) >= 0;
    }

    /** An exact 8.3 encoding: the 11 bytes and the NTRes case bits. */
    public record Exact(byte[] shortName, int caseBits) {}

    /**
     * The 8.3 encoding of {@code name} if it is an 8.3 name whose base and extension are each single-case (so the
     * NTRes bits can reproduce it exactly), else {@code null}. Such names need no long name in either mode.
     */
    public static Exact exact(String name) {
        int dot = name.indexOf('.');
        if (dot != name.lastIndexOf('.')) {
            return null;
        }
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (base.isEmpty() || base.length() > 8 || ext.length() > 3 || (dot >= 0 && ext.isEmpty())) {
            return null;
        }
        int baseCase = caseOf(base);
        int extCase = caseOf(ext);
        if (baseCase < 0 || extCase < 0) {
            return null;
        }
        byte[] b = new byte[11];
        java.util.Arrays.fill(b, (byte) ' ');
        String upper = (base.toUpperCase(Locale.ROOT));
        for (int i = 0; i < upper.length(); i++) {
            b[i] = (byte) upper.charAt(i);
        }
        String upperExt = ext.toUpperCase(Locale.ROOT);
        for (int i = 0; i < upperExt.length(); i++) {
            b[8 + i] = (byte) upperExt.charAt(i);
        }
        if ((b[0] & 0xFF) == 0xE5) {
            return null;
        }
        int bits = (baseCase == 2 ? NT_LOWER_BASE : 0) | (extCase == 2 ? NT_LOWER_EXTENSION : 0);
        return new Exact(b, bits);
    }

    /** 0 no letters, 1 all upper, 2 all lower, -1 mixed or not an 8.3 character. */
    private static int caseOf(String s) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isShortChar(c)) {
                return -1;
            }
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
        }
        if (upper && lower) {
            return -1;
        }
        return upper ? 1 : lower ? 2 : 0;
    }

    /** The 11 bytes as a set key. */
    public static String key(byte[] shortName) {
        return new String(shortName, 0, 11, StandardCharsets.ISO_8859_1);
    }

    /** Basis name per fatgen103: base (up to 8) and extension (up to 3), and whether conversion was lossy. */
    record Basis(String base, String ext, boolean lossy) {}

    static Basis basis(String longName) {
        String upper = longName.toUpperCase(Locale.ROOT);
        int lastDot = upper.lastIndexOf('.');
        // Leading dots are stripped, so a name like ".profile" has no extension.
        int firstNonDot = 0;
        while (firstNonDot < upper.length() && upper.charAt(firstNonDot) == '.') {
            firstNonDot++;
        }
        boolean lossy = firstNonDot > 0;
        String basePart;
        String extPart;
        if (lastDot > firstNonDot) {
            basePart = upper.substring(firstNonDot, lastDot);
            extPart = upper.substring(lastDot + 1);
        } else {
            basePart = upper.substring(Math.min(firstNonDot, upper.length()));
            extPart = "";
        }
        StringBuilder base = new StringBuilder();
        int baseChars = 0;
        for (int i = 0; i < basePart.length(); i++) {
            char c = basePart.charAt(i);
            if (c == ' ' || c == '.') {
                lossy = true;
                continue;
            }
            baseChars++;
            if (base.length() < 8) {
                base.append(mapShort(c));
            }
            lossy |= !isShortChar(c);
        }
        StringBuilder ext = new StringBuilder();
        int extChars = 0;
        for (int i = 0; i < extPart.length(); i++) {
            char c = extPart.charAt(i);
            if (c == ' ') {
                lossy = true;
                continue;
            }
            extChars++;
            if (ext.length() < 3) {
                ext.append(mapShort(c));
            }
            lossy |= !isShortChar(c);
        }
        boolean tooLong = baseChars > 8 || extChars > 3;
        if (base.isEmpty()) {
            base.append('_');
            lossy = true;
        }
        return new Basis(base.toString(), ext.toString(), lossy || tooLong);
    }

    private static char mapShort(char c) {
        return isShortChar(c) && !(c >= 'a' && c <= 'z') ? c : '_';
    }

    private static byte[] pack(String base, String ext) {
        byte[] b = new byte[11];
        java.util.Arrays.fill(b, (byte) ' ');
        for (int i = 0; i < base.length() && i < 8; i++) {
            b[i] = (byte) base.charAt(i);
        }
        for (int i = 0; i < ext.length() && i < 3; i++) {
            b[8 + i] = (byte) ext.charAt(i);
        }
        return b;
    }

    /**
     * A classic alias for {@code longName} that is not in {@code taken}: the basis name if it is exact and free,
     * else base (up to 6) + {@code ~1..~9}, else base (up to 2) + 4 hex digits of a name hash + {@code ~1..~9},
     * stepping the hash until free. Each candidate costs one set lookup.
     *
     * @throws IllegalStateException only if all 589 824 hashed candidates are taken, which a directory of at most
     *     65 536 entries cannot reach
     */
    public static byte[] windowsAlias(String longName, Set<String> taken) {
        Basis basis = basis(longName);
        if (!basis.lossy()) {
            byte[] b = pack(basis.base(), basis.ext());
            if (!taken.contains(key(b))) {
                return b;
            }
        }
        for (int n = 1; n <= 9; n++) {
            String tail = "~" + n;
            String base = basis.base().substring(0, Math.min(basis.base().length(), 8 - tail.length())) + tail;
            byte[] b = pack(base, basis.ext());
            if (!taken.contains(key(b))) {
                return b;
            }
        }
        int hash = longName.hashCode();
        hash = (hash ^ (hash >>> 16)) & 0xFFFF;
        String prefix = basis.base().substring(0, Math.min(2, basis.base().length()));
        for (int step = 0; step < 0x10000; step++) {
            String hex = String.format("%04X", (hash + step) & 0xFFFF);
            for (int n = 1; n <= 9; n++) {
                byte[] b = pack(prefix + hex + "~" + n, basis.ext());
                if (!taken.contains(key(b))) {
                    return b;
                }
            }
        }
        throw new IllegalStateException("no free short alias for '" + longName + "'");
    }

    /**
     * A patent-safe dummy for {@code longName}, not in {@code taken}: bytes 0-7 random filler values with one
     * {@code ~} and, for files, one {@code /} at another position; bytes 8-10 the real extension as an 8.3
     * extension. Redrawn on the (astronomically rare) collision, so dummies in one directory are always distinct.
     */
    public static byte[] patentSafeDummy(String longName, boolean directory, Set<String> taken,
            RandomGenerator random) {
        Basis basis = basis(longName);
        for (int attempt = 0; attempt < 64; attempt++) {
            byte[] b = pack("", basis.ext());
            for (int i = 0; i < 8; i++) {
                b[i] = DUMMY_FILLER[random.nextInt(DUMMY_FILLER.length)];
            }
            int tilde = random.nextInt(8);
            b[tilde] = '~';
            if (!directory) {
                int slash = random.nextInt(7);
                if (slash >= tilde) {
                    slash++;
                }
                b[slash] = '/';
            }
            if (!taken.contains(key(b))) {
                return b;
            }
        }
        // A random source that keeps repeating itself must not hang us or yield a duplicate: enumerate the
        // filler bytes 2-7 as base-34 digits (tilde at 0, slash at 1) until a free one is found. A directory holds
        // at most 65 536 entries, so this ends within 65 537 steps.
        for (long counter = 0; ; counter++) {
            byte[] b = pack("", basis.ext());
            b[0] = '~';
            b[1] = directory ? DUMMY_FILLER[0] : (byte) '/';
            long c = counter;
            for (int i = 2; i < 8; i++) {
                b[i] = DUMMY_FILLER[(int) (c % DUMMY_FILLER.length)];
                c /= DUMMY_FILLER.length;
            }
            if (!taken.contains(key(b))) {
                return b;
            }
        }
    }

    /**
     * Whether {@code shortName} could be a patent-safe dummy: bytes 0-7 only filler values plus exactly one
     * {@code ~} and at most one {@code /}.
     */
    public static boolean looksLikeDummy(byte[] shortName, int offset) {
        int tildes = 0;
        int slashes = 0;
        for (int i = 0; i < 8; i++) {
            byte v = shortName[offset + i];
            if (v == '~') {
                tildes++;
            } else if (v == '/') {
                slashes++;
            } else if (!isFiller(v)) {
                return false;
            }
        }
        return tildes == 1 && slashes <= 1;
    }

    private static boolean isFiller(byte v) {
        for (byte f : DUMMY_FILLER) {
            if (f == v) {
                return true;
            }
        }
        return false;
    }

    /** The display form of an 8.3 entry, {@code BASE.EXT}, with the NTRes case bits applied. */
    public static String display(byte[] dir, int offset, int ntRes) {
        StringBuilder b = new StringBuilder(12);
        int baseEnd = 8;
        while (baseEnd > 0 && dir[offset + baseEnd - 1] == ' ') {
            baseEnd--;
        }
        for (int i = 0; i < baseEnd; i++) {
            int v = dir[offset + i] & 0xFF;
            if (i == 0 && v == DirectoryEntryDescriptor.KANJI_E5_MARKER) {
                v = 0xE5;
            }
            char c = oem(v);
            b.append((ntRes & NT_LOWER_BASE) != 0 ? Character.toLowerCase(c) : c);
        }
        int extEnd = 11;
        while (extEnd > 8 && dir[offset + extEnd - 1] == ' ') {
            extEnd--;
        }
        if (extEnd > 8) {
            b.append('.');
            for (int i = 8; i < extEnd; i++) {
                char c = oem(dir[offset + i] & 0xFF);
                b.append((ntRes & NT_LOWER_EXTENSION) != 0 ? Character.toLowerCase(c) : c);
            }
        }
        return b.toString();
    }

    private static final String CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
            + "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0";

    /** Code page 437, the OEM code page of short names written by DOS-era tools and mtools' default. */
    private static char oem(int v) {
        return v < 0x80 ? (char) v : CP437_HIGH.charAt(v - 0x80);
    }
}
