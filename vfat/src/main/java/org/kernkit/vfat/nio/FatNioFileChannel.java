package org.kernkit.vfat.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.locks.Lock;

/**
 * The {@link FileChannel} of {@code FileChannel.open} and {@code Files.newByteChannel} on a FAT path: an adapter
 * over the core's channel of one file.
 *
 * <p>Thread-safety: safe for use by several threads, as {@link FileChannel} requires. Each call first takes this
 * channel's own lock (so a positional read or write, which moves the core channel's position and moves it back, is
 * never seen half done), then the file system's lock: the read lock for reads, sizes and positions, the write lock
 * for writes, {@code truncate}, {@code force} and {@code close}. See {@link FatNioFileSystem} for what that orders.
 *
 * <p>Not supported, with {@link UnsupportedOperationException}: {@link #map} (the file's clusters need not be
 * contiguous in the image) and byte-range locks (a FAT file system in this library is only ever open in one
 * process, so they would guard nothing across processes). Interruption does not close the channel.
 *
 * <p>With {@code SYNC} or {@code DSYNC}, every write flushes the file system to the device before it returns. With
 * {@code DELETE_ON_CLOSE}, {@link #close} deletes the file.
 */
final class FatNioFileChannel extends FileChannel {

    /** Bytes moved per step by the transfer methods. */
    private static final int TRANSFER_CHUNK = 64 * 1024;

    private final FatNioFileSystem fs;
    private final SeekableByteChannel core;
    private final String path;
    private final ChannelOptions options;
    /** Taken before the file system's lock: keeps a positional call's save/seek/restore whole. */
    private final Object positionLock = new Object();

    FatNioFileChannel(FatNioFileSystem fs, SeekableByteChannel core, String path, ChannelOptions options) {
        this.fs = fs;
        this.core = core;
        this.path = path;
        this.options = options;
    }

    @FunctionalInterface
    private interface ChannelOperation<T> {
        T run() throws IOException;
    }

    private <T> T locked(Lock lock, ChannelOperation<T> op) throws IOException {
        synchronized (positionLock) {
            lock.lock();
            try {
                ensureOpen();
                return op.run();
            } finally {
                lock.unlock();
            }
        }
    }

    /** A closed channel, or one of a closed file system, is a {@link ClosedChannelException}. */
    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen() || !fs.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private <T> T reading(ChannelOperation<T> op) throws IOException {
        return locked(fs.lock().readLock(), op);
    }

    private <T> T writing(ChannelOperation<T> op) throws IOException {
        return locked(fs.lock().writeLock(), op);
    }

    private int writeAndSync(ByteBuffer src) throws IOException {
        int n = core.write(src);
        if (options.sync()) {
            fs.core().flush();
        }
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return reading(() -> core.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        return reading(() -> {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                int want = dsts[i].remaining();
                int n = core.read(dsts[i]);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
                if (n < want) {
                    break;
                }
            }
            return total;
        });
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return writing(() -> writeAndSync(src));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        return writing(() -> {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                while (srcs[i].hasRemaining()) {
                    total += core.write(srcs[i]);
                }
            }
            if (options.sync()) {
                fs.core().flush();
            }
            return total;
        });
    }

    @Override
    public long position() throws IOException {
        return reading(core::position);
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position " + newPosition + " is negative");
        }
        reading(() -> core.position(newPosition));
        return this;
    }

    @Override
    public long size() throws IOException {
        return reading(core::size);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
        writing(() -> core.truncate(size));
        return this;
    }

    /** Flushes the whole file system (FAT, entries of open channels, device): FAT keeps no per-file metadata. */
    @Override
    public void force(boolean metaData) throws IOException {
        writing(() -> {
            fs.core().flush();
            return null;
        });
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position + " is negative");
        }
        if (!options.read()) {
            throw new NonReadableChannelException();
        }
        return reading(() -> {
            long saved = core.position();
            try {
                return core.position(position).read(dst);
            } finally {
                core.position(saved);
            }
        });
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position + " is negative");
        }
        if (!options.write()) {
            throw new NonWritableChannelException();
        }
        return writing(() -> {
            long saved = core.position();
            try {
                core.position(position);
                return writeAndSync(src);
            } finally {
                core.position(saved);
            }
        });
    }

    /**
     * Reads up to {@code count} bytes from {@code position} and writes them to {@code target}; stops at the end of
     * the file. Checks as {@link FileChannel#transferTo} lists them, in the JDK's order: closed, not readable, then
     * the arguments.
     */
    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        ensureOpen();
        if (!options.read()) {
            throw new NonReadableChannelException();
        }
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position " + position + " and count " + count
                    + " must not be negative");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(TRANSFER_CHUNK, Math.max(1, count)));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = read(buf, position + done);
            if (n <= 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                target.write(buf);
            }
            done += n;
        }
        return done;
    }

    /**
     * Reads up to {@code count} bytes from {@code src} and writes them from {@code position} on. As Java 25's
     * {@link FileChannel#transferFrom} says, a position at or past the end grows the file (the gap reads as zeros,
     * like any write past the end). Checks in the JDK's order: closed, not writable, then the arguments.
     */
    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ensureOpen();
        if (!options.write()) {
            throw new NonWritableChannelException();
        }
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("position " + position + " and count " + count
                    + " must not be negative");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(TRANSFER_CHUNK, Math.max(1, count)));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = src.read(buf);
            if (n <= 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                write(buf, position + done + buf.position());
            }
            done += n;
        }
        return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("FAT file " + path + " cannot be memory-mapped: its clusters need "
                + "not be contiguous in the image");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("FAT file " + path + " has no byte-range locks: the image is open "
                + "in one process only");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("FAT file " + path + " has no byte-range locks: the image is open "
                + "in one process only");
    }

    /**
     * Closes the core channel, which writes the file's entry if this channel changed it (so a writing channel closes
     * under the write lock, a reading one under the read lock), then deletes the file for DELETE_ON_CLOSE.
     */
    @Override
    protected void implCloseChannel() throws IOException {
        if (!fs.isOpen()) {
            core.close();
            return;
        }
        Lock lock = options.write() || options.deleteOnClose() ? fs.lock().writeLock() : fs.lock().readLock();
        lock.lock();
        try {
            core.close();
            if (options.deleteOnClose() && fs.isOpen()) {
                try {
                    fs.core().delete(path);
                } catch (NoSuchFileException alreadyGone) {
                    // Deleted or moved away by someone else: nothing left to delete.
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
