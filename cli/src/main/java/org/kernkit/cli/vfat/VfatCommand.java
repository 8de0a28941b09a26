package org.kernkit.cli.vfat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.kernkit.cli.CommandFailure;
import org.kernkit.vfat.CheckReport;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.FileBlockDevice;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kernkit vfat}: mtools-style commands on FAT image files. Paths inside the image are absolute
 * ({@code /dir/file}); in {@code cp}, an argument starting with {@code ::} names a path in the image.
 */
@Command(name = "vfat", mixinStandardHelpOptions = true,
        description = "FAT12/16/32 images with long names and the patent-safe naming mode.",
        subcommands = {
            VfatCommand.Mkfs.class, VfatCommand.Ls.class, VfatCommand.Cp.class, VfatCommand.Cat.class,
            VfatCommand.Mkdir.class, VfatCommand.Rm.class, VfatCommand.Mv.class, VfatCommand.Info.class,
            VfatCommand.Check.class
        })
public final class VfatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The image option every subcommand shares. */
    static final class ImageOption {
        @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMG", description = "the image file")
        Path image;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "windows",
                description = "naming mode for new names: windows or patent-safe (default: ${DEFAULT-VALUE})")
        String mode;

        NamingMode namingMode() {
            try {
                return NamingMode.parse(mode);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
        }

        FatFileSystem open() throws IOException {
            requireImageExists();
            return FatFileSystem.open(image, namingMode());
        }

        FatFileSystem openReadOnly() throws IOException {
            requireImageExists();
            return FatFileSystem.openReadOnly(image);
        }

        /** Opening must not create the image: a mistyped name is an error, not a new empty file. */
        private void requireImageExists() throws NoSuchFileException {
            if (!Files.exists(image)) {
                throw new NoSuchFileException(image.toString(), null, "image file does not exist");
            }
        }
    }

    /** Base of the subcommands: runs the body, turns I/O errors into a one-line message and exit 1. */
    abstract static class Sub implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        abstract int run() throws IOException;

        @Override
        public final Integer call() {
            try {
                int rc = run();
                out().flush();
                return rc;
            } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
                out().flush();
                return CommandFailure.report(spec, "vfat " + spec.name(), describe(e));
            }
        }
    }

    static String describe(Exception e) {
        String type = e.getClass().getSimpleName();
        String msg = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() == null) {
            String what = switch (e) {
                case java.nio.file.NoSuchFileException x -> "no such file or directory";
                case java.nio.file.FileAlreadyExistsException x -> "already exists";
                case java.nio.file.DirectoryNotEmptyException x -> "directory not empty";
                case java.nio.file.NotDirectoryException x -> "not a directory";
                case java.nio.file.AccessDeniedException x -> "access denied";
                default -> type;
            };
            return fse.getMessage() + ": " + what;
        }
        return msg == null ? type : msg;
    }

    @Command(name = "mkfs", mixinStandardHelpOptions = true, description = "Format an image (created if absent).")
    static final class Mkfs extends Sub {
        @Mixin
        ImageOption image;

        @Option(names = {"-s", "--size"}, paramLabel = "SIZE",
                description = "image size, e.g. 64M, 1G, 1440K (required when the file does not exist)")
        String size;

        @Option(names = {"-F", "--fat"}, paramLabel = "BITS", description = "12, 16 or 32 (default: by size)")
        Integer fat;

        @Option(names = {"-n", "--label"}, paramLabel = "LABEL", description = "volume label")
        String label;

        @Option(names = {"-c", "--cluster-sectors"}, paramLabel = "N", description = "sectors per cluster")
        Integer clusterSectors;

        @Override
        int run() throws IOException {
            FormatOptions.Builder b = FormatOptions.builder().namingMode(image.namingMode()).volumeLabel(label);
            if (fat != null) {
                b.fatType(switch (fat) {
                    case 12 -> FatType.FAT12;
                    case 16 -> FatType.FAT16;
                    case 32 -> FatType.FAT32;
                    default -> throw new IllegalArgumentException("--fat " + fat + " is not 12, 16 or 32");
                });
            }
            if (clusterSectors != null) {
                b.sectorsPerCluster(clusterSectors);
            }
            FatFileSystem fs;
            if (size != null) {
                fs = FatFileSystem.format(image.image, parseSize(size), b.build());
            } else if (Files.exists(image.image)) {
                fs = FatFileSystem.format(FileBlockDevice.open(image.image, false), b.build());
            } else {
                throw new IllegalArgumentException("image " + image.image + " does not exist; give --size");
            }
            try (fs) {
                out().printf("formatted %s: %s, %d clusters of %d bytes, %s naming%n", image.image, fs.type(),
                        fs.clusterCount(), fs.clusterSize(), fs.namingMode());
            }
            return 0;
        }
    }

    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("K")) {
            unit = 1024;
        } else if (t.endsWith("M")) {
            unit = 1024 * 1024;
        } else if (t.endsWith("G")) {
            unit = 1024L * 1024 * 1024;
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t) * unit;
            if (v <= 0 || v % 512 != 0) {
                throw new IllegalArgumentException("size " + text + " is not a positive multiple of 512 bytes");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is not a number with optional K, M or G");
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List a directory.")
    static final class Ls extends Sub {
        @Mixin
        ImageOption image;

        @Option(names = "-l", description = "long format: attributes, size, time, 8.3 name")
        boolean longFormat;

        @Option(names = "-R", description = "recursive")
        boolean recursive;

        @Parameters(arity = "0..1", defaultValue = "/", paramLabel = "PATH")
        String path;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.openReadOnly()) {
                list(fs, path, !recursive);
            }
            return 0;
        }

        private void list(FatFileSystem fs, String dir, boolean single) throws IOException {
            requireNestingWithinMaxDepth(dir);
            if (!single) {
                out().println(dir + ":");
            }
            List<FatEntry> entries = fs.list(dir);
            for (FatEntry e : entries) {
                if (longFormat) {
                    out().printf("%s %10d %s  %-12s %s%n", attributes(e), e.size(),
                            e.modified() == null ? "----------------" : TIME.format(e.modified().toInstant()),
                            e.shortName() == null ? "-" : e.shortName(), e.name() + (e.directory() ? "/" : ""));
                } else {
                    out().println(e.name() + (e.directory() ? "/" : ""));
                }
            }
            if (!single) {
                for (FatEntry e : entries) {
                    if (e.directory()) {
                        out().println();
                        list(fs, (dir.endsWith("/") ? dir : dir + "/") + e.name(), false);
                    }
                }
            }
        }
    }

    /** Deepest directory nesting the recursive commands follow; deeper means a damaged (looping) tree. */
    static final int MAX_DEPTH = 128;

    /** Stops a recursive command at {@code path} if it lies deeper than {@link #MAX_DEPTH} directories. */
    static void requireNestingWithinMaxDepth(String path) throws IOException {
        if (path.chars().filter(c -> c == '/').count() > MAX_DEPTH) {
            throw new IOException("directory nesting deeper than " + MAX_DEPTH + " at " + path
                    + " (a directory loop? run 'kernkit vfat check')");
        }
    }

    static String attributes(FatEntry e) {
        int a = e.attributes();
        return "" + ((a & FatEntry.DIRECTORY) != 0 ? 'd' : '-') + ((a & FatEntry.READ_ONLY) != 0 ? 'r' : '-')
                + ((a & FatEntry.HIDDEN) != 0 ? 'h' : '-') + ((a & FatEntry.SYSTEM) != 0 ? 's' : '-')
                + ((a & FatEntry.ARCHIVE) != 0 ? 'a' : '-');
    }

    @Command(name = "cp", mixinStandardHelpOptions = true,
            description = "Copy files in or out: '::/path' is a path in the image, anything else a host path.")
    static final class Cp extends Sub {
        @Mixin
        ImageOption image;

        @Option(names = {"-r", "-R"}, description = "copy directories recursively")
        boolean recursive;

        @Option(names = "--no-progress", description = "never draw the progress bar")
        boolean noProgress;

        @Parameters(arity = "2..*", paramLabel = "SRC... DST")
        List<String> args;

        @Override
        int run() throws IOException {
            List<String> sources = args.subList(0, args.size() - 1);
            String target = args.getLast();
            boolean into = isImage(target);
            for (String s : sources) {
                if (isImage(s) == into) {
                    throw new IllegalArgumentException("copy '" + s + "' to '" + target
                            + "': exactly one side must be in the image ('::/path')");
                }
            }
            try (FatFileSystem fs = into ? image.open() : image.openReadOnly()) {
                long total = 0;
                for (String s : sources) {
                    total += into ? hostSize(Path.of(s)) : imageSize(fs, strip(s));
                }
                CopyProgress progress = new CopyProgress(err(), total, !noProgress);
                for (String s : sources) {
                    if (into) {
                        Path src = Path.of(s);
                        String dst = strip(target);
                        if (fs.exists(dst) && fs.stat(dst).directory()) {
                            dst = join(dst, src.getFileName().toString());
                        }
                        copyIn(fs, src, dst, progress);
                    } else {
                        String src = strip(s);
                        Path dst = Path.of(target);
                        if (Files.isDirectory(dst)) {
                            dst = dst.resolve(fs.stat(src).name());
                        }
                        copyOut(fs, src, dst, progress);
                    }
                }
                progress.finish();
            }
            return 0;
        }

        private long hostSize(Path p) throws IOException {
            if (!Files.isDirectory(p)) {
                return Files.size(p);
            }
            try (Stream<Path> walk = Files.walk(p)) {
                long sum = 0;
                for (Path f : (Iterable<Path>) walk::iterator) {
                    if (Files.isRegularFile(f)) {
                        sum += Files.size(f);
                    }
                }
                return sum;
            }
        }

        private long imageSize(FatFileSystem fs, String p) throws IOException {
            FatEntry e = fs.stat(p);
            if (!e.directory()) {
                return e.size();
            }
            long sum = 0;
            for (FatEntry c : fs.list(p)) {
                sum += imageSize(fs, join(p, c.name()));
            }
            return sum;
        }

        private void copyIn(FatFileSystem fs, Path src, String dst, CopyProgress progress) throws IOException {
            if (Files.isDirectory(src)) {
                if (!recursive) {
                    throw new IllegalArgumentException(src + " is a directory; use -r");
                }
                fs.createDirectories(dst);
                List<Path> children = new ArrayList<>();
                try (Stream<Path> list = Files.list(src)) {
                    list.sorted().forEach(children::add);
                }
                for (Path c : children) {
                    copyIn(fs, c, join(dst, c.getFileName().toString()), progress);
                }
                return;
            }
            try (InputStream in = Files.newInputStream(src);
                    SeekableByteChannel ch = fs.newByteChannel(dst, Set.of(StandardOpenOption.WRITE,
                            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING))) {
                byte[] buf = new byte[1 << 20];
                int n;
                while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        ch.write(bb);
                    }
                    progress.advance(n);
                }
            }
        }

        private void copyOut(FatFileSystem fs, String src, Path dst, CopyProgress progress) throws IOException {
            FatEntry e = fs.stat(src);
            requireNestingWithinMaxDepth(src);
            if (e.directory()) {
                if (!recursive) {
                    throw new IllegalArgumentException(src + " is a directory; use -r");
                }
                Files.createDirectories(dst);
                for (FatEntry c : fs.list(src)) {
                    copyOut(fs, join(src, c.name()), dst.resolve(c.name()), progress);
                }
                return;
            }
            try (SeekableByteChannel ch = fs.newByteChannel(src, Set.of(StandardOpenOption.READ));
                    OutputStream out = Files.newOutputStream(dst)) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 20);
                while (ch.read(buf) > 0) {
                    out.write(buf.array(), 0, buf.position());
                    progress.advance(buf.position());
                    buf.clear();
                }
            }
        }
    }

    static boolean isImage(String arg) {
        return arg.startsWith("::");
    }

    static String strip(String arg) {
        String p = arg.substring(2);
        return p.startsWith("/") ? p : "/" + p;
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    @Command(name = "cat", mixinStandardHelpOptions = true, description = "Print a file's bytes.")
    static final class Cat extends Sub {
        @Mixin
        ImageOption image;

        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<String> paths;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.openReadOnly()) {
                out().flush();
                for (String p : paths) {
                    byte[] bytes = fs.readAllBytes(p);
                    out().print(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return 0;
        }
    }

    @Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Make directories.")
    static final class Mkdir extends Sub {
        @Mixin
        ImageOption image;

        @Option(names = "-p", description = "make parents as needed; no error if it exists")
        boolean parents;

        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<String> paths;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.open()) {
                for (String p : paths) {
                    if (parents) {
                        fs.createDirectories(p);
                    } else {
                        fs.createDirectory(p);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove files and directories.")
    static final class Rm extends Sub {
        @Mixin
        ImageOption image;

        @Option(names = {"-r", "-R"}, description = "remove directories and their contents")
        boolean recursive;

        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<String> paths;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.open()) {
                for (String p : paths) {
                    remove(fs, p);
                }
            }
            return 0;
        }

        private void remove(FatFileSystem fs, String p) throws IOException {
            FatEntry e = fs.stat(p);
            if (e.directory() && recursive) {
                for (FatEntry c : fs.list(p)) {
                    remove(fs, join(p, c.name()));
                }
            }
            fs.delete(p);
        }
    }

    @Command(name = "mv", mixinStandardHelpOptions = true, description = "Rename or move a file or directory.")
    static final class Mv extends Sub {
        @Mixin
        ImageOption image;

        @Option(names = "-f", description = "replace an existing target file")
        boolean force;

        @Parameters(index = "0", paramLabel = "SRC")
        String source;

        @Parameters(index = "1", paramLabel = "DST")
        String target;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.open()) {
                String dst = target;
                // Into an existing directory, unless the target is the source itself (a case-only rename).
                if (fs.exists(dst) && fs.stat(dst).directory()
                        && fs.stat(dst).firstCluster() != fs.stat(source).firstCluster()) {
                    dst = join(dst, fs.stat(source).name());
                }
                fs.move(source, dst, force);
            }
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show the volume's geometry and usage.")
    static final class Info extends Sub {
        @Mixin
        ImageOption image;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.openReadOnly()) {
                out().printf("image:        %s%n", image.image);
                out().printf("type:         %s%n", fs.type());
                out().printf("label:        %s%n", fs.volumeLabel().isEmpty() ? "(none)" : fs.volumeLabel());
                out().printf("volume id:    %08X%n", fs.volumeId());
                out().printf("cluster size: %d bytes%n", fs.clusterSize());
                out().printf("clusters:     %d (%d free)%n", fs.clusterCount(), fs.freeClusters());
                out().printf("space:        %d bytes, %d free%n", fs.totalSpace(), fs.freeSpace());
                out().printf("layout:       %s%n", fs.describeLayout());
                out().printf("dirty:        %s%n", fs.wasDirtyWhenOpened() ? "yes (not cleanly closed)" : "no");
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check the volume's consistency (read-only); exit 1 if anything is wrong.")
    static final class Check extends Sub {
        @Mixin
        ImageOption image;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.openReadOnly()) {
                CheckReport report = fs.check();
                for (String p : report.problems()) {
                    out().println("problem: " + p);
                }
                out().printf("%s: %d files, %d directories, %d/%d clusters used, %s%n", image.image, report.files(),
                        report.directories(), report.usedClusters(), fs.clusterCount(),
                        report.clean() ? "clean" : report.problems().size() + " problem(s)");
                return report.clean() ? 0 : 1;
            }
        }
    }
}
