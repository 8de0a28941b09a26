package org.kernkit.vmbus;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A channel region in a file, mapped shared so that two processes see the same bytes (like the rings
 * {@code uio_hv_generic} maps into a process).
 *
 * <p>The file never shrinks while mapped: {@link #create} only grows it, so a process that still maps it never
 * touches a page beyond the end of the file.
 */
public final class ChannelFile {

    private ChannelFile() {
    }

    /**
     * Creates (or reuses) {@code file}, sizes it for two rings of {@code ringLength} bytes, maps it and formats an
     * empty channel in it.
     *
     * @return the mapped region, valid while {@code arena} is alive
     * @throws IOException if the file cannot be created, sized or mapped
     * @throws IllegalArgumentException if {@code ringLength} cannot hold a ring
     */
    public static MemorySegment create(Path file, int ringLength, Arena arena) throws IOException {
        long length = ChannelDescriptor.regionLength(ringLength);
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (fc.size() < length) {
                fc.write(java.nio.ByteBuffer.allocate(1), length - 1);
            }
            MemorySegment region = fc.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            Channel.format(region, ringLength);
            return region;
        }
    }

    /**
     * Maps an existing channel file, waiting up to {@code timeoutMillis} for it to appear and be formatted.
     *
     * @throws IOException if it does not appear in time (naming what was found), or cannot be mapped
     * @throws InterruptedException if interrupted while waiting
     */
    public static MemorySegment open(Path file, Arena arena, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String lastProblem;
        while (true) {
            try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = fc.size();
                if (size >= ChannelDescriptor.CONTROL_LENGTH) {
                    MemorySegment control = fc.map(FileChannel.MapMode.READ_WRITE, 0, ChannelDescriptor.CONTROL_LENGTH, arena);
                    long magic = control.get(ValueLayout.JAVA_LONG, ChannelDescriptor.MAGIC_OFFSET);
                    int ringLength = control.get(ValueLayout.JAVA_INT, ChannelDescriptor.RING_LENGTH_OFFSET);
                    if (magic == ChannelDescriptor.MAGIC && ChannelDescriptor.regionLength(ringLength) <= size) {
                        return fc.map(FileChannel.MapMode.READ_WRITE, 0, ChannelDescriptor.regionLength(ringLength), arena);
                    }
                    lastProblem = "magic 0x" + Long.toHexString(magic) + ", ring length " + ringLength + ", file size " + size;
                } else {
                    lastProblem = "file of " + size + " bytes, smaller than the control page";
                }
            } catch (NoSuchFileException e) {
                lastProblem = "no such file";
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("channel file " + file + " not ready after " + timeoutMillis + " ms: " + lastProblem);
            }
            Thread.sleep(10);
        }
    }
}
