package org.kernkit.cli.vfat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
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
import org.kernkit.vfat.FatRepair;
import org.kernkit.vfat.RepairReport;
import org.kernkit.vfat.partition.PartitionTable;
import org.kernkit.block.BlockDevice;
import org.kernkit.cli.JsonObject;
import org.kernkit.cli.SizeOptions;
import org.kernkit.vfat.partition.PartitionTableException;
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
            if (image.partition() != 0) {
                if (size != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--size sets the size of a bare"
                            + " image; partition " + image.partition() + " has the size its table gives it");
                }
                fs = FatFileSystem.format(image.device(false), options);
            } else if (size != null) {
                refuseToFormatOverATable();
                fs = FatFileSystem.format(image.file(), bytes, options);
            } else if (Files.exists(image.file())) {
                refuseToFormatOverATable();
                fs = FatFileSystem.format(FileBlockDevice.open(image.file(), false), options);
            } else {
                throw new IllegalArgumentException("image " + image.file() + " does not exist; give --size");
            }
            try (fs) {
                out().printf("formatted %s: %s, %d clusters of %d bytes, %s naming%n", image.display(), fs.type(),
                        fs.clusterCount(), fs.clusterSize(), fs.namingMode());
            }
            return 0;
        }

        /**
         * A whole disk with a partition table is not formatted over: formatting it as one bare volume would destroy
         * the table and every partition. The user names a partition ({@code IMG@N}) or removes the file.
         */
        private void refuseToFormatOverATable() throws IOException {
            if (!Files.isRegularFile(image.file())) {
                return;
            }
            try (FileBlockDevice disk = FileBlockDevice.open(image.file(), true)) {
                PartitionTable table;
                try {
                    table = PartitionTable.read(disk);
                } catch (PartitionTableException e) {
                    return; // no table (a bare image, or nothing yet): nothing to protect
                }
                if (!table.partitions().isEmpty()) {
                    throw new java.nio.file.FileSystemException(image.file().toString(), null, "holds a "
                            + table.kind() + " partition table with " + table.partitions().size() + " partition(s);"
                            + " refusing to format the whole disk over it: format one with -i " + image.file()
                            + "@N, or delete the file first");
                }
            }
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

    @Command(name = "ls", mixinStandardHelpOptions = false, description = "List a directory.")
    static final class Ls extends Sub {
        @Mixin
        ImageOption image;

        @Mixin
        SizeOptions sizes;

        @Option(names = "-l", description = "long format: attributes, size, time, 8.3 name")
        boolean longFormat;

        @Option(names = "-R", description = "recursive")
        boolean recursive;

        @Option(names = "--json", description = "one JSON object: the path and its entries (with -R, every"
                + " directory's), sizes in bytes, times in ms since the epoch")
        boolean json;

        @Parameters(arity = "0..1", defaultValue = "/", paramLabel = "PATH")
        String path;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.openReadOnly()) {
                if (!recursive) {
                    List<FatEntry> entries = fs.list(path);
                    if (json) {
                        out().println(new JsonObject().put("image", image.file().toString())
                                .put("partition", image.partition() == 0 ? null : image.partition())
                                .put("path", path).put("entries", entries.stream().map(VfatCommand::json).toList()));
                    } else {
                        print(entries);
                    }
                    return 0;
                }
                List<JsonObject> directories = new java.util.ArrayList<>();
                boolean[] first = {true};
                fs.walk(path, (dir, entries) -> {
                    if (json) {
                        directories.add(new JsonObject().put("path", dir)
                                .put("entries", entries.stream().map(VfatCommand::json).toList()));
                        return;
                    }
                    if (!first[0]) {
                        out().println();
                    }
                    first[0] = false;
                    out().println(dir + ":");
                    print(entries);
                });
                if (json) {
                    out().println(new JsonObject().put("image", image.file().toString())
                            .put("partition", image.partition() == 0 ? null : image.partition())
                            .put("path", path).put("directories", directories));
                }
            }
            return 0;
        }

        private void print(List<FatEntry> entries) {
            for (FatEntry e : entries) {
                if (longFormat) {
                    out().printf("%s %10s %s  %-12s %s%n", attributes(e), sizes.format(e.size()),
                            e.modified() == null ? "----------------" : TIME.format(e.modified().toInstant()),
                            e.shortName() == null ? "-" : e.shortName(), e.name() + (e.directory() ? "/" : ""));
                } else {
                    out().println(e.name() + (e.directory() ? "/" : ""));
                }
            }
        }
    }

    /** One entry of {@code ls --json}: names, kind, size in bytes, attributes, times in ms since the epoch. */
    static JsonObject json(FatEntry e) {
        return new JsonObject().put("name", e.name()).put("short_name", e.shortName())
                .put("directory", e.directory()).put("size", e.size()).put("attributes", attributes(e))
                .put("modified_ms", e.modified() == null ? null : e.modified().toMillis())
                .put("created_ms", e.created() == null ? null : e.created().toMillis());
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

    @Command(name = "info", mixinStandardHelpOptions = false, description = "Show the volume's geometry and usage.")
    static final class Info extends Sub {
        @Mixin
        ImageOption image;

        @Mixin
        SizeOptions sizes;

        @Option(names = "--json", description = "one JSON object; sizes in bytes")
        boolean json;

        @Override
        int run() throws IOException {
            try (FatFileSystem fs = image.openReadOnly()) {
                String origin = switch (fs.namingModeOrigin()) {
                    case RECORDED -> "recorded in the boot sector by mkfs";
                    case INFERRED -> "inferred from patent-safe names in the root directory";
                    case DEFAULT -> "nothing in the image says; windows assumed";
                    case CHOSEN -> "chosen";
                };
                if (json) {
                    out().println(new JsonObject().put("image", image.file().toString())
                            .put("partition", image.partition() == 0 ? null : partitionJson())
                            .put("type", fs.type().toString()).put("label", fs.volumeLabel())
                            .put("volume_id", String.format("%08X", fs.volumeId()))
                            .put("cluster_size", fs.clusterSize()).put("clusters", fs.clusterCount())
                            .put("free_clusters", fs.freeClusters()).put("total_bytes", fs.totalSpace())
                            .put("free_bytes", fs.freeSpace()).put("layout", fs.describeLayout())
                            .put("dirty", fs.wasDirtyWhenOpened())
                            .put("naming", fs.namingMode().label())
                            .put("naming_origin", fs.namingModeOrigin().name().toLowerCase(Locale.ROOT)));
                    return 0;
                }
                out().printf("image:        %s%n", image.file());
                if (image.partition() != 0) {
                    org.kernkit.vfat.partition.Partition p = partition();
                    out().printf("partition:    %d (%s, first sector %d, %s)%n", p.number(), tableKind,
                            p.firstSector(), sizes.withUnit(p.sizeBytes()));
                }
                out().printf("type:         %s%n", fs.type());
                out().printf("label:        %s%n", fs.volumeLabel().isEmpty() ? "(none)" : fs.volumeLabel());
                out().printf("volume id:    %08X%n", fs.volumeId());
                out().printf("cluster size: %s%n", sizes.withUnit(fs.clusterSize()));
                out().printf("clusters:     %d (%d free)%n", fs.clusterCount(), fs.freeClusters());
                out().printf("space:        %s, %s free%n", sizes.withUnit(fs.totalSpace()), sizes.withUnit(fs.freeSpace()));
                out().printf("layout:       %s%n", fs.describeLayout());
                out().printf("dirty:        %s%n", fs.wasDirtyWhenOpened() ? "yes (not cleanly closed)" : "no");
                out().printf("naming:       %s (%s)%n", fs.namingMode(), origin);
            }
            return 0;
        }

        private String tableKind;

        /** The partition the volume lies in, read from the disk's table again (read-only). */
        private org.kernkit.vfat.partition.Partition partition() throws IOException {
            try (FileBlockDevice disk = FileBlockDevice.open(image.file(), true)) {
                PartitionTable table = PartitionTable.read(disk);
                tableKind = table.kind();
                return table.partition(image.partition());
            }
        }

        private JsonObject partitionJson() throws IOException {
            org.kernkit.vfat.partition.Partition p = partition();
            return new JsonObject().put("number", p.number()).put("table", tableKind)
                    .put("first_sector", p.firstSector()).put("size", p.sizeBytes())
                    .put("type", p.type().toString());
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                "Check the volume's consistency; exit 1 if anything is wrong. Without --repair it never writes.",
                "--repair repairs what check finds, in the manner of fsck.fat -a, and prints each repair:"
                        + " dirty mark, FSInfo counts, lost clusters (freed), sizes beyond their chains, chains"
                        + " beyond their sizes, cross-links (the second file gets a copy), differing FAT copies,"
                        + " broken long-name runs, duplicate 8.3 names; it holds the image's write lock and writes"
                        + " nothing to a clean volume. --dry-run prints the same and writes nothing."
            })
    static final class Check extends Sub {
        @Mixin
        ImageOption image;

        @Option(names = "--repair", description = "repair what is found (like fsck.fat -a)")
        boolean repair;

        @Option(names = "--dry-run", description = "with --repair: print what would be repaired, write nothing")
        boolean dryRun;

        @Option(names = "--json", description = "one JSON object: problems, counts (and with --repair: the"
                + " repairs, what was left alone, what remains)")
        boolean json;

        @Override
        int run() throws IOException {
            if (dryRun && !repair) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dry-run goes with --repair");
            }
            if (repair) {
                return repair();
            }
            try (FatFileSystem fs = image.openReadOnly()) {
                CheckReport report = fs.check();
                if (json) {
                    out().println(new JsonObject().put("image", image.file().toString())
                            .put("partition", image.partition() == 0 ? null : image.partition())
                            .put("clean", report.clean()).put("problems", report.problems())
                            .put("files", report.files()).put("directories", report.directories())
                            .put("used_clusters", report.usedClusters()).put("clusters", fs.clusterCount()));
                    return report.clean() ? 0 : 1;
                }
                for (String p : report.problems()) {
                    out().println("problem: " + p);
                }
                out().printf("%s: %d files, %d directories, %d/%d clusters used, %s%n", image.display(),
                        report.files(), report.directories(), report.usedClusters(), fs.clusterCount(),
                        report.clean() ? "clean" : report.problems().size() + " problem(s)");
                return report.clean() ? 0 : 1;
            }
        }

        private int repair() throws IOException {
            RepairReport report;
            try (BlockDevice device = image.device(dryRun)) {
                report = FatRepair.repair(device, dryRun);
            }
            if (json) {
                out().println(new JsonObject().put("image", image.file().toString())
                        .put("partition", image.partition() == 0 ? null : image.partition())
                        .put("dry_run", dryRun).put("repairs", report.actions())
                        .put("left_alone", report.leftAlone()).put("remaining", report.remaining())
                        .put("written", report.written()).put("clean", report.clean()));
                return report.clean() ? 0 : 1;
            }
            String verb = dryRun ? "would repair: " : "repaired: ";
            for (String a : report.actions()) {
                out().println(verb + a);
            }
            for (String a : report.leftAlone()) {
                out().println("not repaired: " + a);
            }
            for (String p : report.remaining()) {
                out().println("problem: " + p);
            }
            String what = report.actions().isEmpty() ? "nothing to repair, nothing written"
                    : report.actions().size() + " repair(s)" + (dryRun ? ", dry run: nothing written" : " written");
            out().printf("%s: %s; %s%n", image.display(), what, report.clean()
                    ? (dryRun && !report.actions().isEmpty() ? "clean after the repair" : "clean")
                    : report.remaining().size() + " problem(s) remain");
            return report.clean() ? 0 : 1;
        }
    }
}
