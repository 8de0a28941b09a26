package org.kernkit.checkpoint.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.kernkit.checkpoint.internal.RegularFiles;

/**
 * Which run of which job a directory holds: written once, durably, when the job starts afresh (before its outputs
 * and its first image), and stamped into every image's header. Restart continues only images of this run, so a
 * valid image copied in from another run (another {@code --size}, another directory) is refused, never continued.
 *
 * <pre>
 * DIR/.kkc-run   u64 RUN_RECORD_MAGIC "KKCRUN\r\n", u32 version (1), u64 run id high, u64 run id low,
 *                str job, u64 fingerprint, u32 count, count x bytes launch argument (UTF-8), u32 CRC32C of all before
 * </pre>
 *
 * <p>The launch arguments are opaque to the runtime: they are what a launcher (the {@code kernkit} command) needs to
 * build the same job again at restart, such as a built-in job's size or a user job's class path. Each is at
 * most {@link #MAX_LAUNCH_ARGUMENT_BYTES} bytes of UTF-8, at most {@link #MAX_LAUNCH_ARGUMENTS} of them. Immutable.
 *
 * @param runId chosen at random when the run starts
 * @param job the job's name
 * @param fingerprint {@link #fingerprint(Map)} of the job's programs when the run started
 * @param launch how the launcher built the job
 */
public record RunIdentity(UUID runId, String job, long fingerprint, List<String> launch) {

    /** Name of the run record in the job directory. */
    public static final String FILE_NAME = ".kkc-run";
    /** Most launch arguments. */
    public static final int MAX_LAUNCH_ARGUMENTS = 64;
    /** Most UTF-8 bytes of one launch argument. */
    public static final int MAX_LAUNCH_ARGUMENT_BYTES = 64 * 1024;
    /** {@code "KKCRUN\r\n"} read as a little-endian long. */
    static final long RUN_RECORD_MAGIC = 0x0A0D4E55524B434BL;
    private static final int VERSION = 1;
    /** A record is small; a larger file is not one. */
    private static final int MAX_FILE_BYTES = 8 + 4 + 16 + 2 + 255 + 8 + 4
            + MAX_LAUNCH_ARGUMENTS * (4 + MAX_LAUNCH_ARGUMENT_BYTES) + 4;

    /**
     * Checks the run record's limits and copies the launch arguments.
     *
     * @throws IllegalArgumentException if the launch arguments exceed the limits
     */
    public RunIdentity {
        launch = List.copyOf(launch);
        if (launch.size() > MAX_LAUNCH_ARGUMENTS) {
            throw new IllegalArgumentException(launch.size() + " launch arguments exceed " + MAX_LAUNCH_ARGUMENTS);
        }
        for (String argument : launch) {
            int bytes = argument.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_LAUNCH_ARGUMENT_BYTES) {
                throw new IllegalArgumentException("launch argument of " + bytes + " bytes exceeds "
                        + MAX_LAUNCH_ARGUMENT_BYTES);
            }
        }
    }

    /**
     * A new run of a job.
     *
     * @param job the job's name
     * @param fingerprint {@link #fingerprint(Map)} of its programs
     * @param launch how the launcher built it
     * @return an identity with a fresh random run id
     * @throws IllegalArgumentException if the launch arguments exceed the limits
     */
    public static RunIdentity start(String job, long fingerprint, List<String> launch) {
        return new RunIdentity(UUID.randomUUID(), job, fingerprint, launch);
    }

    /**
     * The fingerprint of a job's code as far as images are concerned: its program names and their state versions,
     * hashed (the first 8 bytes of SHA-256 over the sorted {@code name:version} lines).
     *
     * @param stateVersions each program's name and the version of its state codec
     * @return the fingerprint
     */
    public static long fingerprint(Map<String, Integer> stateVersions) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Integer> program : new TreeMap<>(stateVersions).entrySet()) {
            text.append(program.getKey()).append(':').append(program.getValue()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /**
     * Reads a directory's run record.
     *
     * @param directory a job directory
     * @return the record, or null if the directory has none
     * @throws IOException if it exists but is not a regular file, cannot be read, or is corrupt; the message names it
     */
    public static RunIdentity read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        RegularFiles.check(file, "run record");
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_FILE_BYTES) {
                throw new ImageFormatException("run record " + file + " is " + size + " bytes, more than the "
                        + MAX_FILE_BYTES + " a run record can be", 0);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
                // read until full or end of file
            }
            bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException e) {
            throw RegularFiles.named(e, "read run record", file);
        }
        return decode(bytes, file);
    }

    private static RunIdentity decode(byte[] bytes, Path file) throws ImageFormatException {
        String where = "run record " + file;
        if (bytes.length < 4) {
            throw new ImageFormatException(where + ": " + bytes.length + " bytes, too short to be a run record", 0);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        StateReader in = new StateReader(bytes, 0, bytes.length - 4, where, 0);
        StateReader crcIn = new StateReader(bytes, bytes.length - 4, bytes.length, where, bytes.length - 4);
        if ((int) crc.getValue() != crcIn.getInt()) {
            throw new ImageFormatException(where + ": CRC32C mismatch: the record is corrupt", bytes.length - 4);
        }
        long magic = in.getLong();
        int version = in.getInt();
        if (magic != RUN_RECORD_MAGIC || version != VERSION) {
            throw in.error("magic 0x" + Long.toHexString(magic) + " version " + version
                    + " is not a version " + VERSION + " run record", 0);
        }
        UUID runId = new UUID(in.getLong(), in.getLong());
        String job = in.getName();
        long fingerprint = in.getLong();
        int count = in.getCount("launch argument", 4);
        if (count > MAX_LAUNCH_ARGUMENTS) {
            throw in.error(count + " launch arguments exceed " + MAX_LAUNCH_ARGUMENTS, in.fileOffset() - 4);
        }
        List<String> launch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            launch.add(new String(in.getBlob(), StandardCharsets.UTF_8));
        }
        in.expectEnd();
        return new RunIdentity(runId, job, fingerprint, launch);
    }

    /**
     * Writes this record into a directory atomically and durably: temporary file, force, rename, directory force.
     *
     * @param directory the job directory
     * @throws IOException if it cannot be written; the message names the file
     */
    public void write(Path directory) throws IOException {
        StateWriter out = new StateWriter(256);
        out.putLong(RUN_RECORD_MAGIC);
        out.putInt(VERSION);
        out.putLong(runId.getMostSignificantBits());
        out.putLong(runId.getLeastSignificantBits());
        out.putName(job);
        out.putLong(fingerprint);
        out.putInt(launch.size());
        for (String argument : launch) {
            out.putBlob(argument.getBytes(StandardCharsets.UTF_8));
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        Path file = directory.resolve(FILE_NAME);
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try {
            RegularFiles.check(temporary, "run record");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(out.array(), 0, out.position());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw RegularFiles.named(e, "write run record", file);
        }
    }

    /** {@return the run id as a short text, its first 8 hex digits, for messages} */
    public String shortId() {
        return runId.toString().substring(0, 8);
    }
}
