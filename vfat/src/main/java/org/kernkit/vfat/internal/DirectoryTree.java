package org.kernkit.vfat.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kernkit.vfat.CorruptImageException;
import org.kernkit.vfat.InvalidNameException;

/**
 * Path resolution over a volume's directories, with the cache of loaded directories (one {@link Directory} per
 * first cluster, so every caller shares one in-memory copy of each directory and its records).
 *
 * <pre>
 *  "/a/b.txt" --split--> [a, b.txt] --root().find(a)--> record --load(first cluster)--> Directory --find(b.txt)
 * </pre>
 *
 * Not thread-safe: guarded by the file system's monitor.
 */
public final class DirectoryTree {

    private final Volume volume;
    private final Map<Long, Directory> directories = new HashMap<>();

    public DirectoryTree(Volume volume) {
        this.volume = volume;
    }

    /** Drops a deleted directory from the cache. */
    public void forget(long cluster) {
        directories.remove(cluster);
    }

    /** The segments of {@code path}: separators / or \\, "." dropped, ".." resolved lexically. */
    public static List<String> split(String path) throws InvalidNameException {
        List<String> parts = new ArrayList<>();
        for (String s : path.replace('\\', '/').split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(s);
        }
        return parts;
    }

    /** "/" followed by the segments joined with "/". */
    public static String join(List<String> parts) {
        return "/" + String.join("/", parts);
    }

    /** The root directory. */
    public Directory root() throws IOException {
        return load(0, "/");
    }

    /** The directory whose chain starts at {@code cluster} (0: the root), loaded once and cached. */
    public Directory load(long cluster, String path) throws IOException {
        Directory d = directories.get(cluster);
        if (d == null) {
            d = Directory.load(volume, cluster, path);
            directories.put(cluster, d);
        }
        return d;
    }

    /** The parent reference a subdirectory of {@code dir} stores in its {@code ..}: 0 for the root. */
    public long parentReference(Directory dir) throws IOException {
        return dir == root() ? 0 : dir.firstCluster();
    }

    /** The parent of {@code d} by its {@code ..} entry, or {@code null} for the root. */
    public Directory parentOf(Directory d) throws IOException {
        if (d == root()) {
            return null;
        }
        DirectoryRecord dotDot = d.dotDot();
        if (dotDot == null) {
            return null;
        }
        return dotDot.firstCluster == 0 ? root() : load(dotDot.firstCluster, "..");
    }

    /** The directory at {@code path}. */
    public Directory directory(String path) throws IOException {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            return root();
        }
        DirectoryRecord r = record(parts, path);
        if (!r.isDirectory()) {
            throw new NotDirectoryException(path);
        }
        return subdirectory(r, path);
    }

    /** The directory of the entry {@code r}. */
    public Directory subdirectory(DirectoryRecord r, String path) throws IOException {
        if (r.firstCluster == 0) {
            throw new CorruptImageException("directory " + path + " has first cluster 0");
        }
        return load(r.firstCluster, path);
    }

    /** The directory holding the last segment of {@code parts}. */
    public Directory parentDirectory(List<String> parts, String path) throws IOException {
        Directory dir = root();
        for (int i = 0; i < parts.size() - 1; i++) {
            DirectoryRecord r = dir.find(parts.get(i));
            String sub = join(parts.subList(0, i + 1));
            if (r == null) {
                throw new NoSuchFileException(sub, null, "parent of " + path + " does not exist");
            }
            if (!r.isDirectory()) {
                throw new NotDirectoryException(sub);
            }
            dir = subdirectory(r, sub);
        }
        return dir;
    }

    /** Where a file lives or will live: its parent directory and its name in it. */
    public record FilePlace(Directory parent, String name) {}

    /**
     * The parent directory and name of the file {@code path}, which need not exist yet.
     *
     * @throws FileSystemException if {@code path} is the root, which is a directory
     */
    public FilePlace filePlace(String path) throws IOException {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new FileSystemException(path, null, "is a directory");
        }
        return new FilePlace(parentDirectory(parts, path), parts.getLast());
    }

    /** The entry at {@code path} (given as its segments). */
    public DirectoryRecord record(List<String> parts, String path) throws IOException {
        Directory parent = parentDirectory(parts, path);
        DirectoryRecord r = parent.find(parts.getLast());
        if (r == null) {
            throw new NoSuchFileException(path);
        }
        return r;
    }

    /** The regular file at {@code path}. */
    public DirectoryRecord fileRecord(String path) throws IOException {
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new FileSystemException(path, null, "is a directory");
        }
        DirectoryRecord r = record(parts, path);
        if (r.isDirectory()) {
            throw new FileSystemException(path, null, "is a directory");
        }
        return r;
    }
}
