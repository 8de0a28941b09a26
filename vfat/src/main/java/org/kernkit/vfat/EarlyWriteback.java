package org.kernkit.vfat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Has the OS write a file's dirty pages to storage while the file is still being written, so that the final
 * {@link #finish() force} waits only for the last few MiB instead of the whole file: writing and the storage's
 * work overlap rather than add up. Every {@value #KICK_BYTES} bytes reported through {@link #written}, a
 * {@code force(false)} runs on a helper thread unless one is still running.
 *
 * <p>Errors: a failed background force is rethrown by the next {@link #written} or by {@link #finish()}, never
 * lost (Linux reports a writeback error to one {@code fsync} caller only, which may be the helper thread).
 *
 * <p>Thread-safety: {@link #written} and {@link #finish()} are called by one thread, the writer. The helper's
 * force happens-before the writer's return from {@link Future#get}, which is how its outcome is read.
 */
final class EarlyWriteback implements AutoCloseable {

    /** Bytes written between two background forces. */
    static final long KICK_BYTES = 64L << 20;

    private final FileChannel channel;
    private final ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kernkit-vfat-writeback");
        t.setDaemon(true);
        return t;
    });
    private Future<Void> inFlight;
    private long sinceKick;

    EarlyWriteback(FileChannel channel) {
        this.channel = channel;
    }

    /** Reports {@code bytes} more written; may start a background force. */
    void written(long bytes) throws IOException {
        sinceKick += bytes;
        if (sinceKick < KICK_BYTES || inFlight != null && !inFlight.isDone()) {
            return;
        }
        awaitInFlight();
        sinceKick = 0;
        inFlight = helper.submit(() -> {
            channel.force(false);
            return null;
        });
    }

    /** Waits for a background force, then forces the file and its metadata: on return the file is durable. */
    void finish() throws IOException {
        awaitInFlight();
        channel.force(true);
    }

    /** Waits for the background force, if one was started, and rethrows its failure. */
    void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the image was being written to storage");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /** Stops the helper thread; a force still running finishes on its own. */
    @Override
    public void close() {
        helper.shutdown();
    }
}
