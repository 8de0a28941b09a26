package org.kernkit.checkpoint.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer that task codecs encode their state into, and that the image writer
 * builds sections in.
 *
 * <pre>
 * buffer: [ written bytes ....................... | free ............ ]
 *           0                                 position            capacity
 * </pre>
 *
 * <p>The image writer's instance spills: when the buffer is full it hands the bytes to the image file and starts
 * again at 0, and a large {@link #putRaw} goes to the file directly, so a checkpoint of any size needs one small
 * buffer and copies no state twice. Not thread-safe: a writer belongs to the thread writing the checkpoint.
 */
public final class StateWriter {

    /** Where a spilling writer sends full buffers and large raw runs; I/O errors travel as UncheckedIOException. */
    interface Spill {
        /** Takes {@code buffer[0, length)}; the writer then restarts at 0. */
        void spill(byte[] buffer, int length);

        /** Takes a large run of bytes directly, after {@link #spill} of what was buffered. */
        void direct(byte[] bytes, int offset, int length);
    }

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Longest string {@link #putString} takes, in UTF-8 bytes: one section's payload. */
    public static final int MAX_STRING_BYTES = ImageDescriptor.MAX_SECTION_PAYLOAD;
    /** Arrays cannot reach Integer.MAX_VALUE; stay a little below, like ArrayList. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private final Spill spill;
    private byte[] buffer;
    private int position;

    /**
     * A writer that grows its buffer as needed.
     *
     * @param initialCapacity bytes to allocate up front
     * @throws IllegalArgumentException if initialCapacity is negative
     */
    public StateWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity " + initialCapacity + " is negative");
        }
        buffer = new byte[Math.max(16, initialCapacity)];
        spill = null;
    }

    StateWriter(int capacity, Spill spill) {
        buffer = new byte[capacity];
        this.spill = spill;
    }

    /** {@return bytes in the buffer (for a spilling writer: since the last spill)} */
    int position() {
        return position;
    }

    /**
     * Appends one byte.
     *
     * @param value the byte (low 8 bits)
     */
    public void putByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    /**
     * Appends a boolean.
     *
     * @param value written as one byte, 1 or 0
     */
    public void putBoolean(boolean value) {
        putByte(value ? 1 : 0);
    }

    /**
     * Appends an int.
     *
     * @param value appended as 4 bytes, little-endian
     */
    public void putInt(int value) {
        ensure(4);
        INT.set(buffer, position, value);
        position += 4;
    }

    /**
     * Appends a long.
     *
     * @param value appended as 8 bytes, little-endian
     */
    public void putLong(long value) {
        ensure(8);
        LONG.set(buffer, position, value);
        position += 8;
    }

    /**
     * Appends raw bytes, without a length.
     *
     * @param bytes source
     * @param offset first byte
     * @param length how many
     * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
     */
    public void putRaw(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (spill != null && length > buffer.length >> 2) {
            // Large state goes straight to the file: no copy into the buffer.
            spill.spill(buffer, position);
            position = 0;
            spill.direct(bytes, offset, length);
            return;
        }
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /**
     * Appends a u32 length followed by the bytes; read back with {@link StateReader#getBlob()}. A blob, like a whole
     * task state, is limited by the section it is in: {@link ImageDescriptor#MAX_SECTION_PAYLOAD} bytes.
     *
     * @param bytes source
     * @param offset first byte
     * @param length how many
     * @throws IndexOutOfBoundsException if the range is outside {@code bytes}
     */
    public void putBlob(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        putInt(length);
        putRaw(bytes, offset, length);
    }

    /**
     * Appends all of {@code bytes} with their length.
     *
     * @param bytes appended with a u32 length, see {@link #putBlob(byte[], int, int)}
     */
    public void putBlob(byte[] bytes) {
        putBlob(bytes, 0, bytes.length);
    }

    /**
     * Appends a u32 length and the UTF-8 bytes of a string; read back with {@link StateReader#getString()}.
     *
     * @param text the string, at most {@link #MAX_STRING_BYTES} bytes of UTF-8 (a task's whole state must also fit
     *     in one section, {@link ImageDescriptor#MAX_SECTION_PAYLOAD} bytes)
     * @throws IllegalArgumentException if its UTF-8 form is longer than {@link #MAX_STRING_BYTES}
     */
    public void putString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string of " + utf8.length + " UTF-8 bytes exceeds " + MAX_STRING_BYTES);
        }
        putBlob(utf8);
    }

    /**
     * Appends a u16 length and the UTF-8 bytes of a name (the image's own names: job, program, FIFO, ...).
     *
     * @throws IllegalArgumentException if its UTF-8 form is longer than {@link ImageDescriptor#MAX_NAME_BYTES}
     */
    void putName(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > ImageDescriptor.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("string of " + utf8.length + " UTF-8 bytes exceeds "
                    + ImageDescriptor.MAX_NAME_BYTES + ": " + name.substring(0, Math.min(40, name.length())) + "...");
        }
        ensure(2);
        SHORT.set(buffer, position, (short) utf8.length);
        position += 2;
        putRaw(utf8, 0, utf8.length);
    }

    // ---- for the image writer (package-private) ----

    void putIntAt(int at, int value) {
        INT.set(buffer, at, value);
    }

    byte[] array() {
        return buffer;
    }

    void reset() {
        position = 0;
    }

    private void ensure(int more) {
        if (spill != null && position + more > buffer.length && position > 0) {
            spill.spill(buffer, position);
            position = 0;
        }
        int needed = position + more;
        if (needed < 0 || needed > MAX_CAPACITY) {
            throw new IllegalStateException("state of " + position + " + " + more + " bytes exceeds the "
                    + MAX_CAPACITY + " bytes one buffer can hold");
        }
        if (needed > buffer.length) {
            long grown = Math.max(needed, Math.min((long) MAX_CAPACITY, buffer.length * 2L));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
    }
}
