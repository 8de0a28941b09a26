package org.kernkit.checkpoint.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
 * the image commits) and none is duplicated (cut back). Created, forced and closed by the container
 * ({@code Container.createOutput}); only the runtime implements this interface. Not thread-safe: used on the
 * container's thread.
 */
public sealed interface Output permits org.kernkit.checkpoint.internal.ExactlyOnceOutput {

    /** {@return the output's name, its file name in the container's directory} */
    String name();

    /** {@return the file} */
    Path path();

    /** {@return bytes appended since the file was created, including buffered ones} */
    long length();

    /**
     * Appends bytes.
     *
     * @param bytes the source
     * @param offset the first byte of {@code bytes} to append
     * @param length how many bytes to append
     * @throws IOException if the file cannot be written
     * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
     */
    void append(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Appends all of {@code bytes}.
     *
     * @param bytes appended, see {@link #append(byte[], int, int)}
     * @throws IOException if the file cannot be written
     */
    default void append(byte[] bytes) throws IOException {
        append(bytes, 0, bytes.length);
    }

    /**
     * Appends text.
     *
     * @param text appended as UTF-8
     * @throws IOException if the file cannot be written
     */
    default void append(String text) throws IOException {
        append(text.getBytes(StandardCharsets.UTF_8));
    }
}
