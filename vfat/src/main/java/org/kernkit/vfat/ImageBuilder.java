package org.kernkit.vfat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.kernkit.block.BlockDevice;
import org.kernkit.block.FileBlockDevice;
import org.kernkit.vfat.internal.ImageFormatter;
import org.kernkit.vfat.internal.SourceTree;
import org.kernkit.vfat.internal.VolumeSizing;
import org.kernkit.vfat.partition.GptTable;
import org.kernkit.vfat.partition.MbrTable;
import org.kernkit.vfat.partition.Partition;
import org.kernkit.vfat.partition.PartitionBlockDevice;
import org.kernkit.vfat.partition.PartitionTable;
import org.kernkit.vfat.partition.PartitionTableException;
import org.kernkit.vfat.partition.PartitionType;

/**
 * Builds a finished image from a host directory tree in one step: optionally a partition table (MBR or GPT) with
 * one partition, and in it (or over the whole image) a FAT volume holding a copy of the tree.
 *
 * <pre>
 *  plan()  (reads metadata only)                      Plan.write(output)
 *  walk the tree: names, clashes, file types, loops -> temp file beside output: table, format, directories and
 *  size: auto = smallest that holds it + headroom      files in walk order; close, force
 *  type, cluster size, table layout, seed           -> link (or, if allowed, rename) onto output; temp removed on
 *  any refusal: an exception, nothing written          any failure
 * </pre>
 *
 * <p>Sizes: {@link #size(long)} fixes the whole image (table included); without it the image is the smallest
 * that holds the tree plus {@link #headroom} free bytes (see the rule in {@code VolumeSizing}: one cluster fewer
 * would leave less than the headroom free). With a table, the partition starts at 1 MiB and is a whole number of
 * MiB, and the volume fills it; the FAT records the partition's first sector as its hidden sectors.
 *
 * <p>EFI system partition ({@link #esp}): the partition gets the EFI System type (GPT unless {@link Table#MBR} is
 * asked for) and, unless a FAT type is given, FAT32, as UEFI (section 13.3.1.1) prescribes for system partitions;
 * an explicit size too small for FAT32 gets FAT16 or FAT12, which UEFI allows on removable media, with a notice.
 *
 * <p>Reproducible output ({@link #reproducible}): two builds of trees with equal names, sizes and contents, with
 * equal options, give byte-identical images: every timestamp is the epoch, or the file's modification time if
 * older (clamped, as {@code SOURCE_DATE_EPOCH} asks), DOS times in UTC; the volume id, MBR disk signature, GPT
 * GUIDs and patent-safe dummy short names come from a seed, which is the first 8 bytes of SHA-256 over
 * {@code "kernkit-vfat-build/1"}, the epoch, the options and the tree's shape (paths, kinds and sizes) unless
 * {@link #seed} gives one; dummies stay unique per directory. Without it, the id and GUIDs are random and the
 * files keep their modification times. In both cases the entries of each directory are written in
 * {@link SourceTree#ORDER}: 8.3 names first, then the others, each group in {@link String#compareTo} order.
 *
 * <p>Errors: everything the tree or the options make impossible (a name FAT cannot hold, two names equal without
 * case, a special file, a dangling link or a link loop, nesting deeper than {@link TreeCopy#MAX_DEPTH}, a tree that
 * does not fit) fails {@link #plan()} before a byte is written. {@link Plan#write} refuses an existing output
 * unless {@link #overwrite} allows it (also one made while building), and a failure while writing removes the temp file and leaves an existing
 * output untouched.
 *
 * <p>Thread-safety: a builder is not thread-safe; a {@link Plan} may be written once at a time.
 */
public final class ImageBuilder {

    /** The partition table of the image. */
    public enum Table {
        /** No table: the volume is the whole image. */
        NONE,
        /** A master boot record with one partition. */
        MBR,
        /** A GUID partition table with one partition. */
        GPT
    }

    /** The epoch {@code --reproducible} uses when {@code SOURCE_DATE_EPOCH} is unset: 1980-01-01 00:00 UTC. */
    public static final Instant DOS_EPOCH = Instant.parse("1980-01-01T00:00:00Z");

    private static final long MIB_SECTORS = 2048;
    /** Sectors a GPT needs after its partitions: backup entry array and header. */
    private static final long GPT_BACKUP_SECTORS = 33;

    private final Path source;
    private long size = -1;
    private long headroom;
    private FatType fatType;
    private Table table = Table.NONE;
    private boolean tableGiven;
    private boolean esp;
    private String label;
    private NamingMode namingMode = NamingMode.WINDOWS;
    private Instant epoch;
    private Long seed;
    private boolean overwrite;
    private boolean durable = true;
    private Consumer<String> notices = s -> {};

    private ImageBuilder(Path source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * A builder for an image of the tree under {@code sourceDirectory}, with the defaults: auto size, no headroom,
     * FAT type by size, no table, no label, windows naming, not reproducible, no overwriting.
     *
     * @param sourceDirectory the directory whose entries become the image's root; read when {@link #plan()} runs
     * @return a new builder, owned by the caller
     */
    public static ImageBuilder from(Path sourceDirectory) {
        return new ImageBuilder(sourceDirectory);
    }

    /**
     * A fixed image size instead of the smallest that fits.
     *
     * @param bytes the whole image, table included, a positive multiple of 512
     * @return this builder
     * @throws IllegalArgumentException unless a positive multiple of 512
     */
    public ImageBuilder size(long bytes) {
        FileBlockDevice.requireImageSize(bytes);
        this.size = bytes;
        return this;
    }

    /**
     * Free space to leave beyond the tree: with auto size the image grows by it, with a fixed size it must be free.
     *
     * @param bytes zero or more bytes
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public ImageBuilder headroom(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("headroom " + bytes + " bytes is negative");
        }
        this.headroom = bytes;
        return this;
    }

    /**
     * The FAT type, or {@code null} to choose by size (and FAT32 for an EFI system partition).
     *
     * @param type the type, or {@code null}
     * @return this builder
     */
    public ImageBuilder fatType(FatType type) {
        this.fatType = type;
        return this;
    }

    /**
     * The partition table.
     *
     * @param value none, MBR or GPT
     * @return this builder
     */
    public ImageBuilder table(Table value) {
        this.table = Objects.requireNonNull(value, "table");
        this.tableGiven = true;
        return this;
    }

    /**
     * Whether the partition is an EFI system partition; without an explicit {@link #table}, it implies GPT.
     *
     * @param value true for an EFI system partition
     * @return this builder
     */
    public ImageBuilder esp(boolean value) {
        this.esp = value;
        return this;
    }

    /**
     * The volume label, checked when planning.
     *
     * @param value up to 11 characters an 8.3 name allows, or {@code null} for none
     * @return this builder
     */
    public ImageBuilder label(String value) {
        this.label = value;
        return this;
    }

    /**
     * How the image makes short names for long ones.
     *
     * @param mode windows or patent-safe
     * @return this builder
     */
    public ImageBuilder namingMode(NamingMode mode) {
        this.namingMode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * Makes the output reproducible with {@code epochTime} as the build time (see the class comment).
     *
     * @param epochTime the time every timestamp is clamped to, such as {@code SOURCE_DATE_EPOCH} or
     *     {@link #DOS_EPOCH}
     * @return this builder
     */
    public ImageBuilder reproducible(Instant epochTime) {
        this.epoch = Objects.requireNonNull(epochTime, "epochTime");
        return this;
    }

    /**
     * The seed of a reproducible build instead of the one derived from the tree and options.
     *
     * @param value any value
     * @return this builder
     */
    public ImageBuilder seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Whether {@link Plan#write} may replace an existing output file (default: it refuses).
     *
     * @param value true to replace an existing file
     * @return this builder
     */
    public ImageBuilder overwrite(boolean value) {
        this.overwrite = value;
        return this;
    }

    /**
     * Whether {@link Plan#write} forces the image to storage before linking it onto the output (default: yes).
     * Without it the image is published from the page cache, as {@code mkfs.fat} and {@code mcopy} leave theirs:
     * a failure or a killed process still leaves no half image (the temp file is only linked when complete), but
     * after a power loss the output may hold unwritten blocks.
     *
     * @param value false to skip the fsync
     * @return this builder
     */
    public ImageBuilder durable(boolean value) {
        this.durable = value;
        return this;
    }

    /**
     * Receives one line for each choice made on the caller's behalf (a FAT type other than the one UEFI prefers).
     *
     * @param consumer called on the planning thread
     * @return this builder
     */
    public ImageBuilder notices(Consumer<String> consumer) {
        this.notices = Objects.requireNonNull(consumer, "consumer");
        return this;
    }

    /**
     * Reads the tree and decides everything: table, volume geometry, seed. Writes nothing.
     *
     * @return the plan, ready to {@link Plan#write}
     * @throws FileSystemException naming the host file and the problem, for anything the tree holds that FAT cannot
     * @throws FileSystemFullException if the tree with its headroom fits in no allowed volume (of the given size)
     * @throws InvalidNameException if the label is invalid
     * @throws IllegalArgumentException if the options contradict each other
     * @throws IOException if the tree cannot be read
     */
    public Plan plan() throws IOException {
        Table effectiveTable = esp && !tableGiven ? Table.GPT : table;
        if (esp && effectiveTable == Table.NONE) {
            throw new IllegalArgumentException("an EFI system partition needs a partition table (gpt or mbr),"
                    + " not 'none'");
        }
        if (label != null && !label.isEmpty()) {
            FatFileSystem.labelBytes(label); // refuse a bad label before reading the tree
        }
        boolean hasLabel = label != null && !label.isEmpty();
        SourceTree tree = SourceTree.read(source, namingMode, hasLabel ? 1 : 0, TreeCopy.MAX_DEPTH);
        List<FatType> types = fatType != null ? List.of(fatType)
                : esp ? List.of(FatType.FAT32, FatType.FAT16, FatType.FAT12)
                : List.of(FatType.FAT12, FatType.FAT16, FatType.FAT32);
        long seedValue = seed != null ? seed : epoch != null ? derivedSeed(tree, effectiveTable) : 0;
        SplittableRandom seeded = new SplittableRandom(seedValue);
        int volumeId = seeded.nextInt();
        int diskSignature = seeded.nextInt();
        long guidSeed = seeded.nextLong();
        long dummySeed = seeded.nextLong();
        boolean reproducible = epoch != null;

        VolumeSizing.Choice choice;
        PartitionTable partitionTable = null;
        Partition partition = null;
        long diskSectors;
        if (size < 0) {
            List<FatType> auto = esp && fatType == null ? List.of(FatType.FAT32) : types;
            long unit = effectiveTable == Table.NONE ? 1 : MIB_SECTORS;
            choice = VolumeSizing.smallest(tree, auto, headroom, unit);
            long volume = choice.geometry().totalSectors();
            diskSectors = switch (effectiveTable) {
                case NONE -> volume;
                case MBR -> MIB_SECTORS + volume;
                case GPT -> MIB_SECTORS + volume + GPT_BACKUP_SECTORS;
            };
            if (effectiveTable != Table.NONE) {
                partitionTable = table(effectiveTable, diskSectors, volume, choice.geometry().type(),
                        reproducible, diskSignature, guidSeed);
                partition = partitionTable.partitions().getFirst();
            }
        } else {
            diskSectors = size / BlockDevice.SECTOR_SIZE;
            long volume = diskSectors;
            if (effectiveTable != Table.NONE) {
                // The layout does not depend on the FAT type; the MBR type code does, so the table is made again.
                try {
                    partition = table(effectiveTable, diskSectors, -1, FatType.FAT32, true, diskSignature, guidSeed)
                            .partitions().getFirst();
                } catch (PartitionTableException e) {
                    throw new FileSystemFullException("an image of " + size + " bytes has no room for a partition"
                            + " (" + e.getMessage() + "); nothing was written");
                }
                volume = partition.sectorCount();
            }
            choice = VolumeSizing.forSize(tree, types, fatType == null && !esp, volume, headroom);
            if (esp && fatType == null && choice.geometry().type() != FatType.FAT32) {
                notices.accept("the EFI system partition of " + volume * 512 + " bytes is too small for FAT32;"
                        + " it gets " + choice.geometry().type() + ", which UEFI allows on removable media");
            }
            if (effectiveTable != Table.NONE) {
                partitionTable = table(effectiveTable, diskSectors, -1, choice.geometry().type(), reproducible,
                        diskSignature, guidSeed);
                partition = partitionTable.partitions().getFirst();
            }
        }
        ImageFormatter.Geometry g = choice.geometry();
        FormatOptions.Builder format = FormatOptions.builder().fatType(g.type())
                .sectorsPerCluster(g.sectorsPerCluster()).namingMode(namingMode).volumeLabel(label)
                .hiddenSectors(partition == null ? 0 : partition.firstSector());
        if (g.type() != FatType.FAT32) {
            format.rootEntries(g.rootEntries());
        }
        if (reproducible) {
            format.volumeId(volumeId);
        }
        return new Plan(tree, choice, format.build(), partitionTable, partition, diskSectors,
                reproducible ? epoch : null, reproducible ? dummySeed : new SecureRandom().nextLong(), overwrite,
                durable);
    }

    private PartitionTable table(Table kind, long diskSectors, long volumeSectors, FatType type,
            boolean reproducible, int diskSignature, long guidSeed) throws IOException {
        PartitionType partitionType = esp ? PartitionType.EFI_SYSTEM : PartitionType.forFat(type);
        if (kind == Table.MBR) {
            MbrTable.Builder b = MbrTable.builder(diskSectors);
            if (volumeSectors < 0) {
                b.addRemaining(partitionType, esp);
            } else {
                b.add(partitionType, volumeSectors * 512, esp);
            }
            if (reproducible) {
                b.diskSignature(diskSignature);
            }
            return b.build();
        }
        GptTable.Builder b = GptTable.builder(diskSectors);
        String name = esp ? "EFI System Partition" : "Basic data partition";
        if (volumeSectors < 0) {
            b.addRemaining(partitionType, name);
        } else {
            b.add(partitionType, volumeSectors * 512, name);
        }
        if (reproducible) {
            b.seed(guidSeed);
        }
        return b.build();
    }

    private long derivedSeed(SourceTree tree, Table effectiveTable) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        String options = "kernkit-vfat-build/1 epoch=" + epoch.getEpochSecond() + " size=" + size + " headroom="
                + headroom + " fat=" + fatType + " table=" + effectiveTable + " esp=" + esp + " label=" + label
                + " mode=" + namingMode.label() + "\0";
        sha.update(options.getBytes(StandardCharsets.UTF_8));
        tree.digestShape(sha);
        byte[] d = sha.digest();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (d[i] & 0xFF);
        }
        return v;
    }

    /**
     * Plans and writes in one call.
     *
     * @param output the image file to make
     * @return the plan that was written
     * @throws IOException as {@link #plan()} and {@link Plan#write} throw
     */
    public Plan build(Path output) throws IOException {
        Plan plan = plan();
        plan.write(output);
        return plan;
    }

    /** A decided image, nothing written yet. Describes what {@link #write} will make. */
    public static final class Plan {
        private final SourceTree tree;
        private final VolumeSizing.Choice choice;
        private final FormatOptions format;
        private final PartitionTable partitionTable;
        private final Partition partition;
        private final long diskSectors;
        private final Instant epoch;
        private final long dummySeed;
        private final boolean overwrite;
        private final boolean durable;

        private Plan(SourceTree tree, VolumeSizing.Choice choice, FormatOptions format, PartitionTable table,
                Partition partition, long diskSectors, Instant epoch, long dummySeed, boolean overwrite,
                boolean durable) {
            this.tree = tree;
            this.choice = choice;
            this.format = format;
            this.partitionTable = table;
            this.partition = partition;
            this.diskSectors = diskSectors;
            this.epoch = epoch;
            this.dummySeed = dummySeed;
            this.overwrite = overwrite;
            this.durable = durable;
        }

        /**
         * Size of the image file.
         *
         * @return bytes, table included
         */
        public long imageBytes() {
            return diskSectors * BlockDevice.SECTOR_SIZE;
        }

        /**
         * The FAT type of the volume.
         *
         * @return FAT12, FAT16 or FAT32
         */
        public FatType fatType() {
            return choice.geometry().type();
        }

        /**
         * Bytes per cluster.
         *
         * @return 512 to 65536
         */
        public int clusterBytes() {
            return choice.geometry().sectorsPerCluster() * 512;
        }

        /**
         * Data clusters of the volume.
         *
         * @return the cluster count
         */
        public long clusterCount() {
            return choice.geometry().clusters();
        }

        /**
         * Clusters the tree takes (files, directories, the FAT32 root).
         *
         * @return the cluster count the tree needs
         */
        public long neededClusters() {
            return choice.neededClusters();
        }

        /**
         * The partition the volume is in.
         *
         * @return the partition, or {@code null} without a table
         */
        public Partition partition() {
            return partition;
        }

        /**
         * The partition table to write.
         *
         * @return the table, or {@code null} for none
         */
        public PartitionTable partitionTable() {
            return partitionTable;
        }

        /**
         * Files in the tree.
         *
         * @return the number of regular files copied
         */
        public long fileCount() {
            return tree.fileCount();
        }

        /**
         * Directories in the tree, below its root.
         *
         * @return the number of directories made
         */
        public long directoryCount() {
            return tree.directoryCount();
        }

        /**
         * Bytes of file content in the tree.
         *
         * @return the sum of the file sizes
         */
        public long contentBytes() {
            return tree.bytes();
        }

        /**
         * Writes the image to {@code output}: into a temp file beside it, then linked (or renamed) onto it.
         *
         * @param output the image file to make; its parent directory must exist
         * @throws FileAlreadyExistsException if {@code output} exists and overwriting was not allowed; it is
         *     left as it was
         * @throws FileSystemException if a source file changed size or vanished since planning, or the output's
         *     directory does not exist; the temp file is removed and an existing output is left as it was
         * @throws IOException if reading or writing fails, with the same guarantee
         */
        public void write(Path output) throws IOException {
            write(output, copied -> { });
        }

        /**
         * {@link #write(Path)}, reporting progress: after each file is copied in, {@code contentBytesCopied} gets
         * the file-content bytes copied so far (rising to {@link #contentBytes()}), for a progress display.
         *
         * @param output the image file to make; its parent directory must exist
         * @param contentBytesCopied called on the writing thread; it must not throw
         * @throws IOException as {@link #write(Path)} throws, with the same guarantees
         */
        public void write(Path output, LongConsumer contentBytesCopied) throws IOException {
            Objects.requireNonNull(contentBytesCopied, "contentBytesCopied");
            Path target = output.toAbsolutePath().normalize();
            Path dir = target.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new NoSuchFileException(target.toString(), null, "its directory does not exist");
            }
            if (Files.isDirectory(target)) {
                throw new FileSystemException(target.toString(), null, "is a directory; nothing was written");
            }
            if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString(), null, "exists; nothing was written (allow"
                        + " overwriting to replace it)");
            }
            Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            try {
                // A temp file is private (0600); the image is an ordinary file, readable like mkfs.fat's.
                if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                }
                writeImage(tmp, contentBytesCopied);
                publish(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        private void writeImage(Path tmp, LongConsumer contentBytesCopied) throws IOException {
            // The temp file is nobody's until it is published, so the per-operation barriers of FatFileSystem buy
            // nothing here: one force before the link makes the whole image durable at once.
            BlockDevice disk = BlockDevice.withoutBarriers(FileBlockDevice.create(tmp, imageBytes()));
            BlockDevice volume = disk;
            try {
                if (partitionTable != null) {
                    partitionTable.write(disk);
                    volume = PartitionBlockDevice.owning(disk, partition);
                }
            } catch (IOException | RuntimeException e) {
                disk.close();
                throw e;
            }
            Clock clock = epoch != null ? Clock.fixed(epoch, ZoneOffset.UTC) : Clock.systemDefaultZone();
            // File contents go in through a second channel of the same file, by in-kernel copies (copy_file_range
            // where the OS has it); the device sees only metadata. Neither side caches, so they cannot disagree.
            try (FileChannel image = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    EarlyWriteback writeback = new EarlyWriteback(image)) {
                long volumeStart = partition == null ? 0 : partition.firstByte();
                try (FatFileSystem fs = FatFileSystem.format(volume, format, clock,
                        new SplittableRandom(dummySeed))) {
                    writeTree(fs, image, volumeStart, writeback, contentBytesCopied);
                }
                if (durable) {
                    writeback.finish();
                }
            }
        }

        private void writeTree(FatFileSystem fs, FileChannel image, long volumeStart, EarlyWriteback writeback,
                LongConsumer contentBytesCopied) throws IOException {
            long[] copied = {0};
            SourceTree.visit(tree.root(), n -> {
                try {
                    if (n.isDirectory()) {
                        fs.createDirectory(n.imagePath());
                    } else {
                        try (FileChannel in = FileChannel.open(n.source(), StandardOpenOption.READ)) {
                            fs.writeByRuns(n.imagePath(), n.size(), modified(n.modified()),
                                    (volumeOffset, fileOffset, length) -> copy(in, fileOffset, length, image,
                                            volumeStart + volumeOffset));
                            if (in.size() != n.size()) {
                                throw new FileSystemException(n.source().toString(), null, "changed size from "
                                        + n.size() + " to " + in.size() + " bytes while it was copied");
                            }
                            if (durable) {
                                writeback.written(n.size());
                            }
                            copied[0] += n.size();
                            contentBytesCopied.accept(copied[0]);
                        }
                    }
                } catch (IOException e) {
                    throw new FileSystemException(n.source().toString(), null, "copying it into the image failed: "
                            + e.getMessage() + "; nothing was written");
                }
            });
        }

        /** Copies {@code length} bytes of {@code in} from {@code from} to byte {@code to} of {@code image}. */
        private static void copy(FileChannel in, long from, long length, FileChannel image, long to)
                throws IOException {
            long done = 0;
            while (done < length) {
                long n = in.transferTo(from + done, length - done, image.position(to + done));
                if (n <= 0) {
                    throw new java.io.EOFException("source ended after " + (from + done) + " bytes, "
                            + (length - done) + " short of its planned size");
                }
                done += n;
            }
        }

        private FileTime modified(FileTime host) {
            if (epoch == null || host.toInstant().isBefore(epoch)) {
                return host;
            }
            return FileTime.from(epoch);
        }

        private void publish(Path tmp, Path target) throws IOException {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    // A link fails if the name exists, even one made since the check: never a silent overwrite.
                    Files.createLink(target, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw new FileAlreadyExistsException(target.toString(), null, "appeared while the image was"
                            + " built; it was left as it is");
                } catch (UnsupportedOperationException | FileSystemException e) {
                    Files.move(tmp, target); // no hard links here: the move still refuses an existing target
                }
            }
            if (!durable) {
                return;
            }
            try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // Some platforms cannot open a directory; the image itself is already forced.
            }
        }
    }
}
