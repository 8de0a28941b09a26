package org.kernkit.checkpoint.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.kernkit.checkpoint.device.Output;

/**
 * The {@link Output} of the runtime: a file channel and a 64 KiB buffer. The container creates it, forces it before
 * each image ({@link #flushAndForce}), cuts it back at restart ({@link #restore}) and closes it. Not thread-safe:
 * confined to the container's thread.
 */
public final class ExactlyOnceOutput implements Output, AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final String name;
    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long written;

    private ExactlyOnceOutput(String name, Path path, FileChannel channel, long written) {
        this.name = name;
        this.path = path;
        this.channel = channel;
        this.written = written;
    }

    /**
     * Creates (or truncates) an output file.
     *
     * @param name the output's name
     * @param path its file
     * @return the output, empty
     * @throws IOException if the path is not a regular file or cannot be created; the message names it
     */
    public static ExactlyOnceOutput create(String name, Path path) throws IOException {
        RegularFiles.check(path, "output " + name);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new ExactlyOnceOutput(name, path, channel, 0);
        } catch (IOException e) {
            throw RegularFiles.named(e, "create output", path);
        }
    }

    /**
     * Checks, without opening it for writing, that an output can be cut back to a committed length.
     *
     * @param name the output's name
     * @param path its file
     * @param length the length an image committed
     * @param image the image that committed the length, for the message
     * @throws IOException if the path is not a regular file or holds fewer bytes; the message names both
     */
    public static void checkRestorable(String name, Path path, long length, Path image) throws IOException {
        RegularFiles.check(path, "output " + name);
        long size;
        try {
            size = Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            throw RegularFiles.named(e, "read the size of output", path);
        }
        if (size < length) {
            throw new IOException("output " + name + " (" + path + ") holds " + size + " bytes, fewer than the "
                    + length + " that " + image + " committed: it was changed or lost since");
        }
    }

    /**
     * Opens an output file for a restart and cuts it back to the length an image committed.
     *
     * @param name the output's name
     * @param path its file
     * @param length the committed length
     * @return the output, positioned at {@code length}
     * @throws IOException if the file is not regular, holds fewer bytes, or cannot be cut back; the message names it
     */
    public static ExactlyOnceOutput restore(String name, Path path, long length) throws IOException {
        RegularFiles.check(path, "output " + name);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw RegularFiles.named(e, "open output", path);
        }
        try {
            long size = channel.size();
            if (size < length) {
                throw new IOException("output " + name + " (" + path + ") holds " + size
                        + " bytes, fewer than the " + length + " the checkpoint committed: it was changed or lost");
            }
            channel.truncate(length);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw RegularFiles.named(e, "cut back output", path);
        }
        return new ExactlyOnceOutput(name, path, channel, length);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long length() {
        return written + buffer.position();
    }

    @Override
    public void append(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        ByteBuffer b = buffer;
        while (length > 0) {
            if (!b.hasRemaining()) {
                flush();
            }
            int n = Math.min(length, b.remaining());
            b.put(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    /**
     * Writes the buffered bytes to the file (not forced).
     *
     * @throws IOException if the file cannot be written; the message names it
     */
    public void flush() throws IOException {
        ByteBuffer b = buffer;
        b.flip();
        try {
            while (b.hasRemaining()) {
                written += channel.write(b, written);
            }
        } catch (IOException e) {
            throw RegularFiles.named(e, "write output", path);
        }
        b.clear();
    }

    /**
     * Writes the buffered bytes and forces the file: done before an image that records {@link #length()} commits.
     *
     * @throws IOException if the file cannot be written or forced; the message names it
     */
    public void flushAndForce() throws IOException {
        flush();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw RegularFiles.named(e, "force output", path);
        }
    }

    /**
     * Writes the buffered bytes and closes the file; does not force.
     *
     * @throws IOException if the file cannot be written or closed
     */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
