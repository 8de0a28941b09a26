package org.kernkit.cli.vfat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.kernkit.cli.ProgressLine;
import org.kernkit.vfat.FatType;
import org.kernkit.vfat.ImageBuilder;
import org.kernkit.vfat.NamingMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kernkit vfat build DIR -o IMG}: a finished image from a directory tree in one command, through
 * {@link ImageBuilder}. Every option and the whole tree are checked before the first byte is written; the image is
 * written beside its name and moved there at the end, so a failure leaves no file and an existing one untouched.
 * With {@code SOURCE_DATE_EPOCH} in the environment or {@code --reproducible}, the image is byte-identical on every
 * build of the same tree.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an image from a directory tree: optional MBR or GPT, one FAT volume holding the tree.")
final class BuildCommand extends VfatCommand.Sub {

    /** The environment, replaceable by tests. */
    Map<String, String> environment = System.getenv();

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory whose entries become the image's root")
    Path source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "IMG", description = "the image file to make")
    Path output;

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "auto",
            description = "auto (the smallest that holds the tree plus the headroom) or a size such as 64M")
    String size;

    @Option(names = "--headroom", paramLabel = "SIZE", defaultValue = "0",
            description = "free space to leave beyond the tree, such as 4M (default: 0)")
    String headroom;

    @Option(names = "--fat", paramLabel = "BITS", defaultValue = "auto",
            description = "12, 16, 32 or auto (by size; FAT32 for --esp)")
    String fat;

    @Option(names = "--table", paramLabel = "KIND", description = "partition table: none, mbr or gpt"
            + " (default: none, gpt with --esp)")
    String table;

    @Option(names = "--esp", description = "make the partition an EFI system partition")
    boolean esp;

    @Option(names = {"-n", "--label"}, paramLabel = "LABEL", description = "volume label")
    String label;

    @Option(names = "--mode", paramLabel = "MODE", converter = VfatCommand.NamingModeConverter.class,
            description = "naming mode: windows (default) or patent-safe")
    NamingMode mode;

    @Option(names = "--reproducible", description = "byte-identical output: times clamped to SOURCE_DATE_EPOCH"
            + " (or 1980-01-01 when unset), ids and GUIDs from a seed")
    boolean reproducible;

    @Option(names = "--force", description = "replace an existing output file")
    boolean force;

    @Option(names = "--no-sync", description = "leave the image in the page cache, as mkfs.fat and mcopy do"
            + " (still never a half image after a failure, but not safe against power loss)")
    boolean noSync;

    @Override
    int run() throws IOException {
        ImageBuilder builder;
        try {
            builder = ImageBuilder.from(source).headroom(parseSizeOrZero(headroom)).esp(esp).label(label)
                    .namingMode(mode == null ? NamingMode.WINDOWS : mode).overwrite(force).durable(!noSync)
                    .notices(line -> err().println("kernkit vfat build: note: " + line));
            if (!size.equalsIgnoreCase("auto")) {
                builder.size(VfatCommand.parseSize(size));
            }
            builder.fatType(switch (fat.toLowerCase(Locale.ROOT)) {
                case "auto" -> null;
                case "12" -> FatType.FAT12;
                case "16" -> FatType.FAT16;
                case "32" -> FatType.FAT32;
                default -> throw new IllegalArgumentException("--fat " + fat + " is not 12, 16, 32 or auto");
            });
            if (table != null) {
                builder.table(switch (table.toLowerCase(Locale.ROOT)) {
                    case "none" -> ImageBuilder.Table.NONE;
                    case "mbr" -> ImageBuilder.Table.MBR;
                    case "gpt" -> ImageBuilder.Table.GPT;
                    default -> throw new IllegalArgumentException("--table " + table + " is not none, mbr or gpt");
                });
                if (esp && table.equalsIgnoreCase("none")) {
                    throw new IllegalArgumentException("--esp needs a partition table: --table gpt or mbr");
                }
            }
            Instant epoch = epoch();
            if (epoch != null) {
                builder.reproducible(epoch);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ImageBuilder.Plan plan = builder.plan();
        ProgressLine progress = ProgressLine.onTerminal(err(), true);
        long[] copied = {0};
        plan.write(output, bytes -> {
            copied[0] = bytes;
            progress.update(() -> progressText(copied[0], plan.contentBytes()));
        });
        progress.finish(() -> progressText(copied[0], plan.contentBytes()));
        out().printf("built %s: %d bytes, %s%s, %d clusters of %d bytes, %d files and %d directories (%d bytes),"
                + " %d bytes free%n", output, plan.imageBytes(),
                plan.partition() == null ? "" : plan.partitionTable().kind() + " partition " + plan.partition().number()
                        + " (" + plan.partition().type() + ") at sector " + plan.partition().firstSector() + ": ",
                plan.fatType(), plan.clusterCount(), plan.clusterBytes(), plan.fileCount(), plan.directoryCount(),
                plan.contentBytes(), (plan.clusterCount() - plan.neededClusters()) * plan.clusterBytes());
        return 0;
    }

    private static String progressText(long copied, long total) {
        return String.format("copied %.1f of %.1f MiB", copied / 1048576.0, total / 1048576.0);
    }

    /** The build time of a reproducible build: SOURCE_DATE_EPOCH, else the DOS epoch with --reproducible. */
    private Instant epoch() {
        String value = environment.get("SOURCE_DATE_EPOCH");
        if (value != null && !value.isBlank()) {
            try {
                long seconds = Long.parseLong(value.strip());
                if (seconds < 0) {
                    throw new NumberFormatException();
                }
                return Instant.ofEpochSecond(seconds);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SOURCE_DATE_EPOCH '" + value + "' is not a non-negative number"
                        + " of seconds");
            }
        }
        return reproducible ? ImageBuilder.DOS_EPOCH : null;
    }

    private static long parseSizeOrZero(String text) {
        return text.strip().equals("0") ? 0 : VfatCommand.parseSize(text);
    }
}
