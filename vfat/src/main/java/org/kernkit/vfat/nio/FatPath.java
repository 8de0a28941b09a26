package org.kernkit.vfat.nio;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path in a {@link FatNioFileSystem}: {@code /}-separated names, absolute when it starts with {@code /}.
 * Immutable and thread-safe.
 *
 * <p>Names follow FAT's rules: {@link FatNioFileSystem#getPath} refuses a name FAT cannot store with
 * {@link java.nio.file.InvalidPathException}. Equality, {@link #hashCode}, {@link #compareTo}, {@link #startsWith},
 * {@link #endsWith} and {@link #relativize} follow the file system's case rule (each UTF-16 unit upper-cased, as the
 * lookup does), so {@code /A.TXT} and {@code /a.txt} are equal paths of one file; {@link #toString} keeps the case
 * as given, and {@link #toRealPath} gives the case stored on disk.
 */
public final class FatPath implements Path {

    private final FatNioFileSystem fs;
    private final boolean absolute;
    private final String[] names;
    /** The case-folded text: what equality, hashing and ordering compare. */
    private final String key;

    /**
     * A path parsed from {@code text}.
     *
     * @throws java.nio.file.InvalidPathException if a name is not a valid FAT name
     */
    FatPath(FatNioFileSystem fs, String text) {
        this(fs, text.startsWith("/"), Arrays.stream(text.split("/")).filter(s -> !s.isEmpty())
                .toArray(String[]::new));
        for (String name : names) {
            FatNames.requireValidName(name, text);
        }
    }

    private FatPath(FatNioFileSystem fs, boolean absolute, String[] names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = names;
        this.key = FatNames.fold(toString());
    }

    /**
     * The entry {@code storedName} of the directory {@code dir}, for listings: the name is one name as read from
     * the image, never parsed (the caller has checked it with {@link FatNames#isSinglePathName}).
     */
    static FatPath child(FatPath dir, String storedName) {
        String[] joined = Arrays.copyOf(dir.names, dir.names.length + 1);
        joined[dir.names.length] = storedName;
        return new FatPath(dir.fs, dir.absolute, joined);
    }

    /** The names, for the provider. */
    String[] names() {
        return names.clone();
    }

    private FatPath check(Path other) {
        if (!(other instanceof FatPath p) || p.fs != fs) {
            throw new ProviderMismatchException("path " + other + " is not of the same FAT file system");
        }
        return p;
    }

    @Override
    public FatNioFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public Path getRoot() {
        return absolute ? new FatPath(fs, true, new String[0]) : null;
    }

    @Override
    public Path getFileName() {
        return names.length == 0 ? null : new FatPath(fs, false, new String[] {names[names.length - 1]});
    }

    @Override
    public Path getParent() {
        if (names.length == 0 || (names.length == 1 && !absolute)) {
            return null;
        }
        return new FatPath(fs, absolute, Arrays.copyOf(names, names.length - 1));
    }

    @Override
    public int getNameCount() {
        return names.length;
    }

    @Override
    public Path getName(int index) {
        if (index < 0 || index >= names.length) {
            throw new IllegalArgumentException("name index " + index + " out of range for " + names.length + " names");
        }
        return new FatPath(fs, false, new String[] {names[index]});
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        if (beginIndex < 0 || endIndex > names.length || beginIndex >= endIndex) {
            throw new IllegalArgumentException("subpath " + beginIndex + ".." + endIndex + " out of range for "
                    + names.length + " names");
        }
        return new FatPath(fs, false, Arrays.copyOfRange(names, beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        FatPath o = check(other);
        if (o.absolute != absolute || o.names.length > names.length) {
            return false;
        }
        for (int i = 0; i < o.names.length; i++) {
            if (!sameName(o.names[i], names[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean endsWith(Path other) {
        FatPath o = check(other);
        if (o.absolute) {
            return equals(o);
        }
        if (o.names.length > names.length) {
            return false;
        }
        for (int i = 0; i < o.names.length; i++) {
            if (!sameName(o.names[o.names.length - 1 - i], names[names.length - 1 - i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(".")) {
                continue;
            }
            if (n.equals("..") && !out.isEmpty() && !out.getLast().equals("..")) {
                out.removeLast();
                continue;
            }
            if (n.equals("..") && absolute) {
                continue;
            }
            out.add(n);
        }
        return new FatPath(fs, absolute, out.toArray(String[]::new));
    }

    @Override
    public Path resolve(Path other) {
        FatPath o = check(other);
        if (o.absolute) {
            return o;
        }
        String[] joined = Arrays.copyOf(names, names.length + o.names.length);
        System.arraycopy(o.names, 0, joined, names.length, o.names.length);
        return new FatPath(fs, absolute, joined);
    }

    @Override
    public Path relativize(Path other) {
        FatPath o = check(other);
        if (o.absolute != absolute) {
            throw new IllegalArgumentException("cannot relativize " + other + " against " + this
                    + ": one is absolute, the other not");
        }
        int common = 0;
        while (common < names.length && common < o.names.length 
                && sameName(names[common], o.names[common])) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.length; i++) {
            out.add("..");
        }
        out.addAll(Arrays.asList(o.names).subList(common, o.names.length));
        return new FatPath(fs, false, out.toArray(String[]::new));
    }

    @Override
    public URI toUri() {
        try {
            return new URI(FatFileSystemProvider.SCHEME, fs.imagePath().toUri() + "!" + toAbsolutePath(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot form a URI for " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public FatPath toAbsolutePath() {
        return absolute ? this : new FatPath(fs, true, names);
    }

    /**
     * The absolute, normalised path of the existing file with each name in the case stored on disk (FAT has no
     * links, so {@code options} change nothing).
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws java.nio.file.ClosedFileSystemException if the file system is closed
     */
    @Override
    public FatPath toRealPath(LinkOption... options) throws IOException {
        FatPath p = (FatPath) toAbsolutePath().normalize();
        return fs.reading(core -> {
            String[] stored = new String[p.names.length];
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < p.names.length; i++) {
                prefix.append('/').append(p.names[i]);
                stored[i] = core.stat(prefix.toString()).name();
                // Resolve the next name under the stored one: a short alias given by the user resolves the same.
                prefix.setLength(prefix.length() - p.names[i].length());
                prefix.append(stored[i]);
            }
            return new FatPath(fs, true, stored);
        });
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("FAT file systems have no watch service");
    }

    private static boolean sameName(String a, String b) {
        return a.length() == b.length() && FatNames.fold(a).equals(FatNames.fold(b));
    }

    /** Orders by the case-folded text, consistent with {@link #equals}. */
    @Override
    public int compareTo(Path other) {
        return key.compareTo(check(other).key);
    }

    /** Equal when of the same file system and equal under FAT's case rule. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FatPath p && p.fs == fs && p.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        String joined = String.join("/", names);
        return absolute ? "/" + joined : joined;
    }
}
