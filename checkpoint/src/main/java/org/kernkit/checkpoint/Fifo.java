package org.kernkit.checkpoint;

import org.kernkit.checkpoint.internal.ByteQueue;

/**
 * A named, bounded byte pipe between tasks (a named pipe, {@code mkfifo}). Its buffered bytes and whether its
 * writer has closed are part of every checkpoint.
 *
 * <pre>
 * writer --write--&gt; [ capacity-bounded ring of buffered bytes ] --read--&gt; reader
 *                    writerClosed: once set, an empty FIFO reads end-of-stream (-1)
 * </pre>
 *
 * <p>Not thread-safe: used only by tasks, which run on the container's thread.
 */
public final class Fifo {

    private final String name;
    private final ByteQueue buffered;
    private boolean writerClosed;

    Fifo(String name, int capacity) {
        this.name = name;
        this.buffered = new ByteQueue(capacity);
    }

    /** {@return the FIFO's name} */
    public String name() {
        return name;
    }

    /** {@return most bytes buffered at once} */
    public int capacity() {
        return buffered.capacity();
    }

    /** {@return bytes buffered, ready to read} */
    public int available() {
        return buffered.size();
    }

    /** {@return bytes a write can take now} */
    public int freeSpace() {
        return buffered.free();
    }

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
    public int write(byte[] bytes, int offset, int length) {
        if (writerClosed) {
            throw new IllegalStateException("write to FIFO " + name + " after its writer closed it");
        }
        return buffered.offer(bytes, offset, length);
    }

    /**
     * Reads up to {@code length} bytes; never blocks.
     *
     * @param target where the bytes go
     * @param offset the first index of {@code target} to fill
     * @param length how many bytes to read at most
     * @return bytes read; 0 if none is buffered yet; -1 at end of stream (empty and the writer closed)
     * @throws IndexOutOfBoundsException if the range is outside {@code target}
     */
    public int read(byte[] target, int offset, int length) {
        if (buffered.size() == 0 && length > 0) {
            return writerClosed ? -1 : 0;
        }
        return buffered.poll(target, offset, length);
    }

    /** Marks the end of the stream: once the buffered bytes are read, reads return -1. Idempotent. */
    public void closeWriter() {
        writerClosed = true;
    }

    /** {@return true once the writer has closed} */
    public boolean writerClosed() {
        return writerClosed;
    }

    /** {@return true when the writer has closed and every byte has been read} */
    public boolean endOfStream() {
        return writerClosed && buffered.size() == 0;
    }

    byte[] bufferedBytes() {
        return buffered.toArray();
    }

    static Fifo restore(String name, int capacity, boolean writerClosed, byte[] bytes) {
        Fifo fifo = new Fifo(name, capacity);
        fifo.buffered.offer(bytes, 0, bytes.length);
        fifo.writerClosed = writerClosed;
        return fifo;
    }

    @Override
    public String toString() {
        return "Fifo[" + name + ", " + available() + "/" + capacity() + " bytes" + (writerClosed ? ", closed]" : "]");
    }
}
