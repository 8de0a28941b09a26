package org.kernkit.cli.vfat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kernkit.cli.CommandFailure;
import org.kernkit.vfat.CheckReport;
import org.kernkit.vfat.FatEntry;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.FatType;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.FormatOptions;
import org.kernkit.vfat.NamingMode;
import org.kernkit.vfat.TreeCopy;
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
            VfatCommand.Check.class, BuildCommand.class
        })
public final class VfatCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Where {@code cat} writes its bytes: standard output itself, not a character writer (tests replace it). */
    OutputStream binaryOut = System.out;

    /** The image option every subcommand shares. */
    static final class ImageOption {
        @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMG", description = "the image file")
        Path image;

        FatFileSystem open(NamingMode mode) throws IOException {
            requireImageExists();
            return mode == null ? FatFileSystem.open(image) : FatFileSystem.open(image, mode);
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

    /**
     * {@code --mode}, only on the commands that create names (mkfs, cp into the image, mkdir, mv): elsewhere it
     * would mean nothing, so picocli refuses it as an unknown option. Absent, the image's own mode is used.
     */
    static final class ModeOption {
        @Option(names = "--mode", paramLabel = "MODE", converter = NamingModeConverter.class,
                description = "naming mode for new names: windows or patent-safe (default: the image's own mode,"
                        + " recorded by mkfs or inferred from its names; windows for a new image)")
        NamingMode mode;
    }

    /** Parses {@code --mode}; an unknown mode is a usage error (exit 2). */
    static final class NamingModeConverter implements CommandLine.ITypeConverter<NamingMode> {
        @Override
        public NamingMode convert(String value) {
            try {
                return NamingMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
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
            } catch (CommandLine.ParameterException e) {
                throw e; // a usage error: picocli's handler prints one line and the help pointer, exit 2
            } catch (IOException | RuntimeException e) {
                out().flush();
                return CommandFailure.report(spec, "vfat " + spec.name(), describe(e));
            } catch (StackOverflowError e) {
                // Every recursive walk has a depth limit; this is the last line of defence against a trace.
                out().flush();
                return CommandFailure.report(spec, "vfat " + spec.name(), "directory structure too deep to walk"
                        + " (a loop?); run 'kernkit vfat check'");
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

        @Mixin
        ModeOption mode;

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
            // Every option is checked before the image is touched; a bad value is a usage error (exit 2).
            FormatOptions options;
            long bytes;
            try {
                FormatOptions.Builder b = FormatOptions.builder()
                        .namingMode(mode.mode == null ? NamingMode.WINDOWS : mode.mode).volumeLabel(label);
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
                options = b.build();
                bytes = size == null ? -1 : parseSize(size);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            FatFileSystem fs;
            if (size != null) {
                fs = FatFileSystem.format(image.image, bytes, options);
            } else if (Files.exists(image.image)) {
                fs = FatFileSystem.format(FileBlockDevice.open(image.image, false), options);
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
            long v = Math.multiplyExact(Long.parseLong(t), unit);
            if (v <= 0 || v % 512 != 0) {
                throw new IllegalArgumentException("size " + text + " is not a positive multiple of 512 bytes");
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("size '" + text + "' is not a number of bytes with optional K, M or G"
                    + " that fits in 63 bits");
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
                if (!recursive) {
                    print(fs.list(path));
                    return 0;
                }
                boolean[] first = {true};
                fs.walk(path, (dir, entries) -> {
                    if (!first[0]) {
                        out().println();
                    }
                    first[0] = false;
                    out().println(dir + ":");
                    print(entries);
                });
            }
            return 0;
        }

        private void print(List<FatEntry> entries) {
            for (FatEntry e : entries) {
                if (longFormat) {
                    out().printf("%s %10d %s  %-12s %s%n", attributes(e), e.size(),
                            e.modified() == null ? "----------------" : TIME.format(e.modified().toInstant()),
                            e.shortName() == null ? "-" : e.shortName(), e.name() + (e.directory() ? "/" : ""));
                } else {
                    out().println(e.name() + (e.directory() ? "/" : ""));
                }
            }
        }
    }

    static String attributes(FatEntry e) {
        int a = e.attributes();
        return "" + ((a & FatEntry.DIRECTORY) != 0 ? 'd' : '-') + ((a & FatEntry.READ_ONLY) != 0 ? 'r' : '-')
                + ((a & FatEntry.HIDDEN) != 0 ? 'h' : '-') + ((a & FatEntry.SYSTEM) != 0 ? 's' : '-')
                + ((a & FatEntry.ARCHIVE) != 0 ? 'a' : '-');
    }

    @Command(name = "cp", mixinStandardHelpOptions = true,
            description = {
                "Copy files in or out: '::/path' is a path in the image, anything else a host path.",
                "The whole copy is checked before the first write: every name, every clash, the free space,"
                        + " and (copying out) directory loops and damaged chains; a refusal copies nothing.",
                "An existing target file is an error unless -o, -n or -a says otherwise; two sources that map to"
                        + " one target (in the image: case-insensitively, e.g. Case.txt and case.txt) are an"
                        + " error unless -a.",
                "Copying out, names from the image are untrusted: '.', '..', and names holding '/', '\\', NUL"
                        + " or control characters are written under a safe replacement ('_' for each such"
                        + " character, '_' for '.', '__' for '..'), with a warning; nothing is ever written"
                        + " outside DST."
            })
    static final class Cp extends Sub {
        @Mixin
        ImageOption image;

        @Mixin
        ModeOption mode;

        @Option(names = {"-r", "-R"}, description = "copy directories recursively")
        boolean recursive;

        @Option(names = {"-o", "--overwrite"}, description = "replace existing target files (like mcopy -o)")
        boolean overwrite;

        @Option(names = {"-n", "--no-clobber"}, description = "skip existing target files (like cp -n, mcopy -s)")
        boolean noClobber;

        @Option(names = {"-a", "--rename"},
                description = "copy onto an existing or colliding name as 'name (2).ext' (like mcopy -a)")
        boolean rename;

        @Option(names = {"-p", "--preserve"}, description = "keep modification times (like cp -p, mcopy -m)")
        boolean preserve;

        @Option(names = "--no-progress", description = "never draw the progress bar (it is drawn only on a"
                + " terminal)")
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
            if (!into && mode.mode != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--mode names new entries in the image; it means nothing when copying out");
            }
            int policies = (overwrite ? 1 : 0) + (noClobber ? 1 : 0) + (rename ? 1 : 0);
            if (policies > 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "choose at most one of -o (overwrite), -n (skip) and -a (rename)");
            }
            TreeCopy.Clash clash = overwrite ? TreeCopy.Clash.OVERWRITE : noClobber ? TreeCopy.Clash.SKIP
                    : rename ? TreeCopy.Clash.RENAME : TreeCopy.Clash.FAIL;
            try (FatFileSystem fs = into ? image.open(mode.mode) : image.openReadOnly()) {
                CopyProgress progress = CopyProgress.forTerminal(err(), !noProgress);
                TreeCopy copy = new TreeCopy(fs).recursive(recursive).preserveTimes(preserve).onClash(clash)
                        .notices(line -> err().println("kernkit vfat cp: warning: " + line))
                        .progress(progress::advance);
                TreeCopy.Plan plan;
                if (into) {
                    plan = copy.planIn(sources.stream().map(Path::of).toList(), strip(target));
                } else {
                    plan = copy.planOut(sources.stream().map(VfatCommand::strip).toList(), Path.of(target));
                }
                err().flush();
                progress.start(plan.bytes());
                plan.run();
                progress.finish();
            }
            return 0;
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

    @Command(name = "cat", mixinStandardHelpOptions = true,
            description = "Write files' bytes to standard output, exactly and streaming (no size limit).")
    static final class Cat extends Sub {
        @Mixin
        ImageOption image;

        @picocli.CommandLine.ParentCommand
        VfatCommand parent;

        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<String> paths;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.openReadOnly()) {
                out().flush();
                OutputStream raw = parent.binaryOut;
                for (String p : paths) {
                    fs.transferTo(p, raw);
                }
                raw.flush();
            }
            return 0;
        }
    }

    @Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Make directories.")
    static final class Mkdir extends Sub {
        @Mixin
        ImageOption image;

        @Mixin
        ModeOption mode;

        @Option(names = "-p", description = "make parents as needed; no error if it exists")
        boolean parents;

        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<String> paths;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.open(mode.mode)) {
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
            try (FatFileSystem fs = image.open(null)) {
                // Every path is checked before the first deletion: the root is refused, missing paths reported.
                for (String p : paths) {
                    if (fs.stat(p).name().equals("/")) {
                        throw new java.nio.file.FileSystemException(p, null,
                                "is the root directory, which cannot be removed; nothing was removed");
                    }
                }
                for (String p : paths) {
                    if (recursive) {
                        fs.deleteTree(p);
                    } else {
                        fs.delete(p);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "mv", mixinStandardHelpOptions = true, description = "Rename or move a file or directory.")
    static final class Mv extends Sub {
        @Mixin
        ImageOption image;

        @Mixin
        ModeOption mode;

        @Option(names = "-f", description = "replace an existing target file")
        boolean force;

        @Parameters(index = "0", paramLabel = "SRC")
        String source;

        @Parameters(index = "1", paramLabel = "DST")
        String target;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.open(mode.mode)) {
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
                out().printf("naming:       %s (%s)%n", fs.namingMode(), switch (fs.namingModeOrigin()) {
                    case RECORDED -> "recorded in the boot sector by mkfs";
                    case INFERRED -> "inferred from patent-safe names in the root directory";
                    case DEFAULT -> "nothing in the image says; windows assumed";
                    case CHOSEN -> "chosen";
                });
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
