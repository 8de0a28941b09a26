package org.kernkit.vfat.nio;

import java.nio.file.InvalidPathException;
import org.kernkit.vfat.InvalidNameException;
import org.kernkit.vfat.internal.ShortNames;

/**
 * The name rules of FAT paths: which names {@code getPath} accepts, which names read from an image can stand in a
 * path at all, and the case rule paths compare by.
 *
 * <p>The case rule is FAT's: each UTF-16 unit upper-cased on its own, like the per-character up-case table of FAT
 * drivers and like the core's lookup, so {@code ß} never turns into {@code SS} and two names that the file system
 * resolves to one entry are equal paths. {@code CaseInsensitivePathEqualityTest} checks this rule against the
 * core's lookup.
 */
final class FatNames {

    private FatNames() {}

    /** The case-folded form of {@code text}: equal folds mean the file system matches the names as one. */
    static String fold(String text) {
        char[] c = text.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toUpperCase(c[i]);
        }
        return new String(c);
    }

    /**
     * Checks one name of a path given by a user: {@code .} and {@code ..} are path syntax; anything else must be a
     * name FAT can store (the core's rules: no control characters, none of {@code "*:<>?\|}, at most 255 units, no
     * trailing dot or space).
     *
     * @throws InvalidPathException naming the whole path, the name and the rule it breaks
     */
    static void requireValidName(String name, String path) {
        if (name.equals(".") || name.equals("..")) {
            return;
        }
        try {
            ShortNames.validateLongName(name);
        } catch (InvalidNameException e) {
            throw new InvalidPathException(path, e.getMessage());
        }
    }

    /**
     * Whether a name read from an image can be one name of a path: it must not be empty, {@code .} or {@code ..},
     * nor hold {@code /}, {@code \} (which the core also reads as a separator) or NUL. Such a name on disk is
     * damage (or an attack: {@code ../../x}); other unusual names written by other tools are accepted, so that a
     * listing shows what is there.
     */
    static boolean isSinglePathName(String storedName) {
        return !storedName.isEmpty() && !storedName.equals(".") && !storedName.equals("..")
                && storedName.indexOf('/') < 0 && storedName.indexOf('\\') < 0 && storedName.indexOf('\0') < 0;
    }
}
