package org.kernkit.vfat.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kernkit.vfat.CorruptImageException;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.FileSystemFullException;
import org.kernkit.vfat.NamingMode;
import org.kernkit.vfat.partition.PartitionBlockDevice;
import org.kernkit.vfat.partition.PartitionTable;
import org.kernkit.vfat.partition.PartitionTableException;

/**
 * The {@code fat} scheme: FAT images as {@code java.nio.file} file systems, registered through
 * {@code META-INF/services}, used like the JDK's zip file system.
 *
 * <p>Opening an existing image: {@code FileSystems.newFileSystem(imagePath)}. The JDK's zip provider is asked
 * first and declines a file that is not a ZIP, so the call reaches this provider, which in turn declines (with
 * {@link UnsupportedOperationException}) a file without a FAT boot signature.
 *
 * <p>Creating an image: only through the URI form, {@code FileSystems.newFileSystem(URI.create("fat:" +
 * imagePath.toUri()), env)} with {@code "create" = "true"} and a {@code "size"}; the {@code env} keys are listed in
 * the package documentation. The Path form {@code FileSystems.newFileSystem(imagePath, Map.of("create", "true"))}
 * does <em>not</em> create a FAT image: the zip provider takes it first and writes an empty ZIP file.
 *
 * <p>A FAT inside a partition of an MBR or GPT disk opens with the {@code env} key {@code "partition"} (1-based, as
 * sfdisk and sgdisk count): {@code FileSystems.newFileSystem(diskPath, Map.of("partition", 1))}. A bad number, a
 * disk without a table, or a bare file-system image fails with a {@link java.nio.file.FileSystemException} naming
 * the disk and the partition. One disk is open through this provider once at a time, whichever partition.
 *
 * <p>URIs are {@code fat:<image file URI>!/path}. Paths are those of {@link FatPath}; thread-safety and locking are
 * those of {@link FatNioFileSystem}. This provider object is thread-safe.
 */
public final class FatFileSystemProvider extends FileSystemProvider {

    /** The URI scheme. */
    public static final String SCHEME = "fat";

    private final Map<Path, FatNioFileSystem> open = new HashMap<>();

    /** Made by the service loader. */
    public FatFileSystemProvider() {}

    @Override
    public String getScheme() {
        return SCHEME;
    }

    private static Path imageOf(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("URI " + uri + " does not have scheme " + SCHEME);
        }
        String ssp = uri.getSchemeSpecificPart();
        int bang = ssp.indexOf("!/");
        String image = bang >= 0 ? ssp.substring(0, bang) : ssp;
        return Path.of(URI.create(image.replace(" ", "%20"))).toAbsolutePath().normalize();
    }

    private static String pathOf(URI uri) {
        String ssp = uri.getSchemeSpecificPart();
        int bang = ssp.indexOf("!/");
        return bang >= 0 ? ssp.substring(bang + 1) : "/";
    }

    /**
     * Opens the image named by {@code uri} ({@code fat:file:///...}), or with {@code "create" = "true"} formats a
     * new one there if the file does not exist. This is the way to create an image through NIO.
     *
     * @throws IllegalArgumentException for an unknown {@code env} key or a malformed value (checked before
     *     anything is touched), or format options the size cannot meet
     * @throws FileSystemAlreadyExistsException if the image is open through this provider already
     * @throws IOException if the file cannot be read, created or formatted, or is not a FAT image
     */
    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        return open(imageOf(uri), ImageEnvironment.of(env));
    }

    /**
     * Opens the existing FAT image {@code path}; the same {@code env} keys as the URI form.
     *
     * @throws UnsupportedOperationException if {@code path} is not on the default file system or has no FAT boot
     *     signature (so {@code FileSystems.newFileSystem} can ask other providers)
     */
    @Override
    public FileSystem newFileSystem(Path path, Map<String, ?> env) throws IOException {
        if (path.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            throw new UnsupportedOperationException("FAT images must live on the default file system: " + path);
        }
        Path image = path.toAbsolutePath().normalize();
        // Decline a file that is not FAT before reading env: its keys may be meant for the provider that takes it.
        // A partitioned disk has no FAT boot sector at sector 0; the "partition" key says the caller means it.
        if (Files.exists(image) && !env.containsKey("partition") && !looksLikeFat(image)) {
            throw new UnsupportedOperationException(image + " has no FAT boot sector signature");
        }
        return open(image, ImageEnvironment.of(env));
    }

    private FileSystem open(Path image, ImageEnvironment env) throws IOException {
        synchronized (open) {
            if (open.containsKey(image)) {
                throw new FileSystemAlreadyExistsException(image.toString());
            }
            FatFileSystem core;
            if (env.create() && !Files.exists(image)) {
                core = FatFileSystem.format(image, env.size(), env.format());
            } else {
                // Without a "mode" key the image keeps its own naming mode (recorded or inferred), so a
                // patent-safe image never gets Windows aliases through NIO.
                core = env.partition() == 0
                        ? env.readOnly() ? FatFileSystem.openReadOnly(image) : FatFileSystem.open(image, env.mode())
                        : openPartition(image, env);
            }
            FatNioFileSystem fs = new FatNioFileSystem(this, core, image);
            open.put(image, fs);
            return fs;
        }
    }

    /** The volume in partition {@code env.partition()} of the disk {@code image}; the view owns the disk. */
    private static FatFileSystem openPartition(Path image, ImageEnvironment env) throws IOException {
        FileBlockDevice disk = FileBlockDevice.open(image, env.readOnly());
        PartitionBlockDevice device;
        try {
            device = PartitionTable.openPartition(disk, env.partition());
        } catch (PartitionTableException e) {
            throw new FileSystemException(image.toString(), null, "partition " + env.partition() + ": "
                    + e.getMessage());
        }
        return env.readOnly() ? FatFileSystem.openReadOnly(device) : FatFileSystem.open(device, env.mode());
    }

    private static boolean looksLikeFat(Path image) {
        try (SeekableByteChannel ch = Files.newByteChannel(image)) {
            ByteBuffer b = ByteBuffer.allocate(512);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            int jump = b.get(0) & 0xFF;
            return b.position() == 512 && (b.get(510) & 0xFF) == 0x55 && (b.get(511) & 0xFF) == 0xAA
                    && (jump == 0xEB || jump == 0xE9);
        } catch (IOException e) {
            return false;
        }
    }

    void closed(FatNioFileSystem fs) {
        synchronized (open) {
            open.remove(fs.imagePath());
        }
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        synchronized (open) {
            FatNioFileSystem fs = open.get(imageOf(uri));
            if (fs == null) {
                throw new FileSystemNotFoundException("no open FAT file system for " + uri);
            }
            return fs;
        }
    }

    /**
     * The path {@code uri} names in its open file system.
     *
     * @throws FileSystemNotFoundException if that image is not open
     * @throws java.nio.file.InvalidPathException if a name is not a valid FAT name
     */
    @Override
    public Path getPath(URI uri) {
        FatNioFileSystem fs = (FatNioFileSystem) getFileSystem(uri);
        return fs.getPath(pathOf(uri));
    }

    private static FatPath fat(Path p) {
        if (!(p instanceof FatPath fp)) {
            throw new ProviderMismatchException("path " + p + " is not a FAT path");
        }
        return fp;
    }

    private static String text(Path p) {
        return fat(p).toAbsolutePath().normalize().toString();
    }

    private static FatNioFileSystem fs(Path p) {
        return fat(p).getFileSystem();
    }

    private static void refuseInitialAttributes(FileAttribute<?>[] attrs) {
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("'" + attrs[0].name() + "' not supported as initial attribute "
                    + "on FAT");
        }
    }

    /** Same as {@link #newFileChannel}: the channel is a {@link FileChannel}. */
    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        return newFileChannel(path, options, attrs);
    }

    /**
     * Opens a file channel, as {@link FileChannel#open(Path, Set, FileAttribute[])}.
     *
     * @throws IllegalArgumentException for {@code READ + APPEND} or {@code APPEND + TRUNCATE_EXISTING}
     * @throws UnsupportedOperationException for a non-standard option or any initial attribute
     * @throws java.nio.file.NoSuchFileException if the file does not exist and no create option was given
     * @throws java.nio.file.FileAlreadyExistsException with {@code CREATE_NEW} if it exists
     */
    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        ChannelOptions opts = ChannelOptions.of(options);
        refuseInitialAttributes(attrs);
        String text = text(path);
        FatNioFileSystem fs = fs(path);
        NioChannelOpener opener = core -> new FatNioFileChannel(fs, core.newByteChannel(text, opts.core()), text,
                opts);
        return opts.write() ? fs.writing(opener::open) : fs.reading(opener::open);
    }

    @FunctionalInterface
    private interface NioChannelOpener {
        FatNioFileChannel open(FatFileSystem core) throws IOException;
    }

    /**
     * A stream over a snapshot of the directory's entries, taken under the read lock; the filter runs outside it.
     *
     * @throws CorruptImageException if an entry's stored name cannot be one name of a path ({@code ..}, or holding
     *     {@code /}, {@code \} or NUL): such a name would resolve outside the directory
     */
    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        FatPath base = fat(dir);
        String text = text(dir);
        List<FatEntry> entries = fs(dir).reading(core -> core.list(text));
        List<Path> children = new ArrayList<>(entries.size());
        for (FatEntry e : entries) {
            if (!FatNames.isSinglePathName(e.name())) {
                throw new CorruptImageException("directory " + text + " in " + base.getFileSystem().imagePath()
                        + " holds an entry named '" + e.name().replace("\0", "\\0") + "', which is not a "
                        + "single file name; run check");
            }
            Path child = FatPath.child(base, e.name());
            if (filter == null || filter.accept(child)) {
                children.add(child);
            }
        }
        return new DirectoryStream<>() {
            private boolean iterated;
            private boolean closed;

            @Override
            public Iterator<Path> iterator() {
                if (closed) {
                    throw new IllegalStateException("directory stream of " + text + " is closed");
                }
                if (iterated) {
                    throw new IllegalStateException("directory stream of " + text + " already iterated");
                }
                iterated = true;
                return children.iterator();
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        refuseInitialAttributes(attrs);
        String text = text(dir);
        fs(dir).writing(core -> {
            core.createDirectory(text);
            return null;
        });
    }

    @Override
    public void delete(Path path) throws IOException {
        String text = text(path);
        fs(path).writing(core -> {
            core.delete(text);
            return null;
        });
    }

    /**
     * Copies a file, or makes an empty directory for a directory. Copying a file onto itself (under any spelling
     * that resolves to it, such as {@code /A.TXT} onto {@code /a.txt}) does nothing. See {@link FatCopy}.
     *
     * @throws UnsupportedOperationException for {@code ATOMIC_MOVE} or a non-standard option
     * @throws FileSystemFullException before anything is changed if the target volume cannot hold the file
     */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        FatCopy.copy(fat(source), fat(target), FatCopy.Options.of(options, false));
    }

    /**
     * Moves or renames. Within one image a rename of the entry; between two images a copy and a delete, refused
     * under {@code ATOMIC_MOVE}. See {@link FatCopy}.
     *
     * @throws AtomicMoveNotSupportedException with {@code ATOMIC_MOVE} when source and target are in different
     *     images
     */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        FatCopy.move(fat(source), fat(target), FatCopy.Options.of(options, true));
    }

    /** Equal paths are the same file without a look; otherwise both must exist and have one real path. */
    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        if (!(path2 instanceof FatPath) || fs(path) != fs(path2)) {
            return false;
        }
        return fat(path).toRealPath().equals(fat(path2).toRealPath());
    }

    private static FatEntry stat(Path path) throws IOException {
        String text = text(path);
        return fs(path).reading(core -> core.stat(text));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return (stat(path).attributes() & FatEntry.HIDDEN) != 0;
    }

    @Override
    public FileStore getFileStore(Path path) {
        return new FatFileStore(fat(path).getFileSystem());
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        FatEntry e = stat(path);
        for (AccessMode m : modes) {
            if (m == AccessMode.WRITE) {
                if (fs(path).isReadOnly()) {
                    throw new java.nio.file.AccessDeniedException(path.toString(), null, "file system is read-only");
                }
                if ((e.attributes() & FatEntry.READ_ONLY) != 0) {
                    throw new java.nio.file.AccessDeniedException(path.toString(), null, "read-only attribute");
                }
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type == BasicFileAttributeView.class || type == DosFileAttributeView.class) {
            return (V) new View(path);
        }
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (type == BasicFileAttributes.class || type == DosFileAttributes.class) {
            return (A) new FatFileAttributes(stat(path));
        }
        throw new UnsupportedOperationException("attributes " + type.getName() + " are not supported on FAT");
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        String view = "basic";
        String names = attributes;
        int colon = attributes.indexOf(':');
        if (colon >= 0) {
            view = attributes.substring(0, colon);
            names = attributes.substring(colon + 1);
        }
        if (!view.equals("basic") && !view.equals("dos")) {
            throw new UnsupportedOperationException("attribute view '" + view + "' is not supported on FAT");
        }
        FatFileAttributes a = new FatFileAttributes(stat(path));
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("lastModifiedTime", a.lastModifiedTime());
        all.put("lastAccessTime", a.lastAccessTime());
        all.put("creationTime", a.creationTime());
        all.put("size", a.size());
        all.put("isRegularFile", a.isRegularFile());
        all.put("isDirectory", a.isDirectory());
        all.put("isSymbolicLink", false);
        all.put("isOther", false);
        all.put("fileKey", null);
        if (view.equals("dos")) {
            all.put("readonly", a.isReadOnly());
            all.put("hidden", a.isHidden());
            all.put("system", a.isSystem());
            all.put("archive", a.isArchive());
        }
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String n : names.split(",")) {
            if (!all.containsKey(n)) {
                throw new IllegalArgumentException("attribute '" + n + "' is not in view '" + view + "'");
            }
            out.put(n, all.get(n));
        }
        return out;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        String name = attribute.contains(":") ? attribute.substring(attribute.indexOf(':') + 1) : attribute;
        View view = new View(path);
        switch (name) {
            case "lastModifiedTime" -> view.setTimes((FileTime) value, null, null);
            case "lastAccessTime" -> view.setTimes(null, (FileTime) value, null);
            case "creationTime" -> view.setTimes(null, null, (FileTime) value);
            case "readonly" -> view.setReadOnly((Boolean) value);
            case "hidden" -> view.setHidden((Boolean) value);
            case "system" -> view.setSystem((Boolean) value);
            case "archive" -> view.setArchive((Boolean) value);
            default -> throw new IllegalArgumentException("attribute '" + attribute + "' cannot be set on FAT");
        }
    }

    /** Basic and DOS attribute view of one path. */
    private static final class View implements DosFileAttributeView {
        private final Path path;

        View(Path path) {
            this.path = path;
        }

        @Override
        public String name() {
            return "dos";
        }

        @Override
        public DosFileAttributes readAttributes() throws IOException {
            return new FatFileAttributes(stat(path));
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                throws IOException {
            String text = text(path);
            fs(path).writing(core -> {
                if (core.isReadOnly()) {
                    throw new ReadOnlyFileSystemException();
                }
                core.setTimes(text, createTime, lastModifiedTime, lastAccessTime);
                return null;
            });
        }

        /** Reads and changes one bit under one hold of the write lock, so two threads' bits never undo each other. */
        private void setBit(int bit, boolean value) throws IOException {
            String text = text(path);
            fs(path).writing(core -> {
                int current = core.stat(text).attributes() & 0x27;
                core.setAttributes(text, value ? current | bit : current & ~bit);
                return null;
            });
        }

        @Override
        public void setReadOnly(boolean value) throws IOException {
            setBit(FatEntry.READ_ONLY, value);
        }

        @Override
        public void setHidden(boolean value) throws IOException {
            setBit(FatEntry.HIDDEN, value);
        }

        @Override
        public void setSystem(boolean value) throws IOException {
            setBit(FatEntry.SYSTEM, value);
        }

        @Override
        public void setArchive(boolean value) throws IOException {
            setBit(FatEntry.ARCHIVE, value);
        }
    }
}
