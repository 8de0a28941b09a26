package org.kernkit.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.kernkit.checkpoint.image.RunIdentity;

/**
 * Builds image bytes by hand, independently of {@link ImageWriter}: the reference for the format tests, written from
 * the layout table rather than from the writer's code.
 */
final class ImageBytes {

    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private int sections;

    ImageBytes() {
        // "KKCKPT\r\n", version 2, flags 0
        file.writeBytes(new byte[] {'K', 'K', 'C', 'K', 'P', 'T', '\r', '\n', 2, 0, 0, 0, 0, 0, 0, 0});
    }

    /** Appends a section: type, length, payload, CRC32C over payload then type and length. */
    ImageBytes section(int type, byte[] payload) {
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(payload.length);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        crc.update(head.array());
        file.writeBytes(head.array());
        file.writeBytes(payload);
        file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
        sections++;
        return this;
    }

    /** {@return the file so far, for an image whose last section (a trailer built by hand, say) is already in} */
    byte[] bytes() {
        return file.toByteArray();
    }

    /** Appends the trailer and returns the file. */
    byte[] trailer() {
        return trailer("KKTRAIL\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends a trailer with the given 8 bytes as its magic and returns the file. */
    byte[] trailer(byte[] magic) {
        long offset = file.size();
        section(8, payload().u32(sections).u64(offset).raw(magic).bytes());
        return file.toByteArray();
    }

    /** {@return the image {@code bytes} read back by the codec, written as image 1 in {@code dir}} */
    static org.kernkit.checkpoint.image.Image readAsImage(java.nio.file.Path dir, byte[] bytes) throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("image-000000000001.kkc");
        java.nio.file.Files.write(file, bytes);
        return org.kernkit.checkpoint.image.ImageCodec.read(file);
    }

    /** {@return the codec's refusal of the image {@code bytes}, written as image 1 in {@code dir}; fails if it reads} */
    static org.kernkit.checkpoint.image.ImageFormatException refusal(java.nio.file.Path dir, byte[] bytes)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("image-000000000001.kkc");
        java.nio.file.Files.write(file, bytes);
        return org.junit.jupiter.api.Assertions.assertThrows(org.kernkit.checkpoint.image.ImageFormatException.class,
                () -> org.kernkit.checkpoint.image.ImageCodec.read(file));
    }

    /** The run id of hand-built images; write {@link #runRecord} into a directory to make them its own. */
    static final java.util.UUID RUN = new java.util.UUID(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);

    /** A HEADER payload: sequence 1, written at 0, producer "p", 0 rounds, run {@link #RUN}, fingerprint 0. */
    static byte[] header(String job) {
        return header(1, 0, job, "p", 0);
    }

    /** A HEADER payload of run {@link #RUN}, fingerprint 0. */
    static byte[] header(long sequence, long epochMillis, String job, String producer, long rounds) {
        return payload().u64(sequence).u64(epochMillis).str(job).str(producer).u64(rounds)
                .u64(RUN.getMostSignificantBits()).u64(RUN.getLeastSignificantBits()).u64(0).bytes();
    }

    /** The run record that makes hand-built images of a job the directory's own. */
    static RunIdentity runRecord(String job) {
        return new RunIdentity(RUN, job, 0, java.util.List.of());
    }

    static Payload payload() {
        return new Payload();
    }

    /** A payload in the image's little-endian encoding. */
    static final class Payload {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Payload u8(int v) {
            out.write(v);
            return this;
        }

        Payload u32(int v) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
            return this;
        }

        Payload u64(long v) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        Payload str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b.length & 0xFF);
            out.write(b.length >>> 8);
            out.writeBytes(b);
            return this;
        }

        Payload blob(byte[] b) {
            return u32(b.length).raw(b);
        }

        Payload raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
