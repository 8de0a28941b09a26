package org.kernkit.vfat.nio;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.kernkit.vfat.FatFileSystem;

/**
 * A {@link FileSystem} over one FAT image, made by {@link FatFileSystemProvider}. Thread-safe: every operation
 * goes through the underlying {@link FatFileSystem}, which serialises them. Closing it closes the image.
 */
public final class FatNioFileSystem extends FileSystem {

    private final FatFileSystemProvider provider;
    private final FatFileSystem core;
    private final Path imagePath;
    private volatile boolean open = true;

    FatNioFileSystem(FatFileSystemProvider provider, FatFileSystem core, Path imagePath) {
        this.provider = provider;
        this.core = core;
        this.imagePath = imagePath;
    }

    /** The library file system underneath, for FAT-specific operations (label, check, naming mode). */
    public FatFileSystem core() {
        return core;
    }

    /** The image file this file system lives in. */
    public Path imagePath() {
        return imagePath;
    }

    @Override
    public FatFileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            provider.closed(this);
            core.close();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isReadOnly() {
        return core.isReadOnly();
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(new FatPath(this, "/"));
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of(new FatFileStore(this));
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "dos");
    }

    @Override
    public FatPath getPath(String first, String... more) {
        StringBuilder b = new StringBuilder(first);
        for (String m : more) {
            if (!m.isEmpty()) {
                if (!b.isEmpty()) {
                    b.append('/');
                }
                b.append(m);
            }
        }
        return new FatPath(this, b.toString());
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        int colon = syntaxAndPattern.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("path matcher '" + syntaxAndPattern + "' lacks 'glob:' or 'regex:'");
        }
        String syntax = syntaxAndPattern.substring(0, colon);
        String pattern = syntaxAndPattern.substring(colon + 1);
        Pattern regex = switch (syntax.toLowerCase(java.util.Locale.ROOT)) {
            case "regex" -> Pattern.compile(pattern);
            case "glob" -> Pattern.compile(globToRegex(pattern), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            default -> throw new UnsupportedOperationException("path matcher syntax '" + syntax + "' is unknown");
        };
        return path -> regex.matcher(path.toString()).matches();
    }

    /** Glob to regex: {@code *} within a name, {@code **} across names, {@code ?}, {@code [..]}, {@code {a,b}}. */
    static String globToRegex(String glob) {
        StringBuilder r = new StringBuilder();
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        r.append(".*");
                        i++;
                    } else {
                        r.append("[^/]*");
                    }
                }
                case '?' -> r.append("[^/]");
                case '{' -> {
                    r.append("(?:");
                    inGroup = true;
                }
                case '}' -> {
                    r.append(')');
                    inGroup = false;
                }
                case ',' -> r.append(inGroup ? "|" : ",");
                case '[', ']' -> r.append(c);
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("FAT has no users");
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("FAT file systems have no watch service");
    }
}
