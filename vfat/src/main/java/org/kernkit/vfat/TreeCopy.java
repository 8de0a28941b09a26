package org.kernkit.vfat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.kernkit.vfat.internal.Directory;
import org.kernkit.vfat.internal.DirectoryRecord;
import org.kernkit.vfat.internal.DosTime;
import org.kernkit.vfat.internal.ShortNames;

/**
 * Copies files and directory trees between the host and a {@link FatFileSystem}, in both directions, with the
 * semantics of {@code cp -r}: a source copied onto an existing directory goes inside it under its own name; onto a
 * path that does not exist, it takes that name. The root of the image ({@code /}) has no name: copied out onto an
 * existing directory, its entries go straight into it.
 *
 * <pre>
 *  plan (reads only)                                   run (writes)
 *  walk every source: names, clashes, loops, depth  -> directories, then files, in walk order
 *  sum the space needed; any refusal stops here        each file: FatFileSystem.writeFrom / temp file + rename
 * </pre>
 *
 * <p>Nothing is written until the whole copy is planned: an invalid name, a clash, a directory loop, damage found
 * in a chain, or too little space anywhere in the tree fails the copy before its first write, and the exception
 * names the file and the problem.
 *
 * <p>Names from an image are untrusted. Copying out, each name is turned into a host name by
 * {@link #hostSafeName}: {@code .}, {@code ..}, the empty name, and the characters {@code /}, {@code \}, NUL and
 * other control characters are replaced, so every file lands directly inside the directory its parent was copied
 * to; each replaced name is reported to the {@link #notices} consumer. This is what 7-Zip does (it writes
 * {@code ../../X} as {@code .._.._X}); mtools writes the same name as {@code ..\..\X}, keeping the backslash, which
 * is a separator on Windows hosts. Every destination is checked to lie inside the target before it is written,
 * and an existing host directory that is a symbolic link is never written through. Host symbolic links and
 * special files (FIFOs, devices) are skipped when copying in, with a notice: FAT cannot store them, and reading a
 * FIFO could block forever.
 *
 * <p>Clashes: a target name that exists is an error naming both, unless the {@link Clash} policy says otherwise
 * (mcopy's {@code -o}, {@code -s}, {@code -a}). Two sources that map to one target name (on the image,
 * case-insensitively: {@code Case.txt} and {@code case.txt}; on the host, after name replacement) are always an
 * error naming both, except under {@link Clash#RENAME}. A replaced file never loses its old content on failure:
 * in the image through {@link FatFileSystem#writeFrom}, on the host by writing a temporary file beside it and
 * renaming it over the old one.
 *
 * <p>Directory loops (a directory cluster reached twice) and nesting deeper than {@link #MAX_DEPTH} fail the copy
 * with one line naming the path.
 *
 * <p>Thread-safety: a copy holds the file system's monitor from planning to the end of the run, so no other
 * thread changes the image in between. A {@code TreeCopy} object itself is not thread-safe.
 */
public final class TreeCopy {

    /** What to do when a target name already exists. */
    public enum Clash {
        /** Refuse the copy before writing anything, naming the source and the existing target (the default). */
        FAIL,
        /** Replace existing files (never a directory by a file or a file by a directory). */
        OVERWRITE,
        /** Leave existing files alone and copy the rest. */
        SKIP,
        /** Copy under a new name {@code stem (n).ext}, for existing targets and colliding sources alike. */
        RENAME
    }

    /** Deepest directory nesting a copy follows; deeper means a damaged (looping) tree or a hostile one. */
    public static final int MAX_DEPTH = 128;

    private final FatFileSystem fs;
    private Clash clash = Clash.FAIL;
    private boolean recursive;
    private boolean preserveTimes;
    private LongConsumer progress = n -> {};
    private Consumer<String> notices = s -> {};

    /**
     * A copy between the host and {@code fs}, with the defaults: refuse clashes, not recursive, times not kept.
     *
     * @param fs the image side of every copy; the copy uses it but does not own or close it
     */
    public TreeCopy(FatFileSystem fs) {
        this.fs = fs;
    }

    /**
     * Sets the clash policy.
     *
     * @param policy what to do when a target name exists
     * @return this copy, for chaining
     */
    public TreeCopy onClash(Clash policy) {
        this.clash = policy;
        return this;
    }

    /**
     * Whether directories are copied (with their contents); without it a directory source is an error.
     *
     * @param value true to copy directory trees
     * @return this copy, for chaining
     */
    public TreeCopy recursive(boolean value) {
        this.recursive = value;
        return this;
    }

    /**
     * Whether modification times are kept (2-second FAT resolution), like {@code cp -p} and {@code mcopy -m}.
     *
     * @param value true to keep modification times
     * @return this copy, for chaining
     */
    public TreeCopy preserveTimes(boolean value) {
        this.preserveTimes = value;
        return this;
    }

    /**
     * Receives the number of bytes of each chunk copied, for progress display.
     *
     * @param consumer called on the copying thread, while the file system's monitor is held, so it must not block
     * @return this copy, for chaining
     */
    public TreeCopy progress(LongConsumer consumer) {
        this.progress = consumer;
        return this;
    }

    /**
     * Receives one line for each name replaced, renamed or skipped.
     *
     * @param consumer called on the copying thread with a line naming the source and what happened
     * @return this copy, for chaining
     */
    public TreeCopy notices(Consumer<String> consumer) {
        this.notices = consumer;
        return this;
    }

    /**
     * The host name for a name read from an image: {@code .} becomes {@code _}, {@code ..} becomes {@code __},
     * the empty name {@code _}, and each {@code /}, {@code \}, NUL, control character (U+0000..U+001F, U+007F) is
     * replaced by {@code _}. Any other name is returned unchanged. The result is never empty, never {@code .} or
     * {@code ..}, and holds no separator, so it names an entry directly inside its parent on any host.
     *
     * @param name a name as read from the image, untrusted
     * @return a name safe to create in a host directory
     */
    public static String hostSafeName(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        if (name.equals(".")) {
            return "_";
        }
        if (name.equals("..")) {
            return "__";
        }
        StringBuilder b = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') {
                if (b == null) {
                    b = new StringBuilder(name.substring(0, i));
                }
                b.append('_');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? name : b.toString();
    }

    /** A planned copy: nothing has been written yet. */
    public final class Plan {
        private final List<Step> steps = new ArrayList<>();
        private long bytes;

        private Plan() {}

        /**
         * Bytes of file content the copy will transfer (skipped files excluded).
         *
         * @return the total size of the files to be written, known before anything is written
         */
        public long bytes() {
            return bytes;
        }

        /**
         * Number of files the copy will write.
         *
         * @return the count of file steps; directories are not counted
         */
        public long files() {
            return steps.stream().filter(s -> !s.directory()).count();
        }

        /**
         * Runs the copy. Each file is complete or absent (or, when replaced, old) if a write fails midway.
         *
         * @throws IOException naming the file that failed
         */
        public void run() throws IOException {
            synchronized (fs) {
                for (Step step : steps) {
                    step.action().run();
                }
            }
        }
    }

    /** One write of the run: a directory to make or a file to copy. */
    private record Step(boolean directory, IoAction action) {}

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Copy in: host -> image

    /**
     * Plans and runs a copy into the image; see {@link #planIn}.
     *
     * @param sources host files or directories to copy
     * @param target the absolute image path to copy to or into
     * @throws IOException as {@link #planIn} throws, or if a write fails during the run
     */
    public void copyIn(List<Path> sources, String target) throws IOException {
        synchronized (fs) {
            planIn(sources, target).run();
        }
    }

    /**
     * Plans a copy of host {@code sources} to the image path {@code target}, checking every name, clash and the
     * space needed.
     *
     * @param sources host files or directories to copy
     * @param target the absolute image path to copy to, or into when it is a directory
     * @return the plan; nothing is written until {@link Plan#run} is called
     * @throws NoSuchFileException if a source does not exist
     * @throws InvalidNameException listing the host names FAT cannot hold
     * @throws FileAlreadyExistsException naming a source and the target it clashes with
     * @throws FileSystemFullException if the copy needs more clusters or directory slots than the volume has
     */
    public Plan planIn(List<Path> sources, String target) throws IOException {
        synchronized (fs) {
            fs.ensureChangeable();
            target = FatFileSystem.normalise(target);
            Plan plan = new Plan();
            InPlanner planner = new InPlanner(plan);
            boolean intoDirectory = fs.exists(target) && fs.stat(target).directory();
            if (sources.size() > 1 && !intoDirectory) {
                throw new FileSystemException(target, null,
                        "is not a directory in the image; copying several sources needs one");
            }
            for (Path source : sources) {
                BasicFileAttributes a = hostAttributes(source);
                if (a.isDirectory() && !recursive) {
                    throw new FileSystemException(source.toString(), null, "is a directory; copy it recursively (-r)");
                }
                String dest = target;
                if (intoDirectory) {
                    Path name = source.toAbsolutePath().normalize().getFileName();
                    if (name == null) {
                        throw new FileSystemException(source.toString(), null, "has no name to copy it under");
                    }
                    dest = join(target, name.toString());
                }
                planner.plan(source, a, dest, true, 0);
            }
            planner.finish();
            return plan;
        }
    }

    private static BasicFileAttributes hostAttributes(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(p.toString(), null, "source does not exist");
        }
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** The planning state of one copy-in. */
    private final class InPlanner {
        private final Plan plan;
        /** Folded image path -> host source, to find sources that collide case-insensitively. */
        private final Map<String, Path> claimed = new HashMap<>();
        private final List<String> badNames = new ArrayList<>();
        private final List<String> clashes = new ArrayList<>();
        /** New entries per existing image directory, and per new directory, for the space sum. */
        private final Map<String, List<String>> newEntriesOfExisting = new LinkedHashMap<>();
        private final Map<String, List<String>> entriesOfNew = new LinkedHashMap<>();
        private long running;
        private long peak;

        InPlanner(Plan plan) {
            this.plan = plan;
        }

        /** Plans {@code src} onto {@code dest}; {@code parentExists} says whether dest's parent is in the image. */
        void plan(Path src, BasicFileAttributes a, String dest, boolean parentExists, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new FileSystemException(src.toString(), null, "lies deeper than " + MAX_DEPTH
                        + " directories; not copied");
            }
            if (a.isSymbolicLink() || !(a.isDirectory() || a.isRegularFile())) {
                notices.accept("skipped " + src + ": " + (a.isSymbolicLink() ? "a symbolic link" : "a special file")
                        + ", which FAT cannot store");
                return;
            }
            String name = lastSegment(dest);
            try {
                ShortNames.validateLongName(name);
            } catch (InvalidNameException e) {
                badNames.add(src + ": " + e.getMessage());
                return;
            }
            FatEntry existing = parentExists && fs.exists(dest) ? fs.stat(dest) : null;
            String key = Directory.fold(dest);
            Path other = claimed.get(key);
            boolean clashesWithExisting = existing != null && !(existing.directory() && a.isDirectory());
            if (other != null || clashesWithExisting) {
                if (clash == Clash.RENAME) {
                    String renamed = freeImageName(dest, parentExists);
                    notices.accept("copied " + src + " as ::" + renamed + ": ::" + dest
                            + (other != null ? " is taken by " + other : " exists"));
                    dest = renamed;
                    key = Directory.fold(dest);
                    existing = null;
                } else if (other != null) {
                    clashes.add("sources " + other + " and " + src + " both map to ::" + dest
                            + " (FAT names are case-insensitive)");
                    return;
                } else if (existing.directory() != a.isDirectory()) {
                    clashes.add("cannot copy " + kind(a.isDirectory()) + " " + src + " onto the "
                            + kind(existing.directory()) + " ::" + dest);
                    return;
                } else if (clash == Clash.SKIP) {
                    notices.accept("skipped " + src + ": ::" + dest + " exists");
                    return;
                } else if (clash == Clash.FAIL) {
                    clashes.add("::" + dest + " already exists (copying " + src + "); choose to overwrite, skip or"
                            + " rename");
                    return;
                }
            }
            claimed.put(key, src);
            String parent = parentOf(dest);
            boolean replacing = existing != null && !existing.directory();
            if (existing == null) {
                (parentExists ? newEntriesOfExisting : entriesOfNew).computeIfAbsent(parent, k -> new ArrayList<>())
                        .add(lastSegment(dest));
            }
            final String to = dest;
            if (a.isDirectory()) {
                boolean exists = existing != null;
                if (!exists) {
                    entriesOfNew.computeIfAbsent(to, k -> new ArrayList<>());
                    plan.steps.add(new Step(true, () -> fs.createDirectory(to)));
                }
                List<Path> children;
                try (Stream<Path> list = Files.list(src)) {
                    children = list.sorted().toList();
                }
                for (Path c : children) {
                    plan(c, Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS),
                            join(to, c.getFileName().toString()), exists, depth + 1);
                }
                return;
            }
            long size = a.size();
            long newClusters = fs.clustersForBytes(size);
            running += newClusters;
            peak = Math.max(peak, running);
            if (replacing) {
                running -= fs.clustersForBytes(existing.size());
            }
            plan.bytes += size;
            FileTime modified = preserveTimes ? a.lastModifiedTime() : null;
            plan.steps.add(new Step(false, () -> {
                try (InputStream in = new CountingInputStream(Files.newInputStream(src, LinkOption.NOFOLLOW_LINKS),
                        progress)) {
                    fs.writeFrom(to, in, size, modified);
                }
            }));
        }

        private String freeImageName(String dest, boolean parentExists) throws IOException {
            for (int n = 2; ; n++) {
                String candidate = join(parentOf(dest), numbered(lastSegment(dest), n));
                if (!claimed.containsKey(Directory.fold(candidate)) && !(parentExists && fs.exists(candidate))) {
                    return candidate;
                }
            }
        }

        void finish() throws IOException {
            if (!badNames.isEmpty()) {
                throw new InvalidNameException(summarise(badNames, "name") + "; nothing was copied");
            }
            if (!clashes.isEmpty()) {
                throw new FileAlreadyExistsException(summarise(clashes, "clash") + "; nothing was copied");
            }
            long directoryClusters = 0;
            for (Map.Entry<String, List<String>> e : newEntriesOfExisting.entrySet()) {
                directoryClusters += fs.clustersForNewEntries(fs.directoryAt(e.getKey()), e.getValue());
            }
            for (List<String> names : entriesOfNew.values()) {
                directoryClusters += fs.clustersForNewDirectory(names);
            }
            long need = peak + directoryClusters;
            if (need > fs.freeClusters()) {
                throw new FileSystemFullException("copy needs " + need + " cluster(s) of " + fs.clusterSize()
                        + " bytes (" + plan.bytes + " bytes of files), the volume has " + fs.freeClusters()
                        + " free; nothing was copied");
            }
        }
    }

    private static String kind(boolean directory) {
        return directory ? "directory" : "file";
    }

    private static String summarise(List<String> items, String what) {
        return items.getFirst() + (items.size() > 1 ? " (and " + (items.size() - 1) + " more " + what + "(s))" : "");
    }

    /** {@code stem (n).ext}: the extension (after the last dot, if not leading) is kept. */
    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name + " (" + n + ")";
        }
        return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
    }

    /** Counts the bytes read, for progress. */
    private static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer progress;

        CountingInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.accept(n);
            }
            return n;
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Copy out: image -> host

    /**
     * Plans and runs a copy out of the image; see {@link #planOut}.
     *
     * @param sources absolute image paths of files or directories to copy
     * @param target the host path to copy to or into
     * @throws IOException as {@link #planOut} throws, or if a write fails during the run
     */
    public void copyOut(List<String> sources, Path target) throws IOException {
        synchronized (fs) {
            planOut(sources, target).run();
        }
    }

    /**
     * Plans a copy of image {@code sources} to the host path {@code target}: walks every source tree, replacing
     * unsafe names, detecting loops and damaged chains, and checking clashes on the host and the host's free space.
     *
     * @param sources absolute image paths of files or directories to copy
     * @param target the host path to copy to, or into when it is a directory
     * @return the plan; nothing is written until {@link Plan#run} is called
     * @throws NoSuchFileException if a source does not exist, or {@code target}'s parent does not
     * @throws FileAlreadyExistsException naming a source and the host file it clashes with
     * @throws CorruptImageException for a directory loop or a chain shorter than its file
     * @throws FileSystemException for nesting deeper than {@link #MAX_DEPTH} or too little space on the host
     */
    public Plan planOut(List<String> sources, Path target) throws IOException {
        synchronized (fs) {
            fs.ensureOpen();
            Plan plan = new Plan();
            OutPlanner planner = new OutPlanner(plan);
            target = target.toAbsolutePath().normalize();
            boolean intoDirectory = Files.isDirectory(target);
            if (sources.size() > 1 && !intoDirectory) {
                throw new FileSystemException(target.toString(), null,
                        "is not a directory; copying several sources needs one");
            }
            Path root = intoDirectory ? target.toRealPath() : realParent(target);
            for (String source : sources) {
                DirectoryRecord r = fs.recordAt(source);
                boolean directory = r == null || r.isDirectory();
                if (directory && !recursive) {
                    throw new FileSystemException(source, null, "is a directory in the image; copy it recursively"
                            + " (-r)");
                }
                Path dest;
                if (!intoDirectory) {
                    dest = root.resolve(target.getFileName().toString());
                } else if (r == null) {
                    dest = root;
                } else {
                    dest = planner.childPath(root, r.name(), source);
                }
                planner.plan(r, source, dest, root, 0, new HashSet<>());
            }
            planner.finish(root);
            return plan;
        }
    }

    private static Path realParent(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(target.toString(), null, "its parent directory does not exist");
        }
        return parent.toRealPath();
    }

    /** The planning state of one copy-out. */
    private final class OutPlanner {
        private final Plan plan;
        private final Map<Path, String> claimed = new HashMap<>();
        private final List<String> clashes = new ArrayList<>();
        private final Set<Path> plannedDirectories = new HashSet<>();

        OutPlanner(Plan plan) {
            this.plan = plan;
        }

        /** The host path for the image name {@code name} inside {@code dir}, reporting a replaced name. */
        Path childPath(Path dir, String name, String imagePath) throws IOException {
            String safe = hostSafeName(name);
            if (!safe.equals(name)) {
                notices.accept("unsafe name " + quote(name) + " at ::" + imagePath + " written as '" + safe + "'");
            }
            Path child = dir.resolve(safe);
            // Defence in depth: hostSafeName already guarantees this.
            if (!dir.equals(child.normalize().getParent())) {
                throw new FileSystemException(imagePath, child.toString(), "name would leave the target directory");
            }
            return child;
        }

        void plan(DirectoryRecord r, String imagePath, Path dest, Path root, int depth, Set<Long> visited)
                throws IOException {
            if (!dest.normalize().startsWith(root)) {
                throw new FileSystemException(imagePath, dest.toString(), "lies outside the target " + root);
            }
            String otherSource = claimed.putIfAbsent(dest, imagePath);
            boolean directory = r == null || r.isDirectory();
            boolean existingDirectory = isRealDirectory(dest) || plannedDirectories.contains(dest);
            boolean exists = existingDirectory || Files.exists(dest, LinkOption.NOFOLLOW_LINKS);
            boolean clashesWithExisting = exists && !(directory && existingDirectory);
            if (otherSource != null || clashesWithExisting) {
                if (clash == Clash.RENAME) {
                    Path renamed = freeHostName(dest);
                    notices.accept("copied ::" + imagePath + " as " + renamed + ": " + dest
                            + (otherSource != null ? " is taken by ::" + otherSource : " exists"));
                    dest = renamed;
                    claimed.put(dest, imagePath);
                    exists = false;
                } else if (otherSource != null) {
                    clashes.add("image entries ::" + otherSource + " and ::" + imagePath + " both map to " + dest);
                    return;
                } else if (directory || existingDirectory) {
                    clashes.add("cannot copy " + kind(directory) + " ::" + imagePath + " onto " + dest
                            + ", which is " + (Files.isSymbolicLink(dest) ? "a symbolic link"
                                    : existingDirectory ? "a directory" : "a file"));
                    return;
                } else if (clash == Clash.SKIP) {
                    notices.accept("skipped ::" + imagePath + ": " + dest + " exists");
                    return;
                } else if (clash == Clash.FAIL) {
                    clashes.add(dest + " already exists (copying ::" + imagePath + "); choose to overwrite, skip or"
                            + " rename");
                    return;
                }
            }
            final Path to = dest;
            if (directory) {
                planDirectory(r, imagePath, to, root, depth, visited, exists);
                return;
            }
            boolean replace = exists;
            fs.chainOf(r, imagePath); // a size beyond the chain fails here, before the first write
            plan.bytes += r.size;
            FileTime modified = preserveTimes ? DosTime.toFileTime(r.writeDate, r.writeTime, 0,
                    fs.zone()) : null;
            plan.steps.add(new Step(false, () -> writeHostFile(r, imagePath, to, replace, modified)));
        }

        private void planDirectory(DirectoryRecord r, String imagePath, Path to, Path root, int depth,
                Set<Long> visited, boolean exists) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new FileSystemException(imagePath, null, "is nested deeper than " + MAX_DEPTH
                        + " directories (a directory loop? run 'kernkit vfat check'); nothing was copied");
            }
            Directory dir = fs.directoryOf(r, imagePath);
            long cluster = dir.isFixedRoot() ? -1 : dir.firstCluster();
            if (!visited.add(cluster)) {
                throw new CorruptImageException("directory loop: ::" + imagePath + " reaches cluster " + cluster
                        + " a second time; nothing was copied (run 'kernkit vfat check')");
            }
            if (!exists) {
                plannedDirectories.add(to);
                plan.steps.add(new Step(true, () -> makeHostDirectory(to, root)));
            }
            for (DirectoryRecord c : List.copyOf(dir.records())) {
                String childImage = join(imagePath, c.name());
                plan(c, childImage, childPath(to, c.name(), childImage), root, depth + 1, visited);
            }
        }

        private Path freeHostName(Path dest) {
            for (int n = 2; ; n++) {
                Path candidate = dest.resolveSibling(numbered(dest.getFileName().toString(), n));
                if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !claimed.containsKey(candidate)) {
                    return candidate;
                }
            }
        }

        void finish(Path root) throws IOException {
            if (!clashes.isEmpty()) {
                throw new FileAlreadyExistsException(summarise(clashes, "clash") + "; nothing was copied");
            }
            long usable = Files.getFileStore(root).getUsableSpace();
            if (plan.bytes > usable) {
                throw new FileSystemException(root.toString(), null, "copy needs " + plan.bytes + " bytes, the host"
                        + " file system has " + usable + " usable; nothing was copied");
            }
        }
    }

    private static boolean isRealDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static String quote(String name) {
        StringBuilder b = new StringBuilder("'");
        for (char c : name.toCharArray()) {
            b.append(c < 0x20 || c == 0x7F ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return b.append('\'').toString();
    }

    private static void makeHostDirectory(Path dir, Path root) throws IOException {
        if (!dir.equals(root) && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        }
        requireInside(dir, root);
    }

    /** Refuses to write into a directory that resolves (through a link made meanwhile) outside the target. */
    private static void requireInside(Path dir, Path root) throws IOException {
        if (!dir.toRealPath().startsWith(root)) {
            throw new FileSystemException(dir.toString(), null, "resolves outside the target " + root
                    + "; refused");
        }
    }

    private void writeHostFile(DirectoryRecord r, String imagePath, Path to, boolean replace, FileTime modified)
            throws IOException {
        Path parent = to.getParent();
        if (!replace) {
            // CREATE_NEW: a file that appeared since planning is refused, never overwritten; and only the file
            // this call created is removed if the copy fails.
            OutputStream created = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try (OutputStream out = created) {
                fs.transferRecord(r, imagePath, out, progress);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(to);
                throw e;
            }
        } else {
            // Overwrite: the old file stays whole until the complete new one is renamed over it.
            Path tmp = Files.createTempFile(parent, ".kernkit-vfat-", ".part");
            try {
                try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                    fs.transferRecord(r, imagePath, out, progress);
                }
                Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        }
        if (modified != null) {
            Files.setLastModifiedTime(to, modified);
        }
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }
}
