package org.kernkit.vfat.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FileBlockDevice;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;

/**
 * The {@code fat} scheme: FAT images as {@code java.nio.file} file systems, registered through
 * {@code META-INF/services}, used like the JDK's zip file system:
 *
 * <pre>{@code
 * try (FileSystem fat = FileSystems.newFileSystem(Path.of("disk.img"))) {
 *     Files.writeString(fat.getPath("/Long Name.txt"), "hello");
 * }
 * }</pre>
 *
 * <p>URIs are {@code fat:<image file URI>!/path}. Environment keys for {@code newFileSystem}: {@code "mode"}
 * ({@code windows} or {@code patent-safe}, default windows), {@code "readOnly"} ({@code true}/{@code false}),
 * {@code "create"} ({@code true}: format a new image of {@code "size"} bytes, optionally {@code "label"}).
 *
 * <p>{@link #newFileSystem(Path, Map)} answers {@link UnsupportedOperationException} for a file without a FAT boot
 * signature, so {@code FileSystems.newFileSystem(path)} can try other providers. Thread-safe.
 */
public final class FatFileSystemProvider extends FileSystemProvider {

    /** The URI scheme. */
    public static final String SCHEME = "fat";

    private final Map<Path, FatNioFileSystem> open = new HashMap<>();

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

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        return open(imageOf(uri), env, true);
    }

    @Override
    public FileSystem newFileSystem(Path path, Map<String, ?> env) throws IOException {
        if (path.getFileSystem() != java.nio.file.FileSystems.getDefault()) {
            throw new UnsupportedOperationException("FAT images must live on the default file system: " + path);
        }
        return open(path.toAbsolutePath().normalize(), env, false);
    }

    private FileSystem open(Path image, Map<String, ?> env, boolean fromUri) throws IOException {
        boolean create = Boolean.parseBoolean(String.valueOf(env.get("create")));
        boolean readOnly = Boolean.parseBoolean(String.valueOf(env.get("readOnly")));
        Object modeValue = env.get("mode");
        NamingMode mode = modeValue == null ? NamingMode.WINDOWS : NamingMode.parse(String.valueOf(modeValue));
        synchronized (open) {
            if (open.containsKey(image)) {
                throw new FileSystemAlreadyExistsException(image.toString());
            }
            FatFileSystem core;
            if (create && !Files.exists(image)) {
                Object size = env.get("size");
                if (size == null) {
                    throw new IllegalArgumentException("creating " + image + " needs env key 'size' (bytes)");
                }
                FormatOptions.Builder b = FormatOptions.builder().namingMode(mode);
                if (env.get("label") != null) {
                    b.volumeLabel(String.valueOf(env.get("label")));
                }
                core = FatFileSystem.format(image, Long.parseLong(String.valueOf(size)), b.build());
            } else {
                if (!fromUri && !looksLikeFat(image)) {
                    throw new UnsupportedOperationException(image + " has no FAT boot sector signature");
                }
                core = readOnly ? FatFileSystem.openReadOnly(image)
                        : FatFileSystem.open(FileBlockDevice.open(image, false), mode);
            }
            FatNioFileSystem fs = new FatNioFileSystem(this, core, image);
            open.put(image, fs);
            return fs;
        }
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

    private static FatFileSystem core(Path p) {
        return fat(p).getFileSystem().core();
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        return core(path).newByteChannel(text(path), options);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        List<Path> children = new ArrayList<>();
        FatPath base = fat(dir);
        for (FatEntry e : core(dir).list(text(dir))) {
            Path child = base.resolve(base.getFileSystem().getPath(e.name()));
            if (filter == null || filter.accept(child)) {
                children.add(child);
            }
        }
        return new DirectoryStream<>() {
            private boolean iterated;

            @Override
            public Iterator<Path> iterator() {
                if (iterated) {
                    throw new IllegalStateException("directory stream already iterated");
                }
                iterated = true;
                return children.iterator();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        core(dir).createDirectory(text(dir));
    }

    @Override
    public void delete(Path path) throws IOException {
        core(path).delete(text(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        boolean replace = List.of(options).contains(StandardCopyOption.REPLACE_EXISTING);
        boolean copyAttributes = List.of(options).contains(StandardCopyOption.COPY_ATTRIBUTES);
        FatFileSystem src = core(source);
        FatFileSystem dst = core(target);
        FatEntry entry = src.stat(text(source));
        if (dst.exists(text(target))) {
            if (!replace) {
                throw new FileAlreadyExistsException(target.toString());
            }
            dst.delete(text(target));
        }
        if (entry.directory()) {
            dst.createDirectory(text(target));
        } else {
            try (SeekableByteChannel in = src.newByteChannel(text(source), Set.of(StandardOpenOption.READ));
                    SeekableByteChannel out = dst.newByteChannel(text(target),
                            Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW))) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                while (in.read(buf) > 0) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        out.write(buf);
                    }
                    buf.clear();
                }
            }
        }
        if (copyAttributes) {
            dst.setTimes(text(target), entry.created(), entry.modified(), entry.accessed());
            dst.setAttributes(text(target), entry.attributes() & 0x27);
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        if (fat(source).getFileSystem() != fat(target).getFileSystem()) {
            copy(source, target, options);
            delete(source);
            return;
        }
        core(source).move(text(source), text(target), List.of(options).contains(StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        if (!(path2 instanceof FatPath) || fat(path).getFileSystem() != fat(path2).getFileSystem()) {
            return false;
        }
        FatEntry a = core(path).stat(text(path));
        FatEntry b = core(path2).stat(text(path2));
        return a.firstCluster() != 0 && a.firstCluster() == b.firstCluster()
                || text(path).equalsIgnoreCase(text(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return (core(path).stat(text(path)).attributes() & FatEntry.HIDDEN) != 0;
    }

    @Override
    public FileStore getFileStore(Path path) {
        return new FatFileStore(fat(path).getFileSystem());
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        FatEntry e = core(path).stat(text(path));
        for (AccessMode m : modes) {
            if (m == AccessMode.WRITE) {
                if (core(path).isReadOnly()) {
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
            return (A) new FatFileAttributes(core(path).stat(text(path)));
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
        FatFileAttributes a = new FatFileAttributes(core(path).stat(text(path)));
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
            return new FatFileAttributes(core(path).stat(text(path)));
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                throws IOException {
            if (core(path).isReadOnly()) {
                throw new ReadOnlyFileSystemException();
            }
            core(path).setTimes(text(path), createTime, lastModifiedTime, lastAccessTime);
        }

        private void setBit(int bit, boolean value) throws IOException {
            int current = core(path).stat(text(path)).attributes() & 0x27;
            core(path).setAttributes(text(path), value ? current | bit : current & ~bit);
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
