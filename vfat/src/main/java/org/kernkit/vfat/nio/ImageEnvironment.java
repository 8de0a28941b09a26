package org.kernkit.vfat.nio;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;

/**
 * The {@code env} map of {@code newFileSystem}, checked whole before anything is opened or created. Values may be
 * strings or the matching Java types ({@link Boolean}, {@link Number}, {@link NamingMode}, {@link FatType}).
 *
 * <p>The keys and their meaning are listed in the package documentation ({@code package-info.java}).
 *
 * <p>An unknown key, a malformed value, a format key without {@code create=true}, or {@code create} with
 * {@code readOnly} is an {@link IllegalArgumentException} naming the key: a typo never passes silently.
 *
 * @param create whether to format a new image when the file is absent
 * @param readOnly whether to open for reading only
 * @param mode the naming mode asked for, or {@code null}
 * @param size the size of a new image in bytes, or 0 when not creating
 * @param format the format options of a new image
 * @param partition the 1-based partition of a partitioned disk that holds the volume, or 0 for a bare image
 */
record ImageEnvironment(boolean create, boolean readOnly, NamingMode mode, long size, FormatOptions format,
        int partition) {

    private static final Set<String> FORMAT_KEYS = Set.of("size", "fatType", "sectorsPerCluster", "label",
            "volumeId", "rootEntries");
    private static final Set<String> KEYS = Set.of("create", "readOnly", "mode", "size", "fatType",
            "sectorsPerCluster", "label", "volumeId", "rootEntries", "partition");

    /**
     * Reads and checks {@code env}.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    static ImageEnvironment of(Map<String, ?> env) {
        for (String key : env.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown FAT file system env key '" + key + "'; known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        boolean create = flag(env, "create");
        boolean readOnly = flag(env, "readOnly");
        if (create && readOnly) {
            throw new IllegalArgumentException("env keys 'create' and 'readOnly' are both true: a new image is "
                    + "opened for writing");
        }
        NamingMode mode = env.get("mode") == null ? null : env.get("mode") instanceof NamingMode m ? m
                : NamingMode.parse(String.valueOf(env.get("mode")));
        int partition = partition(env);
        if (create && partition != 0) {
            throw new IllegalArgumentException("env keys 'create' and 'partition' together: 'create' formats a new"
                    + " bare image; a partition is opened on an existing partitioned disk");
        }
        if (!create) {
            for (String key : FORMAT_KEYS) {
                if (env.containsKey(key)) {
                    throw new IllegalArgumentException("env key '" + key + "' formats a new image and needs "
                            + "'create' = true");
                }
            }
            return new ImageEnvironment(false, readOnly, mode, 0, null, partition);
        }
        if (env.get("size") == null) {
            throw new IllegalArgumentException("env key 'create' needs key 'size' (bytes of the new image)");
        }
        long size = size(String.valueOf(env.get("size")));
        FormatOptions.Builder b = FormatOptions.builder().namingMode(mode == null ? NamingMode.WINDOWS : mode);
        if (env.get("fatType") != null) {
            b.fatType(fatType(String.valueOf(env.get("fatType"))));
        }
        if (env.get("sectorsPerCluster") != null) {
            b.sectorsPerCluster((int) number(env, "sectorsPerCluster"));
        }
        if (env.get("label") != null) {
            b.volumeLabel(String.valueOf(env.get("label")));
        }
        if (env.get("volumeId") != null) {
            b.volumeId((int) number(env, "volumeId"));
        }
        if (env.get("rootEntries") != null) {
            b.rootEntries((int) number(env, "rootEntries"));
        }
        return new ImageEnvironment(true, false, mode, size, b.build(), 0);
    }

    /** The {@code partition} key: absent is 0 (a bare image); else a number from 1. */
    private static int partition(Map<String, ?> env) {
        if (env.get("partition") == null) {
            return 0;
        }
        long n = number(env, "partition");
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("env key 'partition' is '" + env.get("partition")
                    + "'; partitions are numbered from 1");
        }
        return (int) n;
    }

    private static boolean flag(Map<String, ?> env, String key) {
        Object v = env.get(key);
        if (v == null || v instanceof Boolean) {
            return Boolean.TRUE.equals(v);
        }
        return switch (String.valueOf(v).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("env key '" + key + "' is '" + v
                    + "', not true or false");
        };
    }

    private static long number(Map<String, ?> env, String key) {
        Object v = env.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        String text = String.valueOf(v).trim();
        try {
            return text.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("env key '" + key + "' is '" + v + "', not a number", e);
        }
    }

    private static long size(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        int shift = t.endsWith("K") ? 10 : t.endsWith("M") ? 20 : t.endsWith("G") ? 30 : 0;
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("env key 'size' is '" + text + "', not bytes (as 1474560, 64M)", e);
        }
        if (value <= 0 || value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("env key 'size' is '" + text + "', not a positive size");
        }
        return value << shift;
    }

    private static FatType fatType(String text) {
        try {
            return FatType.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("env key 'fatType' is '" + text + "', not FAT12, FAT16 or FAT32", e);
        }
    }
}
