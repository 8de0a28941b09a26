package org.kernkit.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.kernkit.checkpoint.internal.RegularFiles;

/**
 * An exactly-once, append-only output file in the container's directory.
 *
 * <pre>
 * file:  [ committed at the last checkpoint | appended since (on disk or in buffer) ]
 *        0                          committedLength                          length()
 * </pre>
 *
 * <p>A checkpoint writes the buffer, forces the file, and records {@link #length()} in the image; restart cuts the file
 * back to the recorded length, and the restored tasks append the same bytes again. No record is lost (forced before
 * the image commits) and none is duplicated (cut back). Not thread-safe: used on the container's thread.
 */
public final class Output implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final String name;
    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long written;

    private Output(String name, Path path, FileChannel channel, long written) {
        this.name = name;
        this.path = path;
        this.channel = channel;
        this.written = written;
    }

    static Output create(String name, Path path) throws IOException {
        RegularFiles.check(path, "output " + name);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new Output(name, path, channel, 0);
        } catch (IOException e) {
            throw RegularFiles.named(e, "create output", path);
        }
    }

    /**
     * Checks, without opening it for writing, that an output can be cut back to a committed length.
     *
     * @param image the image that committed the length, for the message
     * @throws IOException if the path is not a regular file or holds fewer bytes; the message names both
     */
    static void checkRestorable(String name, Path path, long length, Path image) throws IOException {
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

    static Output restore(String name, Path path, long length) throws IOException {
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
        return new Output(name, path, channel, length);
    }

    /** {@return the output's name, its file name in the container's directory} */
    public String name() {
        return name;
    }

    /** {@return the file} */
    public Path path() {
        return path;
    }

    /** {@return bytes appended since the file was created, including buffered ones} */
    public long length() {
        return written + buffer.position();
    }

    /**
     * Appends bytes.
     *
     * @param bytes the source
     * @param offset the first byte of {@code bytes} to append
     * @param length how many bytes to append
     * @throws IOException if the file cannot be written
     */
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
     * Appends all of {@code bytes}.
     *
     * @param bytes appended, see {@link #append(byte[], int, int)}
     * @throws IOException if the file cannot be written
     */
    public void append(byte[] bytes) throws IOException {
        append(bytes, 0, bytes.length);
    }

    /**
     * Appends text.
     *
     * @param text appended as UTF-8
     * @throws IOException if the file cannot be written
     */
    public void append(String text) throws IOException {
        append(text.getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
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

    void flushAndForce() throws IOException {
        flush();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw RegularFiles.named(e, "force output", path);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
