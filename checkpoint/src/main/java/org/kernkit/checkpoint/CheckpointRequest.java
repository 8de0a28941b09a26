package org.kernkit.checkpoint;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.internal.RegularFiles;

/**
 * "Checkpoint now", asked from another process ({@code kernkit checkpoint request --dir D}): a file in the job
 * directory that the live owner looks for between rounds (at most every 50 ms) and deletes once the image it
 * caused is durable.
 *
 * <pre>
 * DIR/.kkc-checkpoint-request   created by the asker; deleted by the owner after the next image is published
 * </pre>
 *
 * <p>A file, not a signal: it needs no native call to send, no signal number the JVM might reserve, and it waits for
 * the owner's answer. Several askers at once share one checkpoint. Safe from any process.
 */
public final class CheckpointRequest {

    /** Name of the request file in the job directory. */
    public static final String FILE_NAME = ".kkc-checkpoint-request";

    private CheckpointRequest() {}

    static boolean isPending(Path directory) {
        return Files.exists(directory.resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS);
    }

    static void answerIfPending(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw RegularFiles.named(e, "answer checkpoint request", file);
        }
    }

    /**
     * Asks the live owner of a directory for a checkpoint and waits for it.
     *
     * @param directory a job directory with a live owner
     * @param timeout how long to wait for the image
     * @return the newest image once the owner has answered
     * @throws IOException if no live process owns the directory, the owner does not answer in time (the request is
     *     then withdrawn), or the file cannot be written; the message says which
     * @throws InterruptedException if interrupted while waiting
     */
    public static Path send(Path directory, Duration timeout) throws IOException, InterruptedException {
        if (JobDirectoryLock.owner(directory).isEmpty()) {
            throw new IOException("no live process owns " + directory + ": nothing to checkpoint (restart it)");
        }
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // Another asker's request is pending: this one waits for the same checkpoint.
        } catch (IOException e) {
            throw RegularFiles.named(e, "create checkpoint request", file);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (System.nanoTime() - deadline >= 0 || JobDirectoryLock.owner(directory).isEmpty()) {
                Files.deleteIfExists(file);
                throw new IOException("the owner of " + directory + " did not answer the checkpoint request within "
                        + timeout.toMillis() + " ms" + (JobDirectoryLock.owner(directory).isEmpty()
                        ? " (it has ended)" : ""));
            }
            Thread.sleep(10);
        }
        List<Path> images = ImageStore.local(directory).images();
        return images.isEmpty() ? null : images.getLast();
    }
}
