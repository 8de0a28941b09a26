package org.kernkit.vfat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import org.kernkit.vfat.internal.DirectoryRecord;
import org.kernkit.vfat.internal.FileData;
import org.kernkit.vfat.internal.IntList;

/**
 * A byte channel on one file of a {@link FatFileSystem}. Its position is its own; the size and cluster chain live
 * in the shared {@link DirectoryRecord}, so several channels on a file see each other's writes. Growth writes data
 * into newly linked clusters; the FAT and then the directory entry are written when the channel is closed (or the
 * file system flushed), so a torn write loses at most this file's new tail. A channel opened with
 * {@code TRUNCATE_EXISTING} on a non-empty file never truncates in place: it writes a replacement chain of its own
 * and switches the entry to it on close (FAT, barrier, entry, barrier, free the old chain); if a write failed,
 * close discards the replacement and the file keeps its old content. Thread-safety: every call serialises on the
 * file system's monitor.
 */
final class FatFileChannel implements SeekableByteChannel {

    private final FatFileSystem fs;
    private DirectoryRecord record;
    private final String path;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private long position;
    private boolean open = true;
    private boolean modified;
    /**
     * The replacement being written by a {@code TRUNCATE_EXISTING} channel: its own size and chain, outside every
     * directory, switched into {@link #record} by {@link #syncEntry()}; {@code null} otherwise.
     */
    private DirectoryRecord replacement;
    /** Whether a write failed: a pending replacement is then discarded, not switched in. */
    private boolean failed;

    FatFileChannel(FatFileSystem fs, DirectoryRecord record, String path, boolean readable, boolean writable,
            boolean append, boolean replacing) {
        this.fs = fs;
        this.record = record;
        this.path = path;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
        if (replacing) {
            replacement = new DirectoryRecord();
            replacement.chain = new org.kernkit.vfat.internal.IntList();
            replacement.attributes = record.attributes;
        }
    }

    /** Where this channel's bytes live: the pending replacement, or the file itself. */
    private DirectoryRecord content() {
        return replacement != null ? replacement : record;
    }

    private void ensureUsable() throws IOException {
        if (!open || !fs.isOpen()) {
            throw new ClosedChannelException();
        }
        if (record.deleted) {
            throw new FileSystemException(path, null, "file was deleted while open");
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        synchronized (fs) {
            ensureUsable();
            if (!readable) {
                throw new NonReadableChannelException();
            }
            DirectoryRecord content = content();
            long size = content.size;
            if (position >= size) {
                return dst.hasRemaining() ? -1 : 0;
            }
            int n = (int) Math.min(dst.remaining(), size - position);
            if (n == 0) {
                return 0;
            }
            IntList chain = content.chain;
            if (dst.hasArray()) {
                FileData.read(fs.volume(), chain, position, dst.array(), dst.arrayOffset() + dst.position(), n);
                dst.position(dst.position() + n);
            } else {
                byte[] tmp = new byte[n];
                FileData.read(fs.volume(), chain, position, tmp, 0, n);
                dst.put(tmp);
            }
            position += n;
            return n;
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (fs) {
            ensureUsable();
            if (!writable) {
                throw new NonWritableChannelException();
            }
            DirectoryRecord content = content();
            if (append) {
                position = content.size;
            }
            int n = src.remaining();
            if (n == 0) {
                return 0;
            }
            long end = position + n;
            long oldSize = content.size;
            try {
                fs.ensureCapacity(content, Math.max(end, oldSize));
                if (position > oldSize) {
                    FileData.zero(fs.volume(), content.chain, oldSize, position - oldSize);
                }
                if (src.hasArray()) {
                    FileData.write(fs.volume(), content.chain, position, src.array(),
                            src.arrayOffset() + src.position(), n);
                    src.position(src.position() + n);
                } else {
                    byte[] tmp = new byte[n];
                    src.get(tmp);
                    FileData.write(fs.volume(), content.chain, position, tmp, 0, n);
                }
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            position = end;
            if (end > content.size) {
                content.size = end;
            }
            modified = true;
            return n;
        }
    }

    @Override
    public long position() throws IOException {
        synchronized (fs) {
            ensureUsable();
            return position;
        }
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        if (newPosition < 0) {
            throw new IllegalArgumentException("position " + newPosition + " is negative");
        }
        synchronized (fs) {
            ensureUsable();
            position = newPosition;
            return this;
        }
    }

    @Override
    public long size() throws IOException {
        synchronized (fs) {
            ensureUsable();
            return content().size;
        }
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
        synchronized (fs) {
            ensureUsable();
            if (!writable) {
                throw new NonWritableChannelException();
            }
            DirectoryRecord content = content();
            if (replacement != null && size < content.size) {
                fs.volume().shrink(content.chain, (int) fs.volume().clustersFor(size));
                content.size = size;
                modified = true;
            } else if (size < content.size) {
                syncEntry();
                fs.truncateRecord(record, size);
            }
            if (position > size) {
                position = size;
            }
            return this;
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (fs) {
            return open && fs.isOpen();
        }
    }

    /**
     * Writes the FAT, then this file's directory entry, if the channel changed the file. A pending replacement is
     * switched in here: FAT, barrier, entry, barrier, then the old chain is freed. A failed replacement (or one
     * whose file was deleted meanwhile) is discarded instead.
     */
    void syncEntry() throws IOException {
        if (replacement != null) {
            if (failed || record.deleted) {
                discardReplacement();
                return;
            }
            fs.volume().flushFat();
            fs.volume().barrier();
            IntList old = record.chain;
            IntList fresh = replacement.chain;
            record.chain = fresh;
            record.size = replacement.size;
            replacement = null;
            record.firstCluster = fresh.isEmpty() ? 0 : fresh.get(0);
            fs.touchWrite(record);
            record.parent().update(record);
            fs.volume().barrier();
            fs.volume().shrink(old, 0);
            fs.volume().flushFat();
            modified = false;
            return;
        }
        if (!modified || record.deleted) {
            return;
        }
        fs.volume().flushFat();
        fs.volume().barrier();
        record.firstCluster = record.chain.isEmpty() ? 0 : record.chain.get(0);
        fs.touchWrite(record);
        record.parent().update(record);
        modified = false;
    }

    private void discardReplacement() throws IOException {
        IntList fresh = replacement.chain;
        replacement = null;
        fs.volume().shrink(fresh, 0);
        fs.volume().flushFat();
    }

    /** Follows a rename of the file. */
    void retarget(DirectoryRecord from, DirectoryRecord to) {
        if (record == from) {
            record = to;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (fs) {
            if (!open) {
                return;
            }
            open = false;
            try {
                if (fs.isOpen()) {
                    syncEntry();
                }
            } finally {
                fs.channelClosed(this);
            }
        }
    }
}
