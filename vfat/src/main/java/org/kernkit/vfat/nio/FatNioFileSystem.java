package org.kernkit.vfat.nio;

import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kernkit.vfat.FatFileSystem;

/**
 * A {@link FileSystem} over one FAT image, made by {@link FatFileSystemProvider}. Closing it closes the image.
 *
 * <p>Thread-safety, as in the JDK's zip file system: one {@link ReentrantReadWriteLock} per file system. Operations
 * that only read (attributes, listings, {@code toRealPath}, opening a channel for reading, channel reads) hold its
 * read lock, so they do not exclude one another; operations that change the image (create, delete, copy, move,
 * attribute changes, opening a channel for writing, channel writes, {@code force}) and {@link #close} hold its
 * write lock, so each one is exclusive and a compound one within this image (a copy onto an existing file, a
 * move) is seen by other threads whole or not at all; a copy between two images holds each image's lock only for
 * its own steps, never both at once. Memory effects: everything a thread did before releasing the write lock
 * happens-before whatever another thread does after acquiring either lock (the lock's guarantee), so a completed
 * change is visible to every later operation. No lock is held between calls, and no user code (a directory filter)
 * runs under it. Each call into the core also takes the core's own monitor (see {@link FatFileSystem}), so reads
 * overlap in this layer and wait for one another only for the length of one core call (one stat, one channel read),
 * never for a whole operation; the lock order is always this lock, then the core's monitor.
 *
 * <p>After {@link #close}, path operations throw {@link ClosedFileSystemException} and channels throw
 * {@link java.nio.channels.ClosedChannelException}.
 */
public final class FatNioFileSystem extends FileSystem {

    private final FatFileSystemProvider provider;
    private final FatFileSystem core;
    private final Path imagePath;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Written under the write lock; volatile so {@link #isOpen} may read it without the lock. */
    private volatile boolean open = true;

    FatNioFileSystem(FatFileSystemProvider provider, FatFileSystem core, Path imagePath) {
        this.provider = provider;
        this.core = core;
        this.imagePath = imagePath;
    }

    /**
     * The library file system underneath, for FAT-specific operations (label, check, naming mode). Calls on it do
     * not take this file system's lock; the core is thread-safe by itself.
     *
     * @return the core file system, owned by this one: closing this file system closes it
     */
    public FatFileSystem core() {
        return core;
    }

    /** An operation on the core, run under one of the locks. */
    @FunctionalInterface
    interface CoreOperation<T> {
        T run(FatFileSystem core) throws IOException;
    }

    /**
     * Runs {@code op} under the read lock.
     *
     * @throws ClosedFileSystemException if this file system is closed
     */
    <T> T reading(CoreOperation<T> op) throws IOException {
        return locked(lock.readLock(), op);
    }

    /**
     * Runs {@code op} under the write lock (a thread that holds it may also take the read lock, never the other
     * way round: a reader asking for the write lock would wait for itself).
     *
     * @throws ClosedFileSystemException if this file system is closed
     */
    <T> T writing(CoreOperation<T> op) throws IOException {
        return locked(lock.writeLock(), op);
    }

    private <T> T locked(Lock held, CoreOperation<T> op) throws IOException {
        held.lock();
        try {
            ensureOpen();
            return op.run(core);
        } finally {
            held.unlock();
        }
    }

    /** The lock itself, for channels (which report a closed file system as a closed channel) and tests. */
    ReentrantReadWriteLock lock() {
        return lock;
    }

    private void ensureOpen() {
        if (!open) {
            throw new ClosedFileSystemException();
        }
    }

    /**
     * The image file this file system lives in.
     *
     * @return the path the provider opened, as given in the URI
     */
    public Path imagePath() {
        return imagePath;
    }

    @Override
    public FatFileSystemProvider provider() {
        return provider;
    }

    /** Waits for operations in flight (it takes the write lock), then closes the image. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            if (open) {
                open = false;
                provider.closed(this);
                core.close();
            }
        } finally {
            lock.writeLock().unlock();
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

    /**
     * The path of the joined strings.
     *
     * @throws java.nio.file.InvalidPathException if a name is not one FAT can store (control characters, one of
     *     {@code "*:<>?\|}, longer than 255 UTF-16 units, a trailing dot or space)
     */
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

    /**
     * Glob to regex, with the syntax of {@link java.nio.file.FileSystem#getPathMatcher}: {@code *} within a name,
     * {@code **} across names, {@code ?}, bracket expressions ({@code [abc]}, {@code [a-z]}, {@code [!a-c]}),
     * {@code {a,b}}, and {@code \} quoting the next character.
     *
     * @throws PatternSyntaxException for a bracket expression without {@code ]} or with a {@code /} in it, or a
     *     {@code \} at the end
     */
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
                case '[' -> i = bracketToRegex(glob, i, r);
                case '\\' -> {
                    if (i + 1 >= glob.length()) {
                        throw new PatternSyntaxException("No character to escape", glob, i);
                    }
                    r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }

    /**
     * Appends the bracket expression that starts at {@code glob[open]} (a {@code [}) as a regex class that never
     * matches {@code /}: {@code !} first negates, {@code -} between two characters is a range, and {@code *},
     * {@code ?} and {@code \} stand for themselves, as in the JDK's globs.
     *
     * @return the index of its closing {@code ]}
     */
    private static int bracketToRegex(String glob, int open, StringBuilder r) {
        int close = glob.indexOf(']', open + 1);
        if (close < 0) {
            throw new PatternSyntaxException("Missing ']'", glob, open);
        }
        r.append("[[^/]&&[");
        int i = open + 1;
        if (i < close && glob.charAt(i) == '!') {
            r.append('^');
            i++;
        }
        for (; i < close; i++) {
            char c = glob.charAt(i);
            if (c == '/') {
                throw new PatternSyntaxException("Explicit 'name separator' in class", glob, i);
            }
            if (c == '\\' || c == '[' || c == '&' || c == '^') {
                r.append('\\');
            }
            r.append(c);
        }
        r.append("]]");
        return close;
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
