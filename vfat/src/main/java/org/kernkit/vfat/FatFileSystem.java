package org.kernkit.vfat;

import org.kernkit.block.FileBlockDevice;

import org.kernkit.block.BlockDevice;

import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.ATTR_ARCHIVE;
import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.ATTR_DIRECTORY;
import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.ATTR_READ_ONLY;
import static org.kernkit.vfat.internal.DirectoryEntryDescriptor.NT_NO_SHORT_NAME;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.kernkit.vfat.internal.BootSectorDescriptor;
import org.kernkit.vfat.internal.Directory;
import org.kernkit.vfat.internal.DirectoryRecord;
import org.kernkit.vfat.internal.DirectoryTree;
import org.kernkit.vfat.internal.DosTime;
import org.kernkit.vfat.internal.FileData;
import org.kernkit.vfat.internal.FsInfoDescriptor;
import org.kernkit.vfat.internal.FsInfoSector;
import org.kernkit.vfat.internal.ImageFormatter;
import org.kernkit.vfat.internal.IntList;
import org.kernkit.vfat.internal.LittleEndian;
import org.kernkit.vfat.internal.LongNameEntryDescriptor;
import org.kernkit.vfat.internal.ShortNames;
import org.kernkit.vfat.internal.Volume;
import org.kernkit.vfat.internal.VolumeChecker;
import org.kernkit.vfat.internal.VolumeLayout;

/**
 * An open FAT12/16/32 file system on a {@link BlockDevice}: format, open, and path-based file and directory
 * operations with long names in the {@link NamingMode} chosen at format or open time.
 *
 * <pre>
 *  FatFileSystem --path "/a/b.txt"--> Directory (cached, per first cluster) --record--> chain --> FileData
 *       |                                   | add/remove/update: slots written sector by sector
 *       +-- Volume: BlockDevice + layout + in-memory FAT, flushed to every FAT copy
 * </pre>
 *
 * <p>Paths are absolute, {@code /}-separated, matched case-insensitively against long and 8.3 names; {@code .}
 * and {@code ..} segments are resolved lexically.
 *
 * <p>Consistency: while open for writing, the volume is marked dirty in FAT[1] (FAT16/32) and marked clean again
 * by {@link #close()} (unless it was dirty when opened). Every operation writes data first, then the FAT (all
 * copies, identical), then the directory entry; removal goes the other way; a device barrier
 * ({@link BlockDevice#flush()}) separates the steps, so a power loss cannot reorder them. A torn operation
 * therefore leaves at worst lost clusters or the one file being written (a replaced file: its old content or its
 * new, whole), never damage to files completed before it. Operations that would not fit (free clusters,
 * directory slots, name rules) fail before changing anything. Opening an image file for writing takes an
 * exclusive OS lock (see {@link FileBlockDevice}).
 *
 * <p>Thread-safety: all methods are safe to call from several threads; they serialise on this object. An action
 * that completes a change (returning from a write, {@link #move}, ...) happens-before any later operation of any
 * thread that observes it through this object, by that monitor.
 *
 * <p>Ownership: the file system owns its device and closes it in {@link #close()}.
 *
 * <p>Errors: {@link CorruptImageException} for damaged structures, {@link FileSystemFullException},
 * {@link InvalidNameException}, and the {@code java.nio.file} exceptions {@link NoSuchFileException},
 * {@link FileAlreadyExistsException}, {@link DirectoryNotEmptyException}, {@link NotDirectoryException},
 * {@link AccessDeniedException} (read-only attribute), {@link FileSystemException} (other refused operations);
 * {@link ReadOnlyFileSystemException} (unchecked) for changes to a file system opened read-only.
 */
public final class FatFileSystem implements Closeable {

    private final BlockDevice device;
    private final Volume volume;
    private final NamingMode namingMode;
    private final ModeOrigin modeOrigin;
    private final boolean readOnly;
    private final boolean wasDirty;
    private final ZoneId zone;
    private final Clock clock;
    private final RandomGenerator random;
    private final DirectoryTree tree;
    private final VolumeChecker checker;
    private final Set<FatFileChannel> openChannels = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean closed;
    /** Whether the volume was checked before the first change; {@code damage} holds why changes are refused. */
    private boolean verifiedForWriting;
    private String damage;
    /** Whether this instance marked the volume dirty (and so must mark it clean on close). */
    private boolean markedDirty;

    private FatFileSystem(BlockDevice device, Volume volume, NamingMode mode, boolean readOnly, Clock clock,
            RandomGenerator random) throws IOException {
        this.device = device;
        this.volume = volume;
        this.tree = new DirectoryTree(volume);
        this.checker = new VolumeChecker(volume, tree);
        if (mode != null) {
            this.namingMode = mode;
            this.modeOrigin = ModeOrigin.CHOSEN;
        } else {
            NamingMode recorded = recordedMode(bootSector());
            if (recorded != null) {
                this.namingMode = recorded;
                this.modeOrigin = ModeOrigin.RECORDED;
            } else if (rootHasDummy()) {
                this.namingMode = NamingMode.PATENT_SAFE;
                this.modeOrigin = ModeOrigin.INFERRED;
            } else {
                this.namingMode = NamingMode.WINDOWS;
                this.modeOrigin = ModeOrigin.DEFAULT;
            }
        }
        this.readOnly = readOnly;
        this.zone = clock.getZone();
        this.clock = clock;
        this.random = random;
        this.wasDirty = volume.isMarkedDirty();
        readFsInfoHint();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Opening

    /**
     * Formats {@code device} and opens the new file system for writing in the options' naming mode. Every option
     * is checked before the first write; on failure the device is closed.
     *
     * @param device the device to format; all its sectors become the volume
     * @param options type, cluster size, label, id, root entries and naming mode
     * @return the open file system, which owns {@code device} from now on and closes it in {@link #close()}
     * @throws IllegalArgumentException if the options cannot be met on this device size (type, cluster size)
     * @throws InvalidNameException if the volume label is invalid
     * @throws IOException if the device fails
     */
    public static FatFileSystem format(BlockDevice device, FormatOptions options) throws IOException {
        return format(device, options, Clock.systemDefaultZone(), new SplittableRandom(seed()));
    }

    /**
     * {@link #format(BlockDevice, FormatOptions)} with the clock of every timestamp and the source of patent-safe
     * dummies given, so that {@link ImageBuilder} can make byte-identical images.
     */
    static FatFileSystem format(BlockDevice device, FormatOptions options, Clock clock, RandomGenerator random)
            throws IOException {
        byte[] label;
        try {
            label = validate(options, device.sectorCount());
            int id = options.volumeId() != null ? options.volumeId()
                    : (int) (System.currentTimeMillis() * 31 + System.nanoTime());
            ImageFormatter.format(device, options, label, id);
            device.flush();
        } catch (IOException | RuntimeException e) {
            device.close(); // like open: the file system owns the device, also when it fails
            throw e;
        }
        FatFileSystem fs = open(device, options.namingMode(), false, clock, random);
        if (label != null) {
            fs.setVolumeLabel(options.volumeLabel());
        }
        return fs;
    }

    /**
     * Checks every format option against a device of {@code sectors} sectors, writing nothing.
     *
     * @return the padded label bytes, or {@code null} for none
     * @throws InvalidNameException if the label is invalid
     * @throws IllegalArgumentException if the type or cluster size cannot be met on this size
     */
    private static byte[] validate(FormatOptions options, long sectors) throws InvalidNameException {
        byte[] label = options.volumeLabel() == null || options.volumeLabel().isEmpty()
                ? null : labelBytes(options.volumeLabel());
        if (sectors > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("device of " + sectors + " sectors is larger than FAT's 2^32 sectors");
        }
        ImageFormatter.geometry(sectors, options);
        return label;
    }

    /**
     * Creates an image file of {@code sizeBytes} at {@code image} (or resizes an existing one), formats it and opens
     * it. Every option and the target are checked before the file is created or changed: a refused format leaves
     * an existing image as it was and creates no file.
     *
     * @param image the image file to create, or to resize and overwrite
     * @param sizeBytes the image size in bytes, a positive multiple of 512
     * @param options type, cluster size, label, id, root entries and naming mode
     * @return the new file system, open for writing and holding the image's exclusive write lock until closed
     * @throws IllegalArgumentException if the size is not a positive multiple of 512 or the options cannot be met
     * @throws InvalidNameException if the volume label is invalid
     * @throws FileSystemException if {@code image} is a directory or is open for writing elsewhere
     */
    public static FatFileSystem format(Path image, long sizeBytes, FormatOptions options) throws IOException {
        FileBlockDevice.requireImageSize(sizeBytes);
        validate(options, sizeBytes / BlockDevice.SECTOR_SIZE);
        boolean existed = java.nio.file.Files.exists(image, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        FileBlockDevice device = FileBlockDevice.create(image, sizeBytes);
        try {
            return format(device, options);
        } catch (IOException | RuntimeException e) {
            device.close();
            if (!existed) {
                java.nio.file.Files.deleteIfExists(image);
            }
            throw e;
        }
    }

    /**
     * Opens the file system on {@code device} for reading and writing in {@code mode}; {@code null} means the
     * image's own mode (recorded by {@link #format}, else inferred; see {@link #open(Path)}).
     *
     * @param device the device holding the volume
     * @param mode the naming mode for new names, or {@code null} for the image's own
     * @return the open file system, which owns {@code device} from now on and closes it in {@link #close()}
     * @throws CorruptImageException if the boot sector or FAT is damaged
     */
    public static FatFileSystem open(BlockDevice device, NamingMode mode) throws IOException {
        return open(device, mode, false, ZoneId.systemDefault(), new SplittableRandom(seed()));
    }

    /**
     * Opens the file system on {@code device} for reading only; {@link #namingMode()} is the image's own.
     *
     * @param device the device holding the volume; it is never written
     * @return the open file system, which owns {@code device} from now on and closes it in {@link #close()}
     * @throws CorruptImageException if the boot sector or FAT is damaged
     * @throws IOException if the device fails
     */
    public static FatFileSystem openReadOnly(BlockDevice device) throws IOException {
        return open(device, null, true, ZoneId.systemDefault(), new SplittableRandom(seed()));
    }

    /**
     * Opens with every knob: the time zone of the DOS timestamps and the random source of patent-safe dummies (a
     * seeded one makes images reproducible). A {@code null} mode means the image's own (see {@link #open(Path)}).
     *
     * @param device the device holding the volume; closed if opening fails
     * @param mode the naming mode for new names, or {@code null} for the image's own
     * @param readOnly whether to refuse every change
     * @param zone the time zone DOS timestamps are read and written in
     * @param random the source of patent-safe dummy short names
     * @return the open file system, which owns {@code device} from now on and closes it in {@link #close()}
     * @throws CorruptImageException if the boot sector or FAT is damaged
     * @throws IOException if the device fails
     */
    public static FatFileSystem open(BlockDevice device, NamingMode mode, boolean readOnly, ZoneId zone,
            RandomGenerator random) throws IOException {
        return open(device, mode, readOnly, Clock.system(zone), random);
    }

    private static FatFileSystem open(BlockDevice device, NamingMode mode, boolean readOnly, Clock clock,
            RandomGenerator random) throws IOException {
        try {
            Volume volume = Volume.open(device);
            return new FatFileSystem(device, volume, mode, readOnly, clock, random);
        } catch (IOException | RuntimeException e) {
            device.close();
            throw e;
        }
    }

    /**
     * Opens an image file for reading and writing in {@code mode}; {@code null} means the image's own mode.
     *
     * @param image the image file
     * @param mode the naming mode for new names, or {@code null} for the image's own
     * @return the file system, holding the image's exclusive write lock until closed
     * @throws FileSystemException if another writer holds the image's lock
     * @throws CorruptImageException if the boot sector or FAT is damaged
     * @throws IOException if the file cannot be opened or read
     */
    public static FatFileSystem open(Path image, NamingMode mode) throws IOException {
        return open(FileBlockDevice.open(image, false), mode);
    }

    /**
     * Opens an image file for reading and writing in the image's own naming mode: the one {@code format} recorded
     * in the boot sector, else the one its root directory's names show (a patent-safe dummy short name means
     * {@link NamingMode#PATENT_SAFE}), else {@link NamingMode#WINDOWS}. See {@link #namingModeOrigin()}.
     *
     * @param image the image file
     * @return the file system, holding the image's exclusive write lock until closed
     * @throws FileSystemException if another writer holds the image's lock
     * @throws CorruptImageException if the boot sector or FAT is damaged
     * @throws IOException if the file cannot be opened or read
     */
    public static FatFileSystem open(Path image) throws IOException {
        return open(FileBlockDevice.open(image, false), (NamingMode) null);
    }

    /** Where {@link #namingMode()} came from. */
    public enum ModeOrigin {
        /** Given by the caller. */
        CHOSEN,
        /** Recorded in the boot sector by {@code format}. */
        RECORDED,
        /** Inferred from a patent-safe dummy short name in the root directory. */
        INFERRED,
        /** Nothing in the image says: {@link NamingMode#WINDOWS}. */
        DEFAULT
    }

    /**
     * Where the naming mode came from: chosen by the caller, recorded in the image, inferred, or the default.
     *
     * @return how {@link #namingMode()} was decided when this file system was opened
     */
    public ModeOrigin namingModeOrigin() {
        return modeOrigin;
    }

    /**
     * Opens an image file for reading only.
     *
     * @param image the image file; it is never written and no lock is taken
     * @return the file system in the image's own naming mode; a concurrent writer may show it half-finished
     *     operations
     * @throws CorruptImageException if the boot sector or FAT is damaged
     * @throws IOException if the file cannot be opened or read
     */
    public static FatFileSystem openReadOnly(Path image) throws IOException {
        return openReadOnly(FileBlockDevice.open(image, true));
    }

    private static long seed() {
        return new java.security.SecureRandom().nextLong();
    }

    private static NamingMode recordedMode(byte[] boot) {
        String text = new String(boot, BootSectorDescriptor.NAMING_MARK_OFFSET, BootSectorDescriptor.NAMING_MARK_LENGTH,
                StandardCharsets.US_ASCII);
        int nul = text.indexOf('\0');
        text = nul >= 0 ? text.substring(0, nul) : text;
        if (!text.startsWith(BootSectorDescriptor.NAMING_MARK_PREFIX)) {
            return null;
        }
        try {
            return NamingMode.parse(text.substring(BootSectorDescriptor.NAMING_MARK_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the root holds a long name with a patent-safe dummy short field; a damaged root says no. */
    private boolean rootHasDummy() {
        try {
            for (DirectoryRecord r : root().records()) {
                if (r.hasDummyShortName() && r.longName() != null) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false; // reads report the damage themselves
        }
        return false;
    }

    private void readFsInfoHint() throws IOException {
        VolumeLayout layout = volume.layout();
        if (layout.type == FatType.FAT32 && layout.fsInfoSector > 0 && layout.fsInfoSector < layout.reservedSectors) {
            byte[] info = new byte[layout.bytesPerSector];
            volume.read((long) layout.fsInfoSector * layout.bytesPerSector, info, 0, info.length);
            if (FsInfoDescriptor.isValid(info)) {
                volume.fat().setNextFreeHint(LittleEndian.u32(info, FsInfoDescriptor.NEXT_FREE_OFFSET));
            }
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Volume facts

    /**
     * The FAT type (from the cluster count).
     *
     * @return FAT12, FAT16 or FAT32, fixed for the volume
     */
    public FatType type() {
        return volume.type();
    }

    /**
     * The naming mode for new names.
     *
     * @return the mode chosen when opening, fixed for this file system
     */
    public NamingMode namingMode() {
        return namingMode;
    }

    /**
     * Whether this was opened read-only.
     *
     * @return true if every change is refused
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * Bytes per cluster.
     *
     * @return bytes per sector times sectors per cluster
     */
    public int clusterSize() {
        return volume.layout().clusterBytes;
    }

    /**
     * Number of data clusters.
     *
     * @return the data cluster count, which decides the FAT type
     */
    public long clusterCount() {
        return volume.layout().clusterCount;
    }

    /**
     * Bytes in the data region.
     *
     * @return {@link #clusterCount()} times {@link #clusterSize()}
     */
    public long totalSpace() {
        return volume.layout().clusterCount * volume.layout().clusterBytes;
    }

    /**
     * Bytes in free clusters.
     *
     * @return {@link #freeClusters()} times {@link #clusterSize()}, counted from the FAT in memory
     */
    public synchronized long freeSpace() {
        return volume.fat().freeCount() * volume.layout().clusterBytes;
    }

    /**
     * Free clusters.
     *
     * @return the number of FAT entries marked free, counted from the FAT in memory
     */
    public synchronized long freeClusters() {
        return volume.fat().freeCount();
    }

    /**
     * The volume id (serial number) from the boot sector.
     *
     * @return the 32-bit serial number as stored
     * @throws IOException if the boot sector cannot be read
     */
    public synchronized int volumeId() throws IOException {
        byte[] boot = bootSector();
        return (int) LittleEndian.u32(boot, BootSectorDescriptor.volumeIdOffset(type() == FatType.FAT32));
    }

    /**
     * The geometry, for {@code info}: bytes per sector, sectors per cluster, reserved, FATs, FAT sectors, ...
     *
     * @return one line of {@code key=value} pairs, for people: its format may change
     */
    public String describeLayout() {
        VolumeLayout l = volume.layout();
        return "type=" + l.type + " bytesPerSector=" + l.bytesPerSector + " sectorsPerCluster=" + l.sectorsPerCluster
                + " reservedSectors=" + l.reservedSectors + " fats=" + l.numFats + " fatSectors=" + l.fatSectors
                + " rootEntries=" + l.rootEntryCount + " totalSectors=" + l.totalSectors + " clusters="
                + l.clusterCount + (l.type == FatType.FAT32 ? " rootCluster=" + l.rootCluster : "");
    }

    /**
     * Whether the volume was marked dirty (not cleanly closed) when it was opened.
     *
     * @return true if the dirty flag was set at open, which also keeps {@link #close()} from clearing it
     */
    public boolean wasDirtyWhenOpened() {
        return wasDirty;
    }

    private byte[] bootSector() throws IOException {
        byte[] boot = new byte[512];
        device.read(0, ByteBuffer.wrap(boot));
        return boot;
    }

    /**
     * The volume label: the root directory's label entry if present, else the boot sector's; "" when none.
     *
     * @return the label without trailing spaces, or "" when the volume has none
     * @throws IOException if this file system is closed ({@link java.nio.channels.ClosedChannelException}) or the
     *     root directory or boot sector cannot be read
     */
    public synchronized String volumeLabel() throws IOException {
        ensureOpen();
        DirectoryRecord label = root().volumeLabel();
        String text;
        if (label != null) {
            text = new String(label.shortName(), StandardCharsets.ISO_8859_1);
        } else {
            byte[] boot = bootSector();
            int off = BootSectorDescriptor.volumeLabelOffset(type() == FatType.FAT32);
            text = new String(boot, off, 11, StandardCharsets.ISO_8859_1);
            if (text.equals("NO NAME    ")) {
                text = "";
            }
        }
        return text.stripTrailing();
    }

    /**
     * Sets the volume label in the boot sector (and its FAT32 backup) and the root directory; "" removes it.
     *
     * @param label the new label, or "" to remove it
     * @throws InvalidNameException if longer than 11 characters or holding characters outside printable ASCII or
     *     invalid in 8.3 names
     * @throws ReadOnlyFileSystemException if this file system was opened read-only
     * @throws IOException if this file system is closed or the device fails
     */
    public synchronized void setVolumeLabel(String label) throws IOException {
        ensureWritable();
        byte[] padded = label.isEmpty() ? null : labelBytes(label);
        Directory root = root();
        if (padded != null && root.volumeLabel() == null) {
            long grow = root.clustersNeededFor(1);
            requireFree(grow);
        }
        byte[] bootValue = padded != null ? padded : "NO NAME    ".getBytes(StandardCharsets.US_ASCII);
        boolean fat32 = type() == FatType.FAT32;
        byte[] boot = bootSector();
        System.arraycopy(bootValue, 0, boot, BootSectorDescriptor.volumeLabelOffset(fat32), 11);
        device.write(0, ByteBuffer.wrap(boot));
        int backup = volume.layout().backupBootSector;
        if (fat32 && backup > 0 && backup < volume.layout().reservedSectors) {
            volume.write((long) backup * volume.layout().bytesPerSector, boot, 0, 512);
        }
        root.setVolumeLabelEntry(padded, now());
        volume.flushFat();
    }

    static byte[] labelBytes(String label) throws InvalidNameException {
        if (label.length() > 11) {
            throw new InvalidNameException("volume label '" + label + "' is " + label.length()
                    + " characters, more than 11");
        }
        String upper = label.toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            if (c < 0x20 || c > 0x7E || "\"*+,./:;<=>?[\\]|".indexOf(c) >= 0) {
                throw new InvalidNameException(String.format(
                        "volume label '%s' contains character U+%04X at index %d, not allowed in labels", label,
                        (int) c, i));
            }
        }
        if (upper.charAt(0) == ' ') {
            throw new InvalidNameException("volume label '" + label + "' starts with a space");
        }
        return ImageFormatter.padLabel(upper);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Reading

    /**
     * Lists a directory.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @return a new list of snapshots of its entries in slot order
     * @throws NoSuchFileException if it does not exist
     * @throws NotDirectoryException if it is a file
     * @throws CorruptImageException if its chain is damaged
     */
    public synchronized List<FatEntry> list(String path) throws IOException {
        ensureOpen();
        Directory dir = directory(path);
        List<FatEntry> out = new ArrayList<>(dir.size());
        for (DirectoryRecord r : dir.records()) {
            out.add(toEntry(r));
        }
        return out;
    }

    /**
     * The entry at {@code path}; the root is reported as a directory named "/".
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @return a snapshot of the entry, not updated by later changes
     * @throws NoSuchFileException if it does not exist
     */
    public synchronized FatEntry stat(String path) throws IOException {
        ensureOpen();
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            return new FatEntry("/", null, true, 0, ATTR_DIRECTORY, null, null, null, root().firstCluster());
        }
        return toEntry(record(parts, path));
    }

    /**
     * Whether something exists at {@code path} (false also when a parent is a file).
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @return true if a file or directory is there
     * @throws IOException if this file system is closed or the device fails
     */
    public synchronized boolean exists(String path) throws IOException {
        ensureOpen();
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            return true;
        }
        try {
            record(parts, path);
            return true;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return false;
        }
    }

    /**
     * Reads a whole file.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @return a new array holding the file's bytes, owned by the caller
     * @throws FileSystemException if it is a directory or larger than 2 GiB
     * @throws CorruptImageException if its chain is shorter than its size or damaged
     */
    public synchronized byte[] readAllBytes(String path) throws IOException {
        ensureOpen();
        DirectoryRecord r = fileRecord(path);
        if (r.size > Integer.MAX_VALUE - 16) {
            throw new FileSystemException(path, null, "file of " + r.size + " bytes is too large for a byte array");
        }
        IntList chain = chainOf(r, path);
        byte[] out = new byte[(int) r.size];
        FileData.read(volume, chain, 0, out, 0, out.length);
        return out;
    }

    /**
     * Opens a channel on a file. Options as for {@link java.nio.file.Files#newByteChannel}: {@code READ} (default),
     * {@code WRITE}, {@code APPEND}, {@code CREATE}, {@code CREATE_NEW}, {@code TRUNCATE_EXISTING}; others are
     * ignored. Changes reach the directory entry (size, time) when the channel is closed; several channels on one
     * file share its size and chain. With {@code TRUNCATE_EXISTING} on a non-empty file the channel writes new
     * clusters and switches the entry to them when it is closed (or the file system flushed), then frees the old
     * ones; if a write through it failed, closing discards the new clusters and the file keeps its old content.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @param options the open options; an empty set means {@code READ}
     * @return an open channel, owned by the caller, who must close it
     * @throws NoSuchFileException if it does not exist and no create option was given
     * @throws FileAlreadyExistsException with {@code CREATE_NEW} if it exists
     * @throws AccessDeniedException when writing a file with the read-only attribute
     */
    public synchronized SeekableByteChannel newByteChannel(String path, Set<? extends OpenOption> options)
            throws IOException {
        ensureOpen();
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean write = append || options.contains(StandardOpenOption.WRITE);
        boolean createNew = write && options.contains(StandardOpenOption.CREATE_NEW);
        boolean create = write && (createNew || options.contains(StandardOpenOption.CREATE));
        if (write) {
            ensureWritable();
        }
        DirectoryTree.FilePlace place = filePlace(path);
        Directory parent = place.parent();
        String name = place.name();
        DirectoryRecord r = parent.find(name);
        if (r == null) {
            if (!create) {
                throw new NoSuchFileException(path);
            }
            r = createEntry(parent, name, ATTR_ARCHIVE, 0, 0, false);
        } else if (createNew) {
            throw new FileAlreadyExistsException(path);
        }
        if (r.isDirectory()) {
            throw new FileSystemException(path, null, "is a directory");
        }
        if (write && (r.attributes & ATTR_READ_ONLY) != 0) {
            throw new AccessDeniedException(path, null, "file has the read-only attribute");
        }
        if (r.chain == null) {
            r.chain = chainOf(r, path).copy();
        }
        boolean read = !write || options.contains(StandardOpenOption.READ);
        // TRUNCATE_EXISTING never truncates in place: the channel writes a new chain and switches the entry to it
        // on close, so a failed or torn overwrite keeps the old content.
        boolean replacing = write && options.contains(StandardOpenOption.TRUNCATE_EXISTING) && r.size > 0;
        FatFileChannel channel = new FatFileChannel(this, r, path, read, write, append, replacing);
        openChannels.add(channel);
        return channel;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Writing

    /**
     * Creates the file or replaces its content. A replacement is written to new clusters and switched in by one
     * directory-entry write, so a torn replace leaves the old content intact; it therefore needs room for the new
     * content while the old still exists.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively; the parent must exist
     * @param content the new content; it is copied before the call returns
     * @throws FileSystemFullException before changing anything if the content or directory entry does not fit
     * @throws InvalidNameException for a name FAT cannot hold
     * @throws AccessDeniedException if the existing file is read-only
     */
    public synchronized void writeAllBytes(String path, byte[] content) throws IOException {
        storeContent(path, content.length, null, chain -> FileData.write(volume, chain, 0, content, 0,
                content.length));
    }

    /**
     * Creates the file or replaces its content with exactly {@code size} bytes read from {@code content}, streaming
     * (no size limit below FAT's 4 GiB - 1). Like {@link #writeAllBytes}, a replacement goes to new clusters and is
     * switched in by one directory-entry write, with durability barriers between the data and FAT, the entry, and
     * the freeing of the old chain: a failure or crash at any point leaves the old content or the new, whole.
     *
     * @param modified the modification time to store, or {@code null} for now
     * @param path an absolute, {@code /}-separated path, matched case-insensitively; the parent must exist
     * @param content the stream to read from; it is read but not closed
     * @param size the exact number of bytes to store, below 4 GiB
     * @throws FileSystemFullException before changing anything if the content or directory entry does not fit
     * @throws java.io.EOFException if {@code content} ends before {@code size} bytes; nothing is changed
     * @throws FileSystemException if {@code content} holds more than {@code size} bytes; nothing is changed
     * @throws InvalidNameException for a name FAT cannot hold
     * @throws AccessDeniedException if the existing file is read-only
     */
    public synchronized void writeFrom(String path, java.io.InputStream content, long size, FileTime modified)
            throws IOException {
        storeContent(path, size, modified, chain -> {
            byte[] buf = new byte[(int) Math.min(Math.max(size, 1), FileData.MAX_TRANSFER)];
            long done = 0;
            while (done < size) {
                int n = content.readNBytes(buf, 0, (int) Math.min(buf.length, size - done));
                if (n == 0) {
                    throw new java.io.EOFException(path + ": source ended after " + done + " of " + size
                            + " bytes; nothing was changed");
                }
                FileData.write(volume, chain, done, buf, 0, n);
                done += n;
            }
            if (content.read() >= 0) {
                throw new FileSystemException(path, null, "source holds more than the " + size
                        + " bytes announced (did it grow during the copy?); nothing was changed");
            }
        });
    }

    /** Receives one run of physically consecutive clusters of a file being created by {@link #writeByRuns}. */
    @FunctionalInterface
    interface RunSink {
        /** Puts file bytes {@code fileOffset .. fileOffset + length} at byte {@code volumeOffset} of the device. */
        void accept(long volumeOffset, long fileOffset, long length) throws IOException;
    }

    /**
     * Like {@link #writeFrom}, but the caller puts the content onto the device itself, run by run: for
     * {@link ImageBuilder}, which copies host files into a fresh image with in-kernel transfers. The same store
     * path, so a failing sink leaves the volume as it was.
     */
    synchronized void writeByRuns(String path, long size, FileTime modified, RunSink sink) throws IOException {
        storeContent(path, size, modified, chain -> {
            VolumeLayout layout = volume.layout();
            long done = 0;
            for (int first = 0; done < size; ) {
                int last = first;
                while (last + 1 < chain.size() && chain.get(last + 1) == chain.get(last) + 1) {
                    last++;
                }
                long length = Math.min(size - done, (long) (last - first + 1) * layout.clusterBytes);
                sink.accept(layout.clusterOffset(chain.get(first)), done, length);
                done += length;
                first = last + 1;
            }
        });
    }

    /** Writes a file's content into clusters already allocated for it. */
    @FunctionalInterface
    private interface ContentWriter {
        void writeInto(IntList chain) throws IOException;
    }

    /**
     * The one store path of whole files: allocate a new chain, write the data into it, flush the FAT, barrier, write
     * the entry, barrier, free the old chain. Nothing on disk points at the new chain until the entry write, and
     * the old chain is freed only once the entry no longer points at it, so no order of device writes that the
     * barriers allow mixes old and new content.
     */
    private void storeContent(String path, long size, FileTime modified, ContentWriter writer) throws IOException {
        ensureWritable();
        if (size < 0 || size > 0xFFFFFFFFL) {
            throw new FileSystemException(path, null, "file size " + size + " is outside FAT's 0..4294967295");
        }
        DirectoryTree.FilePlace place = filePlace(path);
        Directory parent = place.parent();
        String name = place.name();
        DirectoryRecord existing = parent.find(name);
        long clusters = volume.clustersFor(size);
        IntList oldChain = null;
        if (existing != null) {
            if (existing.isDirectory()) {
                throw new FileSystemException(path, null, "is a directory");
            }
            if ((existing.attributes & ATTR_READ_ONLY) != 0) {
                throw new AccessDeniedException(path, null, "file has the read-only attribute");
            }
            oldChain = chainOf(existing, path);
            requireFree(clusters);
        } else {
            ShortNames.validateLongName(name);
            requireFree(clusters + parent.clustersNeededFor(slotsFor(parent, name)));
        }
        IntList chain = new IntList();
        volume.extend(chain, clusters);
        try {
            writer.writeInto(chain);
        } catch (IOException | RuntimeException e) {
            // Only free clusters were written and the FAT change is still in memory: undo it there.
            volume.shrink(chain, 0);
            throw e;
        }
        volume.flushFat();
        volume.barrier();
        if (existing != null) {
            existing.firstCluster = chain.isEmpty() ? 0 : chain.get(0);
            existing.size = size;
            touchWrite(existing);
            stampModified(existing, modified);
            existing.parent().update(existing);
            volume.barrier();
            volume.shrink(oldChain, 0);
            volume.flushFat();
            existing.chain = existing.chain != null ? chain.copy() : null;
            return;
        }
        DirectoryRecord created = createEntry(parent, name, ATTR_ARCHIVE, chain.isEmpty() ? 0 : chain.get(0), size,
                false);
        if (modified != null) {
            stampModified(created, modified);
            created.parent().update(created);
        }
    }

    private void stampModified(DirectoryRecord r, FileTime modified) {
        if (modified != null) {
            LocalDateTime t = DosTime.local(modified, zone);
            r.writeDate = DosTime.date(t);
            r.writeTime = DosTime.time(t);
        }
    }

    /**
     * Streams a whole file's bytes to {@code out}, byte-exact, in chunks of at most 1 MiB (no size limit).
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @param out the stream to write to; it is written but neither flushed nor closed
     * @return the number of bytes written
     * @throws FileSystemException if it is a directory
     * @throws CorruptImageException if its chain is shorter than its size or damaged
     */
    public synchronized long transferTo(String path, java.io.OutputStream out) throws IOException {
        ensureOpen();
        DirectoryRecord r = fileRecord(path);
        return transferRecord(r, path, out, n -> {});
    }

    /** Streams the file of {@code r} to {@code out}, reporting each chunk's size to {@code progress}. */
    synchronized long transferRecord(DirectoryRecord r, String path, java.io.OutputStream out,
            java.util.function.LongConsumer progress) throws IOException {
        IntList chain = chainOf(r, path);
        long size = r.size;
        byte[] buf = new byte[(int) Math.min(Math.max(size, 1), FileData.MAX_TRANSFER)];
        long done = 0;
        while (done < size) {
            int n = (int) Math.min(buf.length, size - done);
            FileData.read(volume, chain, done, buf, 0, n);
            out.write(buf, 0, n);
            done += n;
            progress.accept(n);
        }
        return done;
    }

    /**
     * Appends to a file, creating it if absent.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively; the parent must exist
     * @param content the bytes to add at the end; copied before the call returns
     * @throws FileSystemFullException before changing anything if it does not fit
     */
    public synchronized void append(String path, byte[] content) throws IOException {
        try (SeekableByteChannel ch = newByteChannel(path,
                Set.of(StandardOpenOption.APPEND, StandardOpenOption.CREATE))) {
            ch.write(ByteBuffer.wrap(content));
        }
    }

    /**
     * Truncates (or zero-extends) a file to {@code size} bytes.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively of an existing file
     * @param size the new size in bytes, from 0 to 4 GiB - 1
     * @throws FileSystemFullException before changing anything if extending does not fit
     */
    public synchronized void truncate(String path, long size) throws IOException {
        ensureWritable();
        if (size < 0 || size > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("size " + size + " out of range 0..4294967295 for a FAT file");
        }
        DirectoryRecord r = fileRecord(path);
        if ((r.attributes & ATTR_READ_ONLY) != 0) {
            throw new AccessDeniedException(path, null, "file has the read-only attribute");
        }
        if (r.chain == null) {
            r.chain = chainOf(r, path).copy();
        }
        if (size <= r.size) {
            truncateRecord(r, size);
        } else {
            long old = r.size;
            ensureCapacity(r, size);
            FileData.zero(volume, r.chain, old, size - old);
            volume.flushFat();
            volume.barrier();
            r.size = size;
            r.firstCluster = r.chain.isEmpty() ? 0 : r.chain.get(0);
            touchWrite(r);
            r.parent().update(r);
        }
    }

    /**
     * Creates a directory.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @throws FileAlreadyExistsException if the name exists
     * @throws NoSuchFileException if the parent does not exist
     * @throws FileSystemFullException before changing anything if a cluster or directory slot is missing
     */
    public synchronized void createDirectory(String path) throws IOException {
        ensureWritable();
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new FileAlreadyExistsException("/");
        }
        Directory parent = parentDirectory(parts, path);
        String name = parts.getLast();
        if (parent.find(name) != null) {
            throw new FileAlreadyExistsException(path);
        }
        ShortNames.validateLongName(name);
        requireFree(1 + parent.clustersNeededFor(slotsFor(parent, name)));
        IntList chain = new IntList();
        volume.extend(chain, 1);
        long cluster = chain.get(0);
        byte[] content = new byte[volume.layout().clusterBytes];
        Directory.initialiseNew(content, cluster, parentReference(parent), now());
        volume.write(volume.layout().clusterOffset(cluster), content, 0, content.length);
        volume.flushFat();
        volume.barrier();
        createEntry(parent, name, ATTR_DIRECTORY, cluster, 0, true);
    }

    /**
     * Creates a directory and any missing parents; existing directories are fine.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @throws FileAlreadyExistsException if a file stands where a directory is needed
     * @throws FileSystemFullException if a cluster or directory slot is missing; parents made before it stay
     * @throws InvalidNameException for a name FAT cannot hold
     * @throws IOException if this file system is closed or the device fails
     */
    public synchronized void createDirectories(String path) throws IOException {
        List<String> parts = split(path);
        StringBuilder p = new StringBuilder();
        for (String part : parts) {
            p.append('/').append(part);
            String sub = p.toString();
            if (!exists(sub)) {
                createDirectory(sub);
            } else if (!stat(sub).directory()) {
                throw new NotDirectoryException(sub);
            }
        }
    }

    /**
     * Deletes a file or an empty directory.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @throws NoSuchFileException if it does not exist
     * @throws DirectoryNotEmptyException if a directory still has entries
     * @throws AccessDeniedException if it has the read-only attribute
     */
    public synchronized void delete(String path) throws IOException {
        ensureWritable();
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new FileSystemException("/", null, "the root directory cannot be deleted");
        }
        deleteRecord(record(parts, path), path);
    }

    private void deleteRecord(DirectoryRecord r, String path) throws IOException {
        if ((r.attributes & ATTR_READ_ONLY) != 0) {
            throw new AccessDeniedException(path, null, "entry has the read-only attribute");
        }
        IntList chain = chainOf(r, path);
        if (r.isDirectory()) {
            Directory d = loadDirectory(r.firstCluster, path);
            if (d.size() > 0) {
                throw new DirectoryNotEmptyException(path);
            }
            tree.forget(r.firstCluster);
        }
        r.parent().remove(r);
        volume.barrier();
        volume.shrink(chain, 0);
        volume.flushFat();
    }

    /**
     * Deletes a file, or a directory with everything in it (children before their parent). The root is refused
     * before anything is deleted. The walk follows clusters, never names read from the image, so a name such as
     * {@code ..} cannot lead it elsewhere; a damaged volume (with loops) is refused by the first change.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @throws FileSystemException if {@code path} is the root, or nests deeper than {@link TreeCopy#MAX_DEPTH}
     * @throws AccessDeniedException at the first read-only entry; entries deleted before it stay deleted
     */
    public synchronized void deleteTree(String path) throws IOException {
        ensureWritable();
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new FileSystemException("/", null, "the root directory cannot be deleted; nothing was deleted");
        }
        deleteTree(record(parts, path), join(parts), 0);
    }

    private void deleteTree(DirectoryRecord r, String path, int depth) throws IOException {
        if (depth > TreeCopy.MAX_DEPTH) {
            throw new FileSystemException(path, null, "is nested deeper than " + TreeCopy.MAX_DEPTH + " directories");
        }
        if (r.isDirectory()) {
            Directory d = subdirectory(r, path);
            for (DirectoryRecord child : List.copyOf(d.records())) {
                deleteTree(child, path + "/" + child.name(), depth + 1);
            }
        }
        deleteRecord(r, path);
    }

    /** Receives each directory of a {@link #walk}: its display path and its entries. */
    @FunctionalInterface
    public interface DirectoryVisitor {
        /**
         * Called once per directory, parents before children.
         *
         * @param path the directory's display path, its names joined as stored
         * @param entries snapshots of its entries in slot order
         * @throws IOException to stop the walk; it propagates out of {@link FatFileSystem#walk}
         */
        void visit(String path, List<FatEntry> entries) throws IOException;
    }

    /**
     * Visits the directory {@code path} and then, depth-first in slot order, every directory below it. The walk
     * follows clusters, never re-resolves names read from the image (a long name {@code ..} is just a name), and
     * fails with one line at a directory loop (a directory cluster reached twice) or below
     * {@link TreeCopy#MAX_DEPTH} levels. Display paths join the names as stored.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively, of the directory to start from
     * @param visitor called on this thread, under this file system's lock, once per directory
     * @throws CorruptImageException at a loop or a damaged chain
     */
    public synchronized void walk(String path, DirectoryVisitor visitor) throws IOException {
        ensureOpen();
        List<String> parts = split(path);
        DirectoryRecord r = parts.isEmpty() ? null : record(parts, path);
        if (r != null && !r.isDirectory()) {
            throw new NotDirectoryException(path);
        }
        walk(directoryOf(r, path), join(parts), visitor, new HashSet<>(), 0);
    }

    private void walk(Directory dir, String path, DirectoryVisitor visitor, Set<Long> visited, int depth)
            throws IOException {
        if (depth > TreeCopy.MAX_DEPTH) {
            throw new FileSystemException(path, null, "is nested deeper than " + TreeCopy.MAX_DEPTH
                    + " directories (a directory loop? run check)");
        }
        if (!visited.add(dir.isFixedRoot() ? -1 : dir.firstCluster())) {
            throw new CorruptImageException("directory loop: " + path + " reaches cluster " + dir.firstCluster()
                    + " a second time");
        }
        List<DirectoryRecord> records = List.copyOf(dir.records());
        List<FatEntry> entries = new ArrayList<>(records.size());
        for (DirectoryRecord c : records) {
            entries.add(toEntry(c));
        }
        visitor.visit(path, entries);
        for (DirectoryRecord c : records) {
            if (c.isDirectory()) {
                String childPath = path.endsWith("/") ? path + c.name() : path + "/" + c.name();
                walk(subdirectory(c, childPath), childPath, visitor, visited, depth + 1);
            }
        }
    }

    /**
     * Renames or moves a file or directory. The new entry is written before the old one is removed; a moved
     * directory's {@code ..} is pointed at its new parent.
     *
     * @param replace whether an existing target file (or empty directory) is replaced
     * @param source the absolute path of the file or directory to move
     * @param target its new absolute path, whose parent must exist
     * @throws FileAlreadyExistsException if the target exists and {@code replace} is false
     * @throws FileSystemException when moving a directory into itself
     * @throws FileSystemFullException before changing anything if the target directory has no room
     */
    public synchronized void move(String source, String target, boolean replace) throws IOException {
        ensureWritable();
        List<String> from = split(source);
        List<String> to = split(target);
        if (from.isEmpty() || to.isEmpty()) {
            throw new FileSystemException(source, target, "the root directory cannot be moved or replaced");
        }
        DirectoryRecord r = record(from, source);
        Directory targetParent = parentDirectory(to, target);
        String name = to.getLast();
        ShortNames.validateLongName(name);
        if (r.isDirectory()) {
            for (Directory d = targetParent; d != null; d = parentOf(d)) {
                if (d.firstCluster() == r.firstCluster) {
                    throw new FileSystemException(source, target, "cannot move a directory into itself");
                }
            }
        }
        DirectoryRecord existing = targetParent.find(name);
        boolean sameEntry = existing == r;
        if (existing != null && !sameEntry) {
            if (!replace) {
                throw new FileAlreadyExistsException(target);
            }
            if (existing.isDirectory() && !r.isDirectory() || !existing.isDirectory() && r.isDirectory()) {
                throw new FileSystemException(source, target, "cannot replace a "
                        + (existing.isDirectory() ? "directory with a file" : "file with a directory"));
            }
        }
        if (sameEntry && name.equals(r.name())) {
            return;
        }
        requireFree(targetParent.clustersNeededFor(slotsFor(targetParent, name)));
        if (existing != null && !sameEntry) {
            delete(join(to));
        }
        Directory sourceParent = r.parent();
        DirectoryRecord moved;
        if (sameEntry) {
            // Case-only rename: the old short name may be the new one, so free it first.
            sourceParent.remove(r);
            moved = createEntry(targetParent, name, r.attributes, r.firstCluster, r.size, r.isDirectory());
        } else {
            moved = createEntry(targetParent, name, r.attributes, r.firstCluster, r.size, r.isDirectory());
            volume.barrier();
            sourceParent.remove(r);
        }
        moved.creationTenths = r.creationTenths;
        moved.creationTime = r.creationTime;
        moved.creationDate = r.creationDate;
        moved.accessDate = r.accessDate;
        moved.writeTime = r.writeTime;
        moved.writeDate = r.writeDate;
        moved.chain = r.chain;
        targetParent.update(moved);
        for (FatFileChannel ch : openChannels) {
            ch.retarget(r, moved);
        }
        if (r.isDirectory() && sourceParent != targetParent) {
            loadDirectory(r.firstCluster, target).setDotDot(parentReference(targetParent));
        }
    }

    /**
     * Sets the DOS attributes (read-only, hidden, system, archive); the directory and volume bits are kept.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @param attributes a combination of {@link FatEntry#READ_ONLY}, {@link FatEntry#HIDDEN}, {@link FatEntry#SYSTEM}
     *     and {@link FatEntry#ARCHIVE}
     * @throws IllegalArgumentException if {@code attributes} has bits other than 0x27
     * @throws NoSuchFileException if nothing is at {@code path}
     * @throws IOException if this file system is closed or the device fails
     */
    public synchronized void setAttributes(String path, int attributes) throws IOException {
        ensureWritable();
        int settable = FatEntry.READ_ONLY | FatEntry.HIDDEN | FatEntry.SYSTEM | FatEntry.ARCHIVE;
        if ((attributes & ~settable) != 0) {
            throw new IllegalArgumentException(String.format(
                    "attributes 0x%02X include bits other than read-only, hidden, system, archive (0x27)", attributes));
        }
        DirectoryRecord r = record(split(path), path);
        r.attributes = (r.attributes & ~settable) | attributes;
        r.parent().update(r);
    }

    /**
     * Sets times; {@code null} leaves a time unchanged. Resolution: 2 s for modified, 10 ms for created, a day for
     * accessed.
     *
     * @param path an absolute, {@code /}-separated path, matched case-insensitively
     * @param created the creation time, or {@code null}
     * @param modified the last-modified time, or {@code null}
     * @param accessed the last-access date, or {@code null}
     * @throws NoSuchFileException if nothing is at {@code path}
     * @throws IOException if this file system is closed or the device fails
     */
    public synchronized void setTimes(String path, FileTime created, FileTime modified, FileTime accessed)
            throws IOException {
        ensureWritable();
        DirectoryRecord r = record(split(path), path);
        if (created != null) {
            LocalDateTime t = DosTime.local(created, zone);
            r.creationDate = DosTime.date(t);
            r.creationTime = DosTime.time(t);
            r.creationTenths = DosTime.tenths(t);
        }
        if (modified != null) {
            LocalDateTime t = DosTime.local(modified, zone);
            r.writeDate = DosTime.date(t);
            r.writeTime = DosTime.time(t);
        }
        if (accessed != null) {
            r.accessDate = DosTime.date(DosTime.local(accessed, zone));
        }
        r.parent().update(r);
    }

    /**
     * Writes pending FAT changes, FSInfo hints and open channels' entries, then flushes the device.
     *
     * @throws IOException if this file system is closed or the device fails; the pending changes may then not be
     *     durable
     */
    public synchronized void flush() throws IOException {
        ensureOpen();
        if (readOnly || !markedDirty) {
            return;
        }
        for (FatFileChannel ch : openChannels) {
            ch.syncEntry();
        }
        writeFsInfo();
        volume.flushFat();
        device.flush();
    }

    /**
     * Flushes, marks the volume clean (unless it was dirty when opened) and closes the device. Open channels are
     * synced and closed. Idempotent.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (!readOnly && markedDirty) {
                for (FatFileChannel ch : List.copyOf(openChannels)) {
                    ch.close();
                }
                writeFsInfo();
                volume.flushFat();
                device.flush();
                if (!wasDirty) {
                    // The clean mark is written last: only a volume whose every other write completed reads clean.
                    volume.setDirty(false);
                    volume.flushFat();
                    device.flush();
                }
            }
        } finally {
            closed = true;
            device.close();
        }
    }

    private void writeFsInfo() throws IOException {
        FsInfoSector.write(volume, false);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Consistency check

    /**
     * Checks the whole volume read-only: FAT copies equal, every chain valid (in range, no loop, no free cluster),
     * no cross-linked cluster, chain lengths match file sizes, {@code .}/{@code ..} present and right, long-name
     * runs intact, no duplicate short names, no lost clusters, FSInfo free count right.
     *
     * @return every problem found, with counts of files, directories and used clusters
     * @throws IOException if this file system is closed or the device fails
     */
    public synchronized CheckReport check() throws IOException {
        ensureOpen();
        if (!readOnly && markedDirty) {
            volume.flushFat();
        }
        List<String> problems = new ArrayList<>();
        long[] totals = checker.check(problems, problems, wasDirty, markedDirty);
        return new CheckReport(problems, totals[0], totals[1], totals[2]);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internals shared with FatFileChannel and the nio provider

    synchronized void ensureOpen() throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    /**
     * Admits a change: the first one checks the whole volume (so a damaged image is never written, which could
     * spread the damage: a write through a cross-linked chain would overwrite another file) and marks the volume
     * dirty.
     */
    void ensureWritable() throws IOException {
        ensureChangeable();
        if (!markedDirty) {
            volume.setDirty(true);
            volume.flushFat();
            device.flush();
            markedDirty = true;
        }
    }

    /**
     * The checks of {@link #ensureWritable()} without its first write (the dirty mark), for planning a change that
     * may still be refused: open, not read-only, and no damage on the volume.
     */
    void ensureChangeable() throws IOException {
        ensureOpen();
        if (readOnly) {
            throw new ReadOnlyFileSystemException();
        }
        if (!verifiedForWriting) {
            List<String> blocking = new ArrayList<>();
            checker.check(new ArrayList<>(), blocking, wasDirty, markedDirty);
            damage = blocking.isEmpty() ? null : blocking.getFirst()
                    + (blocking.size() > 1 ? " (and " + (blocking.size() - 1) + " more)" : "");
            verifiedForWriting = true;
        }
        if (damage != null) {
            throw new CorruptImageException("refusing to change a damaged volume: " + damage
                    + "; repair it with 'kernkit vfat check --repair' (FatRepair) or fsck.fat");
        }
    }

    boolean isOpen() {
        return !closed;
    }

    Volume volume() {
        return volume;
    }

    void channelClosed(FatFileChannel channel) {
        openChannels.remove(channel);
    }

    LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    void touchWrite(DirectoryRecord r) {
        LocalDateTime t = now();
        r.writeDate = DosTime.date(t);
        r.writeTime = DosTime.time(t);
        r.accessDate = r.writeDate;
        r.attributes |= ATTR_ARCHIVE;
    }

    /** Grows the chain of {@code r} to hold {@code size} bytes (in memory; FAT flushed by the caller). */
    void ensureCapacity(DirectoryRecord r, long size) throws IOException {
        if (size > 0xFFFFFFFFL) {
            throw new FileSystemException(null, null, "file size " + size + " exceeds FAT's 4 GiB - 1 limit");
        }
        long need = volume.clustersFor(size) - r.chain.size();
        if (need > 0) {
            volume.extend(r.chain, need);
        }
    }

    /** Shrinks {@code r} to {@code size}: entry first, then the FAT, so a torn truncate only loses clusters. */
    void truncateRecord(DirectoryRecord r, long size) throws IOException {
        int keep = (int) volume.clustersFor(size);
        r.size = size;
        r.firstCluster = keep == 0 ? 0 : r.chain.get(0);
        touchWrite(r);
        r.parent().update(r);
        volume.barrier();
        volume.shrink(r.chain, keep);
        volume.flushFat();
    }

    private void requireFree(long clusters) throws FileSystemFullException {
        if (clusters > volume.fat().freeCount()) {
            throw new FileSystemFullException("need " + clusters + " free cluster(s) of " + clusterSize()
                    + " bytes, the volume has " + volume.fat().freeCount());
        }
    }

    private int slotsFor(Directory parent, String name) {
        ShortNames.Exact exact = ShortNames.exact(name);
        if (exact != null && !parent.isShortNameTaken(exact.shortName())) {
            return 1;
        }
        return 1 + LongNameEntryDescriptor.partsFor(name.length());
    }

    /** Creates a directory entry for {@code name} per the naming mode; the caller has checked space. */
    private DirectoryRecord createEntry(Directory parent, String name, int attributes, long cluster, long size,
            boolean directory) throws IOException {
        ShortNames.validateLongName(name);
        if (parent.find(name) != null) {
            throw new FileAlreadyExistsException(name);
        }
        ShortNames.Exact exact = ShortNames.exact(name);
        byte[] shortName;
        int ntRes;
        String longName;
        if (exact != null && !parent.isShortNameTaken(exact.shortName())) {
            shortName = exact.shortName();
            ntRes = exact.caseBits();
            longName = null;
        } else if (namingMode == NamingMode.WINDOWS) {
            shortName = ShortNames.windowsAlias(name, parent.shortNamesView());
            ntRes = 0;
            longName = name;
        } else {
            shortName = ShortNames.patentSafeDummy(name, directory, parent.shortNamesView(), random);
            ntRes = NT_NO_SHORT_NAME;
            longName = name;
        }
        return parent.add(longName, shortName, ntRes, attributes, cluster, size, now());
    }

    private FatEntry toEntry(DirectoryRecord r) {
        return new FatEntry(r.name(), r.shortDisplay(), r.isDirectory(), r.isDirectory() ? 0 : r.size, r.attributes,
                DosTime.toFileTime(r.creationDate, r.creationTime, r.creationTenths, zone),
                DosTime.toFileTime(r.writeDate, r.writeTime, 0, zone),
                DosTime.toFileTime(r.accessDate, 0, 0, zone), r.firstCluster);
    }

    IntList chainOf(DirectoryRecord r, String path) throws IOException {
        if (r.chain != null) {
            return r.chain;
        }
        IntList chain = volume.chain(r.firstCluster, path);
        if (!r.isDirectory() && chain.size() < volume.clustersFor(r.size)) {
            throw new CorruptImageException("file " + path + " has size " + r.size + " bytes but its cluster chain "
                    + "holds only " + chain.size() + " cluster(s) of " + clusterSize() + " bytes");
        }
        return chain;
    }

    private static List<String> split(String path) throws InvalidNameException {
        return DirectoryTree.split(path);
    }

    private static String join(List<String> parts) {
        return DirectoryTree.join(parts);
    }

    private Directory root() throws IOException {
        return tree.root();
    }

    private Directory loadDirectory(long cluster, String path) throws IOException {
        return tree.load(cluster, path);
    }

    private long parentReference(Directory dir) throws IOException {
        return tree.parentReference(dir);
    }

    private Directory parentOf(Directory d) throws IOException {
        return tree.parentOf(d);
    }

    private Directory directory(String path) throws IOException {
        return tree.directory(path);
    }

    private Directory subdirectory(DirectoryRecord r, String path) throws IOException {
        return tree.subdirectory(r, path);
    }

    private Directory parentDirectory(List<String> parts, String path) throws IOException {
        return tree.parentDirectory(parts, path);
    }

    private DirectoryTree.FilePlace filePlace(String path) throws IOException {
        return tree.filePlace(path);
    }

    private DirectoryRecord record(List<String> parts, String path) throws IOException {
        return tree.record(parts, path);
    }

    private DirectoryRecord fileRecord(String path) throws IOException {
        return tree.fileRecord(path);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Hooks for TreeCopy (callers hold this object's monitor)

    /** The record at {@code path}, or {@code null} for the root. */
    DirectoryRecord recordAt(String path) throws IOException {
        List<String> parts = split(path);
        return parts.isEmpty() ? null : record(parts, path);
    }

    /** The directory of {@code r} (the root for {@code null}), loaded through the cache. */
    Directory directoryOf(DirectoryRecord r, String path) throws IOException {
        return r == null ? root() : subdirectory(r, path);
    }

    /** The directory at {@code path}. */
    Directory directoryAt(String path) throws IOException {
        return directory(path);
    }

    /** Clusters that adding entries named {@code names} to the existing directory {@code dir} would allocate. */
    long clustersForNewEntries(Directory dir, List<String> names) throws FileSystemFullException {
        int slots = 0;
        for (String name : names) {
            slots += slotsFor(dir, name);
        }
        return slots == 0 ? 0 : dir.clustersNeededFor(slots);
    }

    /** Clusters a new directory holding entries named {@code names} needs (its first cluster included). */
    long clustersForNewDirectory(List<String> names) {
        long slots = 2;
        for (String name : names) {
            slots += ShortNames.exact(name) != null ? 1 : 1 + LongNameEntryDescriptor.partsFor(name.length());
        }
        long perCluster = clusterSize() / 32;
        return Math.max(1, (slots + perCluster - 1) / perCluster);
    }

    /** The time zone of the DOS timestamps. */
    ZoneId zone() {
        return zone;
    }

    /** {@code path} with {@code .} and {@code ..} resolved and separators normalised: "/" or "/a/b". */
    static String normalise(String path) throws InvalidNameException {
        return join(split(path));
    }

    /** Number of clusters a file of {@code bytes} occupies. */
    long clustersForBytes(long bytes) {
        return volume.clustersFor(bytes);
    }
}
