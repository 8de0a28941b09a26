package org.kernkit.block;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlockDevice} over an image file, through positional {@link FileChannel} reads and writes.
 *
 * <p>The device's size is fixed when it is opened: the file length rounded down to whole sectors.
 *
 * <p>Thread-safety: positional channel I/O is safe from several threads, but a file system serialises its calls
 * anyway. Ownership: the device owns its channel and closes it in {@link #close()}.
 */
public final class FileBlockDevice implements BlockDevice {

    private final FileChannel channel;
    private final long sectorCount;
    private final boolean readOnly;

    private FileBlockDevice(FileChannel channel, long sectorCount, boolean readOnly) {
        this.channel = channel;
        this.sectorCount = sectorCount;
        this.readOnly = readOnly;
    }

    /**
     * Opens an existing image file.
     *
     * @param readOnly whether to refuse writes
     * @param image the image file; its size rounded down to whole sectors is the sector count
     * @return a device that owns the file channel until closed, holding the exclusive write lock unless {@code
     *     readOnly}
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws IOException if it cannot be opened
     */
    public static FileBlockDevice open(Path image, boolean readOnly) throws IOException {
        requireImageFile(image);
        if (readOnly) {
            FileChannel channel = FileChannel.open(image, StandardOpenOption.READ);
            return new FileBlockDevice(channel, channel.size() / SECTOR_SIZE, true);
        }
        FileChannel channel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lockForWriting(channel, image);
        return new FileBlockDevice(channel, channel.size() / SECTOR_SIZE, false);
    }

    /**
     * Refuses, before opening, what cannot hold an image: a directory, a FIFO (whose open would block until a writer
     * came), a socket or a character device. A regular file or a block device passes; a missing file is left to the
     * open, which names it.
     *
     * @throws FileSystemException naming the image and what it is instead
     */
    private static void requireImageFile(Path image) throws IOException {
        if (!Files.exists(image) || Files.isRegularFile(image)) {
            return;
        }
        if (Files.isDirectory(image)) {
            throw new FileSystemException(image.toString(), null, "is a directory, not an image file");
        }
        int type = (Integer) Files.getAttribute(image, "unix:mode") & S_IFMT;
        if (type != S_IFBLK) {
            throw new FileSystemException(image.toString(), null, "is a " + switch (type) {
                case S_IFIFO -> "FIFO";
                case S_IFSOCK -> "socket";
                case S_IFCHR -> "character device";
                default -> "special file";
            } + ", not an image file or a block device");
        }
    }

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;

    /**
     * Takes an exclusive OS lock ({@link FileChannel#tryLock()}: {@code fcntl} on Linux) on the whole image, held
     * until the channel is closed, so a second writer (another process, or another device in this JVM) is refused
     * instead of interleaving its FAT and directory writes with ours. Read-only opens take no lock: they never
     * block a writer, and a reader racing a writer may see a half-finished operation, like a second mount.
     *
     * @throws FileSystemException naming the image and the lock if another writer holds it; the channel is closed
     */
    private static void lockForWriting(FileChannel channel, Path image) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new FileSystemException(image.toString(), null, "is open for writing elsewhere: another process"
                    + " (or this one) holds the exclusive OS file lock (fcntl/FileChannel.tryLock) on the image;"
                    + " refusing to open it for writing");
        }
    }

    /**
     * Creates an image file of {@code sizeBytes} bytes, sparse where the OS allows, or resizes an existing one to
     * that size (its bytes are kept up to the new size: formatting overwrites them). The write lock is taken
     * before the file is changed.
     *
     * @param image the image file, created if absent
     * @param sizeBytes the image size in bytes, a positive multiple of {@link #SECTOR_SIZE}
     * @return a writable device of {@code sizeBytes / SECTOR_SIZE} sectors, holding the exclusive write lock until
     *     closed
     * @throws IllegalArgumentException if {@code sizeBytes} is not a positive multiple of {@link #SECTOR_SIZE}
     * @throws FileSystemException if {@code image} is a directory, or another writer holds the image's lock
     * @throws IOException if the file cannot be created
     */
    public static FileBlockDevice create(Path image, long sizeBytes) throws IOException {
        requireImageSize(sizeBytes);
        if (Files.isDirectory(image)) {
            throw new FileSystemException(image.toString(), null, "is a directory, not an image file");
        }
        FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        lockForWriting(channel, image);
        try {
            if (channel.size() > sizeBytes) {
                channel.truncate(sizeBytes);
            } else if (channel.size() < sizeBytes) {
                channel.write(ByteBuffer.allocate(1), sizeBytes - 1);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new FileBlockDevice(channel, sizeBytes / SECTOR_SIZE, false);
    }

    /**
     * Checks an image size for {@link #create}.
     *
     * @param sizeBytes the proposed image size in bytes
     * @throws IllegalArgumentException if {@code sizeBytes} is not a positive multiple of {@link #SECTOR_SIZE}
     */
    public static void requireImageSize(long sizeBytes) {
        if (sizeBytes <= 0 || sizeBytes % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException(
                    "image size " + sizeBytes + " is not a positive multiple of " + SECTOR_SIZE + " bytes");
        }
    }

    @Override
    public long sectorCount() {
        return sectorCount;
    }

    /**
     * Whether writes are refused.
     *
     * @return true if the device was opened read-only, so that {@link #write} throws
     */
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public void read(long firstSector, ByteBuffer dst) throws IOException {
        long position = checkRange(firstSector, dst.remaining());
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                throw new EOFException("image ended at byte " + position + " while reading sector " + firstSector);
            }
            position += n;
        }
    }

    @Override
    public void write(long firstSector, ByteBuffer src) throws IOException {
        if (readOnly) {
            throw new IOException("device is read-only; refused write at sector " + firstSector);
        }
        long position = checkRange(firstSector, src.remaining());
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
    }

    private long checkRange(long firstSector, int bytes) throws EOFException {
        if (bytes % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException(
                    "transfer of " + bytes + " bytes is not a multiple of the sector size " + SECTOR_SIZE);
        }
        long sectors = bytes / SECTOR_SIZE;
        // sectors > sectorCount - firstSector, not firstSector + sectors > sectorCount: the sum overflows for a
        // firstSector near Long.MAX_VALUE and would pass the check; the difference cannot (both are >= 0).
        if (firstSector < 0 || sectors > sectorCount - firstSector) {
            throw new EOFException("sectors " + firstSector + ".." + (firstSector + sectors - 1)
                    + " out of range for a device of " + sectorCount + " sectors");
        }
        return firstSector * SECTOR_SIZE;
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) {
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
