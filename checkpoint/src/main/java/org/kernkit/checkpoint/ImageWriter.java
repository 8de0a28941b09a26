package org.kernkit.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Streams sections into an image file: each section is built in place in one reusable buffer, its length patched
 * and its CRC32C appended, and the buffer is written out whenever it holds more than {@link #FLUSH_THRESHOLD}.
 *
 * <pre>
 * buffer: [ finished sections ... | type | length (patched at end) | payload ... | crc ]
 *                                 ^ sectionStart
 * </pre>
 *
 * A state larger than the buffer grows it once; the grown buffer is kept for the next checkpoint, so steady-state
 * checkpoints allocate nothing. Not thread-safe: the container's thread writes.
 */
final class ImageWriter {

    static final int FLUSH_THRESHOLD = 1 << 20;

    private final StateWriter buffer = new StateWriter(FLUSH_THRESHOLD + (FLUSH_THRESHOLD >> 2));
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private long flushedBytes;
    private int sectionStart = -1;
    private int sections;

    /** Starts an image: writes the preamble. */
    void start(FileChannel target) {
        channel = target;
        flushedBytes = 0;
        sections = 0;
        sectionStart = -1;
        buffer.reset();
        buffer.putLong(ImageDescriptor.HEADER_MAGIC);
        buffer.putInt(ImageDescriptor.FORMAT_VERSION);
        buffer.putInt(0);
    }

    /**
     * Opens a section.
     *
     * @return the writer to put the payload into
     */
    StateWriter begin(int type) {
        if (sectionStart >= 0) {
            throw new IllegalStateException("section " + ImageDescriptor.sectionName(type) + " begun inside another");
        }
        sectionStart = buffer.position();
        buffer.putInt(type);
        buffer.putInt(0);
        return buffer;
    }

    /** Closes the open section: patches its length, appends its CRC, flushes if the buffer is large. */
    void end() throws IOException {
        int start = sectionStart;
        int payload = buffer.position() - start - ImageDescriptor.SECTION_HEADER_LENGTH;
        if (payload > ImageDescriptor.MAX_SECTION_PAYLOAD) {
            throw new IllegalStateException("section " + sections + " payload of " + payload + " bytes exceeds "
                    + ImageDescriptor.MAX_SECTION_PAYLOAD);
        }
        buffer.putIntAt(start + ImageDescriptor.SECTION_LENGTH_OFFSET, payload);
        CRC32C c = crc;
        c.reset();
        c.update(buffer.array(), start, ImageDescriptor.SECTION_HEADER_LENGTH + payload);
        buffer.putInt((int) c.getValue());
        sectionStart = -1;
        sections++;
        if (buffer.position() >= FLUSH_THRESHOLD) {
            flush();
        }
    }

    /**
     * Writes the trailer and everything still buffered.
     *
     * @return the image's length in bytes
     */
    long finish() throws IOException {
        long trailerOffset = flushedBytes + buffer.position();
        int before = sections;
        StateWriter out = begin(ImageDescriptor.SECTION_TRAILER);
        out.putInt(before);
        out.putLong(trailerOffset);
        out.putLong(ImageDescriptor.TRAILER_MAGIC);
        end();
        flush();
        channel = null;
        return flushedBytes;
    }

    private void flush() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer.array(), 0, buffer.position());
        while (bytes.hasRemaining()) {
            flushedBytes += channel.write(bytes);
        }
        buffer.reset();
    }
}
