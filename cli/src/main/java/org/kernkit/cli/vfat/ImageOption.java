package org.kernkit.cli.vfat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kernkit.block.BlockDevice;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.FatFileSystem;
import org.kernkit.vfat.NamingMode;
import org.kernkit.vfat.partition.PartitionBlockDevice;
import org.kernkit.vfat.partition.PartitionTable;
import org.kernkit.vfat.partition.PartitionTableException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The image option every vfat subcommand shares: {@code -i IMG}, {@code -i DISK@N} or {@code -i DISK --partition N}
 * for the FAT inside partition N (1-based, as sfdisk and sgdisk count) of an MBR or GPT disk.
 *
 * <p>How {@code @N} is read, so that a file whose name holds an {@code @} still opens: a path that exists is always
 * the file itself; only a path that does not exist and ends in {@code @} and decimal digits is split into the disk
 * and the partition number. A disk whose own name ends in {@code @N} is reached with {@code --partition}. mtools'
 * {@code @@OFFSET} (a byte offset) is refused with a pointer to the partition number.
 */
final class ImageOption {

    private static final Pattern PARTITION_SUFFIX = Pattern.compile("(.+)@([0-9]+)");
    private static final Pattern MTOOLS_OFFSET = Pattern.compile("(.+)@@([0-9]+)");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMG",
            description = "the image file; DISK@N for the FAT in partition N of an MBR or GPT disk (a file that"
                    + " exists under the full name wins)")
    String image;

    @Option(names = "--partition", paramLabel = "N",
            description = "the FAT in partition N (1-based) of the disk IMG, like IMG@N")
    Integer partition;

    private Path file;
    private int number;

    /** The image file (without an {@code @N} suffix). */
    Path file() {
        resolve();
        return file;
    }

    /** The partition number, or 0 for a bare file-system image. */
    int partition() {
        resolve();
        return number;
    }

    /** How the image is named in messages: {@code disk.img} or {@code disk.img (partition 1)}. */
    String display() {
        resolve();
        return number == 0 ? file.toString() : file + " (partition " + number + ")";
    }

    /** Splits {@code -i} and {@code --partition} into a file and a number; bad usage is a usage error (exit 2). */
    private void resolve() {
        if (file != null) {
            return;
        }
        Path literal = Path.of(image);
        int fromSuffix = 0;
        Path disk = literal;
        if (!Files.exists(literal)) {
            Matcher offset = MTOOLS_OFFSET.matcher(image);
            if (offset.matches()) {
                throw usage("-i " + image + ": @@OFFSET is mtools' byte offset; kernkit addresses a partition by"
                        + " its number: " + offset.group(1) + "@1 or --partition 1");
            }
            Matcher m = PARTITION_SUFFIX.matcher(image);
            if (m.matches()) {
                disk = Path.of(m.group(1));
                fromSuffix = parseNumber(m.group(2), "-i " + image);
            }
        }
        if (partition != null) {
            if (fromSuffix != 0) {
                throw usage("-i " + image + " and --partition " + partition + " both name a partition; give one");
            }
            if (partition < 1) {
                throw usage("--partition " + partition + ": partitions are numbered from 1");
            }
        }
        number = partition != null ? partition : fromSuffix;
        file = disk;
    }

    private int parseNumber(String digits, String what) {
        try {
            int n = Integer.parseInt(digits);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // too many digits: the same message
        }
        throw usage(what + ": partition number " + digits + " is not from 1 to " + Integer.MAX_VALUE);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * The device of the volume: the whole file, or a view of the partition that owns the disk.
     *
     * @throws FileSystemException naming the image and the partition if the disk has no usable table or no such
     *     partition
     */
    BlockDevice device(boolean readOnly) throws IOException {
        requireImageExists();
        FileBlockDevice disk = FileBlockDevice.open(file(), readOnly);
        if (partition() == 0) {
            return disk;
        }
        try {
            return PartitionTable.openPartition(disk, partition());
        } catch (PartitionTableException e) {
            throw new FileSystemException(display(), null, e.getMessage());
        }
    }

    FatFileSystem open(NamingMode mode) throws IOException {
        return FatFileSystem.open(device(false), mode);
    }

    FatFileSystem openReadOnly() throws IOException {
        return FatFileSystem.openReadOnly(device(true));
    }

    /** The first disk sector of the partition, for display; 0 for a bare image. */
    static long firstSector(BlockDevice device) {
        return device instanceof PartitionBlockDevice p ? p.firstSector() : 0;
    }

    /** Opening must not create the image: a mistyped name is an error, not a new empty file. */
    void requireImageExists() throws NoSuchFileException {
        if (!Files.exists(file())) {
            throw new NoSuchFileException(file().toString(), null, "image file does not exist");
        }
    }
}
