package org.kernkit.checkpoint.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounds-checked little-endian reader over one section payload (or one task state inside it).
 *
 * <pre>
 * data: [ .... | read ..... | unread ........ | .... ]
 *        from   from..pos    pos          limit
 * </pre>
 *
 * <p>Every read checks what remains first; a length or count read from the bytes is checked against what remains
 * before anything is allocated for it. Errors are {@link ImageFormatException}s naming {@code where} (image and
 * section) and the file offset. Not thread-safe.
 */
public final class StateReader {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] data;
    private final int from;
    private final int limit;
    private final String where;
    private final long fileOffset;
    private int position;

    /**
     * Reads the bytes {@code from..limit} of {@code data}, which it does not copy: the caller must not change them
     * while reading.
     *
     * @param data bytes to read
     * @param from first byte to read
     * @param limit one past the last byte to read
     * @param where names the image and section in error messages, e.g. {@code "image-7 section #4 (TASK)"}
     * @param fileOffset file offset of {@code data[from]}, so errors name file offsets
     * @throws IndexOutOfBoundsException if {@code from..limit} is not inside {@code data}
     */
    public StateReader(byte[] data, int from, int limit, String where, long fileOffset) {
        java.util.Objects.checkFromToIndex(from, limit, data.length);
        this.data = data;
        this.from = from;
        this.limit = limit;
        this.where = where;
        this.fileOffset = fileOffset;
        this.position = from;
    }

    /** {@return the image and section this reader reads, as used in error messages} */
    public String where() {
        return where;
    }

    /** {@return bytes not read yet} */
    public int remaining() {
        return limit - position;
    }

    /** {@return the file offset of the next byte to read} */
    public long fileOffset() {
        return fileOffset + (position - from);
    }

    /**
     * {@return the next byte, unsigned}
     *
     * @throws ImageFormatException if fewer bytes remain
     */
    public int getUnsignedByte() throws ImageFormatException {
        need(1, "byte");
        return data[position++] & 0xFF;
    }

    /**
     * {@return the next byte as a boolean; only 0 and 1 are valid}
     *
     * @throws ImageFormatException if fewer bytes remain, or the byte is neither 0 nor 1
     */
    public boolean getBoolean() throws ImageFormatException {
        long at = fileOffset();
        int value = getUnsignedByte();
        if (value > 1) {
            throw error("boolean byte " + value + " is neither 0 nor 1", at);
        }
        return value == 1;
    }

    /**
     * {@return the next 4 bytes, little-endian}
     *
     * @throws ImageFormatException if fewer bytes remain
     */
    public int getInt() throws ImageFormatException {
        need(4, "u32");
        int value = (int) INT.get(data, position);
        position += 4;
        return value;
    }

    /**
     * {@return the next 8 bytes, little-endian}
     *
     * @throws ImageFormatException if fewer bytes remain
     */
    public long getLong() throws ImageFormatException {
        need(8, "u64");
        long value = (long) LONG.get(data, position);
        position += 8;
        return value;
    }

    /**
     * Reads a u32 count of elements each at least {@code minElementBytes} long, checked against what remains.
     *
     * @param what names the count in errors
     * @param minElementBytes smallest encoded size of one element, at least 1
     * @return the count, which is non-negative and fits in what remains
     * @throws ImageFormatException if the count is negative or cannot fit in the remaining bytes
     */
    public int getCount(String what, int minElementBytes) throws ImageFormatException {
        long at = fileOffset();
        int count = getInt();
        if (count < 0 || (long) count * Math.max(1, minElementBytes) > remaining()) {
            throw error(what + " count " + Integer.toUnsignedString(count) + " x " + minElementBytes
                    + " bytes exceeds the " + remaining() + " bytes remaining", at);
        }
        return count;
    }

    /**
     * Reads a u32 length and that many bytes.
     *
     * @return a fresh array holding the bytes
     * @throws ImageFormatException if the length exceeds what remains
     */
    public byte[] getBlob() throws ImageFormatException {
        long at = fileOffset();
        int length = getInt();
        if (length < 0 || length > remaining()) {
            throw error("blob length " + Integer.toUnsignedString(length) + " exceeds the " + remaining()
                    + " bytes remaining", at);
        }
        byte[] bytes = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return bytes;
    }

    /**
     * Reads {@code length} raw bytes into {@code target}.
     *
     * @param target where the bytes go
     * @param offset the first index of {@code target} to fill
     * @param length how many bytes to read
     * @throws ImageFormatException if fewer bytes remain
     */
    public void getRaw(byte[] target, int offset, int length) throws ImageFormatException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        need(length, "raw bytes");
        System.arraycopy(data, position, target, offset, length);
        position += length;
    }

    /**
     * Reads a string written by {@link StateWriter#putString}: a u32 length and that many bytes of UTF-8.
     *
     * @return the string
     * @throws ImageFormatException if the length exceeds what remains, or the bytes are not valid UTF-8
     */
    public String getString() throws ImageFormatException {
        long at = fileOffset();
        int length = getInt();
        if (length < 0 || length > remaining()) {
            throw error("string length " + Integer.toUnsignedString(length) + " exceeds the " + remaining()
                    + " bytes remaining", at);
        }
        return utf8(length, at + 4);
    }

    /**
     * Reads a name: a u16 length and that many bytes of UTF-8.
     *
     * @throws ImageFormatException if the length exceeds {@link ImageDescriptor#MAX_NAME_BYTES} or what remains,
     *     or the bytes are not valid UTF-8
     */
    String getName() throws ImageFormatException {
        long at = fileOffset();
        need(2, "name length");
        int length = (short) SHORT.get(data, position) & 0xFFFF;
        position += 2;
        if (length > ImageDescriptor.MAX_NAME_BYTES || length > remaining()) {
            throw error("name length " + length + " exceeds " + Math.min(ImageDescriptor.MAX_NAME_BYTES, remaining())
                    + " (limit " + ImageDescriptor.MAX_NAME_BYTES + ", " + remaining() + " bytes remaining)", at);
        }
        return utf8(length, at + 2);
    }

    private String utf8(int length, long at) throws ImageFormatException {
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, position, length))
                    .toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw error("string of " + length + " bytes is not valid UTF-8", at);
        }
    }

    /**
     * Checks that every byte was read.
     *
     * @throws ImageFormatException if bytes remain
     */
    public void expectEnd() throws ImageFormatException {
        if (remaining() != 0) {
            throw error(remaining() + " unexpected bytes after the last field", fileOffset());
        }
    }

    /**
     * An error naming this reader's image and section and the given file offset.
     *
     * @param message what is wrong, with values
     * @param offset file offset
     * @return the exception, to throw
     */
    public ImageFormatException error(String message, long offset) {
        return new ImageFormatException(where + " at offset " + offset + ": " + message, offset);
    }

    private void need(int bytes, String what) throws ImageFormatException {
        if (remaining() < bytes) {
            throw error("truncated " + what + ": need " + bytes + " bytes, " + remaining() + " remain", fileOffset());
        }
    }
}
