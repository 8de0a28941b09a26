package org.kernkit.checkpoint.device;

/**
 * A named, bounded byte pipe between tasks (a named pipe, {@code mkfifo}). Its buffered bytes and whether its
 * writer has closed are part of every checkpoint.
 *
 * <pre>
 * writer --write--&gt; [ capacity-bounded ring of buffered bytes ] --read--&gt; reader
 *                    writerClosed: once set, an empty FIFO reads end-of-stream (-1)
 * </pre>
 *
 * <p>Created by the container ({@code Container.createFifo}); only the runtime implements this interface. Not
 * thread-safe: used only by tasks, which run on the container's thread.
 */
public sealed interface Fifo permits org.kernkit.checkpoint.internal.BufferedFifo {

    /** {@return the FIFO's name} */
    String name();

    /** {@return most bytes buffered at once} */
    int capacity();

    /** {@return bytes buffered, ready to read} */
    int available();

    /** {@return bytes a write can take now} */
    int freeSpace();

    /**
     * Writes as many bytes as fit; never blocks.
     *
     * @param bytes the source
     * @param offset the first byte of {@code bytes} to write
     * @param length how many bytes to write at most
     * @return bytes taken, 0 when full
     * @throws IllegalStateException if the writer has closed the FIFO
     * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
     */
    int write(byte[] bytes, int offset, int length);

    /**
     * Reads up to {@code length} bytes; never blocks.
     *
     * @param target where the bytes go
     * @param offset the first index of {@code target} to fill
     * @param length how many bytes to read at most
     * @return bytes read; 0 if none is buffered yet; -1 at end of stream (empty and the writer closed)
     * @throws IndexOutOfBoundsException if the range is outside {@code target}
     */
    int read(byte[] target, int offset, int length);

    /** Marks the end of the stream: once the buffered bytes are read, reads return -1. Idempotent. */
    void closeWriter();

    /** {@return true once the writer has closed} */
    boolean writerClosed();

    /** {@return true when the writer has closed and every byte has been read} */
    boolean endOfStream();
}
