package org.kernkit.checkpoint;

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
 * <p>Not thread-safe: a writer belongs to the thread writing the checkpoint.
 */
public final class StateWriter {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Arrays cannot reach Integer.MAX_VALUE; stay a little below, like ArrayList. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private byte[] buffer;
    private int position;

    /**
     * @param initialCapacity bytes to allocate up front
     * @throws IllegalArgumentException if initialCapacity is negative
     */
    public StateWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity " + initialCapacity + " is negative");
        }
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** @return bytes written so far */
    public int position() {
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

    /** @param value written as one byte, 1 or 0 */
    public void putBoolean(boolean value) {
        putByte(value ? 1 : 0);
    }

    /** @param value appended as 4 bytes, little-endian */
    public void putInt(int value) {
        ensure(4);
        INT.set(buffer, position, value);
        position += 4;
    }

    /** @param value appended as 8 bytes, little-endian */
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
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    /**
     * Appends a u32 length followed by the bytes; read back with {@link StateReader#getBlob()}.
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

    /** @param bytes appended with a u32 length, see {@link #putBlob(byte[], int, int)} */
    public void putBlob(byte[] bytes) {
        putBlob(bytes, 0, bytes.length);
    }

    /**
     * Appends a u16 length and the UTF-8 bytes of a name.
     *
     * @param name the name
     * @throws IllegalArgumentException if its UTF-8 form is longer than {@link ImageDescriptor#MAX_NAME_BYTES}
     */
    public void putString(String name) {
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
