package org.kernkit.vfat.nio;

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
import java.util.Objects;

/**
 * A path in a {@link FatNioFileSystem}: {@code /}-separated names, absolute when it starts with {@code /}.
 * Immutable and thread-safe. Equality is by text (case-sensitive, as in zipfs); the file system itself matches
 * names case-insensitively.
 */
public final class FatPath implements Path {

    private final FatNioFileSystem fs;
    private final boolean absolute;
    private final String[] names;

    FatPath(FatNioFileSystem fs, String text) {
        this.fs = fs;
        this.absolute = text.startsWith("/");
        this.names = Arrays.stream(text.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private FatPath(FatNioFileSystem fs, boolean absolute, String[] names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = names;
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
            if (!o.names[i].equals(names[i])) {
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
            if (!o.names[o.names.length - 1 - i].equals(names[names.length - 1 - i])) {
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
        while (common < names.length && common < o.names.length && names[common].equals(o.names[common])) {
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

    @Override
    public Path toRealPath(LinkOption... options) throws java.io.IOException {
        FatPath p = (FatPath) toAbsolutePath().normalize();
        fs.core().stat(p.toString());
        return p;
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("FAT file systems have no watch service");
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(check(other).toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FatPath p && p.fs == fs && p.absolute == absolute && Arrays.equals(p.names, names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(absolute, Arrays.hashCode(names));
    }

    @Override
    public String toString() {
        String joined = String.join("/", names);
        return absolute ? "/" + joined : joined;
    }
}
