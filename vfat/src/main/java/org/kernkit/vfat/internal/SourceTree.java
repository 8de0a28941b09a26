package org.kernkit.vfat.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.kernkit.vfat.InvalidNameException;
import org.kernkit.vfat.NamingMode;

/**
 * A host directory tree, read once and checked for everything FAT refuses, so that an image can be sized and then
 * written without a failure half way.
 *
 * <pre>
 *  host dir --walk (sorted, links followed)--> Node tree: name, kind, size, mtime, slots of each directory
 *                                                  |
 *                clustersNeeded(clusterBytes) <----+  files: ceil(size / cluster); directories: ceil(32 * slots /
 *                                                     cluster), at least one; the FAT12/16 root: its fixed region
 * </pre>
 *
 * <p>Refused while reading, each with the host path: a name FAT cannot hold, two names equal after FAT's case
 * folding (or a name equal to the 8.3 alias of another), a special file (FIFO, device, socket), a dangling symbolic
 * link, a link that leads back into its own ancestors, nesting deeper than the limit, a file of 4 GiB or more, and a
 * directory of more than 65 536 entries.
 *
 * <p>Order: the entries of each directory are written in this order, which {@link #ORDER} defines: names that are
 * already 8.3 names first, then the others, each group by {@link String#compareTo} (UTF-16 code units). 8.3 names
 * first so that no generated alias ({@code NAME~1.TXT}) takes a short name a later file has as its own.
 *
 * <p>The directory slot counts repeat the rules of {@link Directory#add} and {@link ShortNames}: an 8.3 name whose
 * short field is free takes one slot, any other name one plus its long-name parts. Not thread-safe; immutable once
 * read.
 */
public final class SourceTree {

    /** Directory entry size in bytes. */
    private static final int ENTRY_BYTES = 32;

    /** Entries before the long names: 8.3 names first, then by UTF-16 order. */
    public static final Comparator<String> ORDER = Comparator.<String, Boolean>comparing(n -> ShortNames.exact(n) == null)
            .thenComparing(Comparator.naturalOrder());

    /** One file or directory of the tree. */
    public static final class Node {
        private final String name;
        private final String imagePath;
        private final Path source;
        private final boolean directory;
        private final long size;
        private final FileTime modified;
        private final List<Node> children = new ArrayList<>();
        private int slots;

        private Node(String name, String imagePath, Path source, boolean directory, long size, FileTime modified) {
            this.name = name;
            this.imagePath = imagePath;
            this.source = source;
            this.directory = directory;
            this.size = size;
            this.modified = modified;
        }

        /** The name, as on the host. */
        public String name() {
            return name;
        }

        /** The absolute path in the image, {@code /} for the root. */
        public String imagePath() {
            return imagePath;
        }

        /** The host path it is read from. */
        public Path source() {
            return source;
        }

        /** Whether this is a directory. */
        public boolean isDirectory() {
            return directory;
        }

        /** A file's size in bytes (0 for a directory). */
        public long size() {
            return size;
        }

        /** The host modification time. */
        public FileTime modified() {
            return modified;
        }

        /** A directory's entries in {@link #ORDER}. */
        public List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        /** A directory's slots: its entries' short and long-name slots, plus {@code .} and {@code ..} (not root). */
        public int slots() {
            return slots;
        }
    }

    private final Node root;
    private final NamingMode mode;
    private final int maxDepth;
    private long files;
    private long directories;
    private long bytes;

    private SourceTree(Node root, NamingMode mode, int maxDepth) {
        this.root = root;
        this.mode = mode;
        this.maxDepth = maxDepth;
    }

    /**
     * Reads the tree under {@code rootDirectory}, following symbolic links; reads metadata only, never content.
     *
     * @param rootDirectory the directory whose entries become the image's root
     * @param mode the naming mode the image will have (the 8.3 aliases of windows mode take names)
     * @param extraRootSlots slots the root needs beyond the tree (a volume label entry)
     * @param maxDepth the deepest nesting allowed
     * @return the checked tree
     * @throws FileSystemException naming the host path and the problem
     */
    public static SourceTree read(Path rootDirectory, NamingMode mode, int extraRootSlots, int maxDepth)
            throws IOException {
        Path start = rootDirectory.toAbsolutePath().normalize();
        if (!Files.exists(start)) {
            throw new NoSuchFileException(start.toString(), null, "source directory does not exist");
        }
        if (!Files.isDirectory(start)) {
            throw new NotDirectoryException(start.toString());
        }
        BasicFileAttributes attributes = Files.readAttributes(start, BasicFileAttributes.class);
        Node root = new Node("", "/", start, true, 0, attributes.lastModifiedTime());
        SourceTree tree = new SourceTree(root, mode, maxDepth);
        Set<Object> ancestors = new HashSet<>();
        ancestors.add(identity(start, attributes));
        tree.readDirectory(root, 0, ancestors);
        root.slots += extraRootSlots;
        return tree;
    }

    private static Object identity(Path p, BasicFileAttributes a) throws IOException {
        return a.fileKey() != null ? a.fileKey() : p.toRealPath();
    }

    private void readDirectory(Node dir, int depth, Set<Object> ancestors) throws IOException {
        if (depth >= maxDepth) {
            throw new FileSystemException(dir.source.toString(), null, "is nested deeper than " + maxDepth
                    + " directories; nothing was written");
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir.source)) {
            entries = new ArrayList<>(s.toList());
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString(), ORDER));
        for (Path p : entries) {
            String name = p.getFileName().toString();
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                throw new FileSystemException(p.toString(), null, Files.isSymbolicLink(p)
                        ? "is a dangling symbolic link; nothing was written" : "vanished while being read");
            }
            String imagePath = dir.imagePath.equals("/") ? "/" + name : dir.imagePath + "/" + name;
            if (a.isDirectory()) {
                Object id = identity(p, a);
                if (!ancestors.add(id)) {
                    throw new FileSystemException(p.toString(), null, "is a symbolic link loop: it leads back to"
                            + " a directory that contains it; nothing was written");
                }
                Node child = new Node(name, imagePath, p, true, 0, a.lastModifiedTime());
                dir.children.add(child);
                directories++;
                readDirectory(child, depth + 1, ancestors);
                ancestors.remove(id);
            } else if (a.isRegularFile()) {
                if (a.size() > 0xFFFFFFFFL) {
                    throw new FileSystemException(p.toString(), null, "is " + a.size() + " bytes, more than FAT's"
                            + " 4294967295; nothing was written");
                }
                dir.children.add(new Node(name, imagePath, p, false, a.size(), a.lastModifiedTime()));
                files++;
                bytes += a.size();
            } else {
                throw new FileSystemException(p.toString(), null, "is a special file (FIFO, device or socket),"
                        + " which FAT cannot hold; nothing was written");
            }
        }
        dir.slots = countSlots(dir);
    }

    /** Repeats the naming of {@code Directory.add}: refuses clashes and counts the slots the entries take. */
    private int countSlots(Node dir) throws IOException {
        boolean isRoot = dir == root;
        int slots = isRoot ? 0 : 2;
        Set<String> taken = new HashSet<>();
        Map<String, String> names = new HashMap<>();
        for (Node c : dir.children) {
            try {
                ShortNames.validateLongName(c.name);
            } catch (InvalidNameException e) {
                throw new FileSystemException(c.source.toString(), null, e.getMessage() + "; nothing was written");
            }
            String folded = Directory.fold(c.name);
            String other = names.putIfAbsent(folded, c.name);
            if (other != null) {
                throw new FileSystemException(c.source.toString(), null, "clashes with '" + other
                        + "' in the same directory: FAT compares names without case; nothing was written");
            }
            ShortNames.Exact exact = ShortNames.exact(c.name);
            if (exact != null && taken.add(ShortNames.key(exact.shortName()))) {
                slots += 1;
                continue;
            }
            slots += 1 + LongNameEntryDescriptor.partsFor(c.name.length());
            if (mode == NamingMode.WINDOWS) {
                byte[] alias = ShortNames.windowsAlias(c.name, taken);
                taken.add(ShortNames.key(alias));
                String shown = Directory.fold(ShortNames.display(alias, 0, 0));
                String owner = names.putIfAbsent(shown, "the 8.3 alias " + shown + " of '" + c.name + "'");
                if (owner != null && !shown.equals(folded)) {
                    throw new FileSystemException(c.source.toString(), null, "its 8.3 alias " + shown
                            + " is the name of '" + owner + "'; nothing was written");
                }
            }
        }
        int limit = Directory.MAX_SLOTS;
        if (slots > limit) {
            throw new FileSystemException(dir.source.toString(), null, "needs " + slots + " directory entries,"
                    + " more than FAT's " + limit + "; nothing was written");
        }
        return slots;
    }

    /** The root of the tree. */
    public Node root() {
        return root;
    }

    /** Number of regular files. */
    public long fileCount() {
        return files;
    }

    /** Number of directories below the root. */
    public long directoryCount() {
        return directories;
    }

    /** Bytes of file content. */
    public long bytes() {
        return bytes;
    }

    /**
     * Clusters of {@code clusterBytes} the tree takes: every file's content, every directory below the root, and
     * the root itself when it lives in clusters (FAT32).
     */
    public long clustersNeeded(int clusterBytes, boolean rootInClusters) {
        long[] total = {rootInClusters ? directoryClusters(root.slots, clusterBytes) : 0};
        each(root, n -> total[0] += n.directory ? directoryClusters(n.slots, clusterBytes)
                : (n.size + clusterBytes - 1) / clusterBytes);
        return total[0];
    }

    private static long directoryClusters(int slots, int clusterBytes) {
        return Math.max(1, ((long) slots * ENTRY_BYTES + clusterBytes - 1) / clusterBytes);
    }

    /** Feeds every node's path, kind and size, in walk order, to {@code digest}: the tree's shape, not content. */
    public void digestShape(MessageDigest digest) {
        each(root, n -> {
            digest.update(n.imagePath.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update((n.directory ? "d" : "f" + n.size).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
        });
    }

    /** What {@link #visit} does with each node. */
    @FunctionalInterface
    public interface NodeAction {
        /** Acts on {@code node}. */
        void accept(Node node) throws IOException;
    }

    /** Calls {@code action} on every node below {@code dir}, parents before children, in {@link #ORDER}. */
    public static void visit(Node dir, NodeAction action) throws IOException {
        for (Node c : dir.children) {
            action.accept(c);
            if (c.directory) {
                visit(c, action);
            }
        }
    }

    private static void each(Node dir, java.util.function.Consumer<Node> action) {
        for (Node c : dir.children) {
            action.accept(c);
            if (c.directory) {
                each(c, action);
            }
        }
    }
}
