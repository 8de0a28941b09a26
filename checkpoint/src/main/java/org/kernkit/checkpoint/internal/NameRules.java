package org.kernkit.checkpoint.internal;

import java.util.regex.Pattern;

/** Which names a container accepts, checked when an object is created and again when an image is read. */
public final class NameRules {

    /** An output is a plain file in the container's directory: no separators, no dot-only names. */
    private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    private NameRules() {}

    /**
     * @param name a proposed output file name
     * @return null if acceptable, else why not
     */
    public static String outputNameProblem(String name) {
        if (!OUTPUT_NAME.matcher(name).matches()) {
            return "output name '" + name + "' is not 1 to 100 of [A-Za-z0-9._-] starting with a letter, digit or _";
        }
        if (name.startsWith("image-") || name.endsWith(".tmp")) {
            return "output name '" + name + "' is reserved for checkpoint images";
        }
        return null;
    }

    /**
     * @param kind "FIFO", "terminal", "program", ...
     * @param name a proposed name
     * @return null if acceptable (1 to 255 UTF-8 bytes), else why not
     */
    public static String objectNameProblem(String kind, String name) {
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > 255) {
            return kind + " name '" + name + "' must be 1 to 255 UTF-8 bytes, is " + bytes;
        }
        return null;
    }
}
