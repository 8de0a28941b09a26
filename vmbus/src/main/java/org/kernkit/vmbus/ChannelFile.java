package org.kernkit.vmbus;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.kernkit.vmbus.internal.ProcessLiveness;

/**
 * A channel region in a file, mapped shared so that two processes see the same bytes (like the rings
 * {@code uio_hv_generic} maps into a process).
 *
 * <p>The file never shrinks while mapped: {@link #create} only grows it, so a process that still maps it never
 * touches a page beyond the end of the file. Nothing is overwritten silently: {@link #create} refuses a file that
 * holds something other than a channel, and a channel that a live host process serves.
 */
public final class ChannelFile {

    private static final long POLL_MILLIS = 10;

    private ChannelFile() {
    }

    /**
     * Creates {@code file}, or reuses a channel file no live host serves, sizes it for two rings of
     * {@code ringLength} bytes, maps it and formats an empty channel in it (keeping the side words of a channel
     * that was there, so that the next session's epoch follows the old one).
     *
     * @param file the channel file to create or reuse
     * @param ringLength the length of each ring in bytes, header page included
     * @param arena owns the mapping; closing it unmaps the region
     * @return the mapped region, valid while {@code arena} is alive
     * @throws PeerUnavailableException if a live host process serves the channel in the file (names its pid)
     * @throws IOException if the file holds something that is not a channel, or cannot be created, sized or mapped
     * @throws IllegalArgumentException if {@code ringLength} is not a multiple of 4096 that can hold a ring
     */
    public static MemorySegment create(Path file, int ringLength, Arena arena) throws IOException {
        ChannelDescriptor.checkRingLength(ringLength);
        long length = ChannelDescriptor.regionLength(ringLength);
        requireRegularFileOrAbsent(file);
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long size = fc.size();
            if (size > 0) {
                ByteBuffer control = readControl(fc);
                long magic = control == null ? -1 : control.getLong(ChannelDescriptor.MAGIC_OFFSET);
                if (magic == ChannelDescriptor.MAGIC) {
                    long host = control.getLong(ChannelDescriptor.HOST_WORD_OFFSET);
                    int state = ChannelDescriptor.stateOf(host);
                    long pid = ChannelDescriptor.pidOf(host);
                    if ((state == ChannelDescriptor.STATE_ATTACHED || state == ChannelDescriptor.STATE_RESETTING)
                            && pid != ProcessHandle.current().pid() && ProcessLiveness.alive(pid)) {
                        throw new PeerUnavailableException("channel file " + file + " already has a host, pid " + pid
                                + " (" + ChannelDescriptor.stateName(state) + "); refusing to re-format it");
                    }
                } else if (!allZero(fc, size)) {
                    throw new IOException("channel file " + file + " exists and is not a kernkit vmbus channel ("
                            + size + " bytes" + (control == null ? "" : ", starting with 0x" + Long.toHexString(magic))
                            + "); refusing to overwrite it");
                }
            }
            if (size < length) {
                fc.write(ByteBuffer.allocate(1), length - 1);
            }
            MemorySegment region = fc.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            Channel.format(region, ringLength);
            return region;
        }
    }

    /**
     * Maps an existing channel file, waiting up to {@code timeoutMillis} for it to appear and be formatted. The
     * file is mapped once, when it is ready; a file that can never become a channel fails at once.
     *
     * @param file the channel file, made by {@link #create} here or in another process
     * @param arena owns the mapping; closing it unmaps the region
     * @param timeoutMillis how long to wait for the file to appear and be formatted
     * @return the mapped region, valid while {@code arena} is alive, ready for {@link Channel#attach}
     * @throws IOException if the file is not a channel (names what it holds), does not become ready in time, or
     *     cannot be mapped
     * @throws InterruptedException if interrupted while waiting
     */
    public static MemorySegment open(Path file, Arena arena, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String lastProblem;
        while (true) {
            requireRegularFileOrAbsent(file);
            try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = fc.size();
                ByteBuffer control = readControl(fc);
                if (control != null) {
                    long magic = control.getLong(ChannelDescriptor.MAGIC_OFFSET);
                    int version = control.getInt(ChannelDescriptor.VERSION_OFFSET);
                    int ringLength = control.getInt(ChannelDescriptor.RING_LENGTH_OFFSET);
                    if (magic == ChannelDescriptor.MAGIC) {
                        if (version != ChannelDescriptor.VERSION) {
                            throw new IOException("channel file " + file + " has layout version " + version
                                    + ", this code reads " + ChannelDescriptor.VERSION);
                        }
                        try {
                            ChannelDescriptor.checkRingLength(ringLength);
                        } catch (IllegalArgumentException e) {
                            throw new IOException("channel file " + file + ": " + e.getMessage());
                        }
                        if (ChannelDescriptor.regionLength(ringLength) > size) {
                            throw new IOException("channel file " + file + " of " + size + " bytes is shorter than "
                                    + "its two rings of " + ringLength + " bytes need");
                        }
                        return fc.map(FileChannel.MapMode.READ_WRITE, 0, ChannelDescriptor.regionLength(ringLength), arena);
                    }
                    if (magic != 0) {
                        throw new IOException("channel file " + file + " is not a kernkit vmbus channel: it starts "
                                + "with 0x" + Long.toHexString(magic) + ", a channel with 0x"
                                + Long.toHexString(ChannelDescriptor.MAGIC) + " (\"KKVMBUS1\")");
                    }
                    // Magic 0: a host is creating the file and has not finished formatting it.
                    lastProblem = "magic 0 (not formatted yet), file size " + size;
                } else if (size > 0) {
                    throw new IOException("channel file " + file + " is not a kernkit vmbus channel: " + size
                            + " bytes, smaller than the " + ChannelDescriptor.CONTROL_LENGTH + "-byte control page");
                } else {
                    lastProblem = "empty file (not formatted yet)";
                }
            } catch (NoSuchFileException e) {
                lastProblem = "no such file";
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("channel file " + file + " not ready after " + timeoutMillis + " ms: " + lastProblem);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The control page read with a plain read (no mapping), native order; null if the file is shorter. */
    /**
     * Refuses, before any open, a path that exists but is not a regular file: a FIFO's open would block until a
     * writer came, and a directory or a device cannot hold a channel. A missing file is left to the caller.
     *
     * @throws FileSystemException naming the file and what it is instead
     */
    static void requireRegularFileOrAbsent(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, (Files.isDirectory(file) ? "is a directory"
                    : "is not a regular file (a FIFO, socket or device)") + ", not a channel file");
        }
    }

    static ByteBuffer readControl(FileChannel fc) throws IOException {
        if (fc.size() < ChannelDescriptor.CONTROL_LENGTH) {
            return null;
        }
        ByteBuffer control = ByteBuffer.allocate(ChannelDescriptor.CONTROL_LENGTH).order(ByteOrder.nativeOrder());
        while (control.hasRemaining()) {
            if (fc.read(control, control.position()) < 0) {
                return null;
            }
        }
        return control.flip();
    }

    private static boolean allZero(FileChannel fc, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (long at = 0; at < size; ) {
            buffer.clear();
            int n = fc.read(buffer, at);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) != 0) {
                    return false;
                }
            }
            at += n;
        }
        return true;
    }
}
