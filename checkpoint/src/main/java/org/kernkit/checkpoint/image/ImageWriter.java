package org.kernkit.checkpoint.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Streams sections into an image file through one reusable buffer of {@link #BUFFER_SIZE} bytes.
 *
 * <pre>
 * buffer: [ earlier sections ... | type | length (patched at end) | payload ... ]  --spill--&gt; file
 *                                ^ sectionStart (a file offset: may already be in the file)
 * large putRaw (task state):  buffer spilled, then the caller's array written to the file directly
 * end of section:             CRC32C(payload || type || length) appended; length patched in the buffer, or in the
 *                             file with one positional write when the section header was already spilled
 * </pre>
 *
 * The CRC covers the payload first and the 8-byte header last, so it can be computed while the payload streams out
 * and finished once the length is known. Memory stays at one buffer whatever the state size, and no state byte is
 * copied twice. Not thread-safe: the container's thread writes.
 */
final class ImageWriter implements StateWriter.Spill {

    static final int BUFFER_SIZE = ImageCodec.WRITE_BUFFER_BYTES;

    private final StateWriter buffer = new StateWriter(BUFFER_SIZE, this);
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(ImageDescriptor.SECTION_HEADER_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel channel;
    private long flushedBytes;
    private long sectionStart = -1;
    private int sectionType;
    /** Buffer index from which the open section's bytes are not yet in the CRC. */
    private int crcFrom;
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
        buffer.putInt(type);
        buffer.putInt(0);
        sectionStart = flushedBytes + buffer.position() - ImageDescriptor.SECTION_HEADER_LENGTH;
        sectionType = type;
        crc.reset();
        crcFrom = buffer.position();
        return buffer;
    }

    /** Closes the open section: appends its CRC, patches its length. */
    void end() throws IOException {
        try {
            int position = buffer.position();
            crc.update(buffer.array(), crcFrom, position - crcFrom);
            long payload = flushedBytes + position - sectionStart - ImageDescriptor.SECTION_HEADER_LENGTH;
            if (payload > ImageDescriptor.MAX_SECTION_PAYLOAD) {
                throw new IllegalStateException("section " + sections + " (" + ImageDescriptor.sectionName(sectionType)
                        + ") payload of " + payload + " bytes exceeds " + ImageDescriptor.MAX_SECTION_PAYLOAD);
            }
            header.clear();
            header.putInt(sectionType).putInt((int) payload).flip();
            crc.update(header.array(), 0, ImageDescriptor.SECTION_HEADER_LENGTH);
            if (sectionStart >= flushedBytes) {
                buffer.putIntAt((int) (sectionStart - flushedBytes) + ImageDescriptor.SECTION_LENGTH_OFFSET,
                        (int) payload);
            } else {
                // The header left with an earlier spill: patch the length in place; positional, no seek.
                ByteBuffer length = header.duplicate().order(ByteOrder.LITTLE_ENDIAN)
                        .position(ImageDescriptor.SECTION_LENGTH_OFFSET);
                long at = sectionStart + ImageDescriptor.SECTION_LENGTH_OFFSET;
                while (length.hasRemaining()) {
                    at += channel.write(length, at);
                }
            }
            sectionStart = -1;
            buffer.putInt((int) crc.getValue());
            sections++;
            if (buffer.position() >= BUFFER_SIZE - 4096) {
                spill(buffer.array(), buffer.position());
                buffer.reset();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
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
        try {
            spill(buffer.array(), buffer.position());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        buffer.reset();
        channel = null;
        return flushedBytes;
    }

    @Override
    public void spill(byte[] bytes, int length) {
        if (sectionStart >= 0) {
            crc.update(bytes, crcFrom, length - crcFrom);
        }
        crcFrom = 0;
        write(bytes, 0, length);
    }

    @Override
    public void direct(byte[] bytes, int offset, int length) {
        if (sectionStart >= 0) {
            crc.update(bytes, offset, length);
        }
        write(bytes, offset, length);
    }

    private void write(byte[] bytes, int offset, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        try {
            while (b.hasRemaining()) {
                flushedBytes += channel.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
