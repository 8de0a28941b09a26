package org.kernkit.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import org.kernkit.checkpoint.internal.RegularFiles;

/**
 * The one live owner of a job directory: an exclusive OS file lock ({@code fcntl} record lock through
 * {@link FileChannel#tryLock()}) on {@code DIR/.kkc-lock}, which holds the owner's pid as text.
 *
 * <pre>
 * DIR/.kkc-lock   "4711\n"   locked while process 4711 owns DIR; the lock dies with the process
 * </pre>
 *
 * <p>The kernel releases the lock when the owning process ends in any way, {@code kill -9} included, so a stale lock
 * cannot outlive its owner; the pid in the file is then only a leftover and is overwritten by the next owner. The
 * pid is written after the lock is taken, so a refusal in that instant names no pid ("pid unknown"). A lock is
 * per process: a second acquisition in the same JVM is refused like one from another process. Not thread-safe;
 * {@link #close()} may be called from any thread once.
 */
public final class JobDirectoryLock implements AutoCloseable {

    /** Name of the lock file in the job directory; starts with a dot, so no output can take it. */
    public static final String FILE_NAME = ".kkc-lock";
    /** Most bytes read from a lock file for the pid; a pid is at most 19 digits. */
    private static final int PID_BYTES = 24;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private JobDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory for this process.
     *
     * @param directory an existing job directory
     * @return the lock, held until {@link #close()} or the end of the process
     * @throws JobDirectoryInUseException if another live process (or this one) holds it; names the pid
     * @throws IOException if the lock file cannot be created or is not a regular file; the message names it
     */
    public static JobDirectoryLock acquire(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        RegularFiles.check(file, "lock file");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw RegularFiles.named(e, "open lock file", file);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new JobDirectoryInUseException(directory, ProcessHandle.current().pid(), file);
            }
            if (lock == null) {
                throw new JobDirectoryInUseException(directory, readPid(channel), file);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new JobDirectoryLock(file, channel, lock);
        } catch (JobDirectoryInUseException e) {
            channel.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw RegularFiles.named(e, "lock", file);
        }
    }

    /**
     * The pid of the live process that owns a directory, if any. Probes with a shared lock taken and released at
     * once, so an owner starting in that instant may be refused once and must try again.
     *
     * @param directory a job directory
     * @return the owner's pid, -1 inside if it holds the lock but has not written its pid yet; empty if no live
     *     process owns the directory
     * @throws IOException if the lock file exists but cannot be read; the message names it
     */
    public static OptionalLong owner(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return OptionalLong.empty();
        }
        RegularFiles.check(file, "lock file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock probe;
            try {
                probe = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            if (probe != null) {
                probe.release();
                return OptionalLong.empty();
            }
            return OptionalLong.of(readPid(channel));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw RegularFiles.named(e, "probe lock file", file);
        }
    }

    private static long readPid(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(PID_BYTES);
        channel.read(bytes, 0);
        String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim();
        try {
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@return the lock file} */
    public Path file() {
        return file;
    }

    /** Releases the directory. Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
