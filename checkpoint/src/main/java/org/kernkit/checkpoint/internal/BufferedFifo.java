package org.kernkit.checkpoint.internal;

import org.kernkit.checkpoint.device.Fifo;

/**
 * The {@link Fifo} of the runtime: a {@link ByteQueue} and a closed flag, created and restored by the container,
 * copied into images by it. Not thread-safe: confined to the container's thread.
 */
public final class BufferedFifo implements Fifo {

    private final String name;
    private final ByteQueue buffered;
    private boolean writerClosed;

    /**
     * An empty FIFO.
     *
     * @param name its name
     * @param capacity most bytes buffered, at least 1
     */
    public BufferedFifo(String name, int capacity) {
        this.name = name;
        this.buffered = new ByteQueue(capacity);
    }

    /**
     * A FIFO as an image recorded it.
     *
     * @param name its name
     * @param capacity its capacity
     * @param writerClosed whether its writer had closed it
     * @param bytes its buffered bytes, at most {@code capacity}
     * @return the FIFO
     */
    public static BufferedFifo restore(String name, int capacity, boolean writerClosed, byte[] bytes) {
        BufferedFifo fifo = new BufferedFifo(name, capacity);
        fifo.buffered.offer(bytes, 0, bytes.length);
        fifo.writerClosed = writerClosed;
        return fifo;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int capacity() {
        return buffered.capacity();
    }

    @Override
    public int available() {
        return buffered.size();
    }

    @Override
    public int freeSpace() {
        return buffered.free();
    }

    @Override
    public int write(byte[] bytes, int offset, int length) {
        if (writerClosed) {
            throw new IllegalStateException("write to FIFO " + name + " after its writer closed it");
        }
        return buffered.offer(bytes, offset, length);
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (buffered.size() == 0 && length > 0) {
            return writerClosed ? -1 : 0;
        }
        return buffered.poll(target, offset, length);
    }

    @Override
    public void closeWriter() {
        writerClosed = true;
    }

    @Override
    public boolean writerClosed() {
        return writerClosed;
    }

    @Override
    public boolean endOfStream() {
        return writerClosed && buffered.size() == 0;
    }

    /** {@return a copy of the buffered bytes, oldest first, for an image} */
    public byte[] bufferedBytes() {
        return buffered.toArray();
    }

    @Override
    public String toString() {
        return "Fifo[" + name + ", " + available() + "/" + capacity() + " bytes" + (writerClosed ? ", closed]" : "]");
    }
}
