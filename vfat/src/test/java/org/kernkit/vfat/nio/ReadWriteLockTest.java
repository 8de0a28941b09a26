package org.kernkit.vfat.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads share the file system's lock, writes hold it alone. A read "in flight" is simulated by the test thread
 * holding the read lock; whether another thread's operation waits is read from the lock's queue, never from a
 * clock. The timeouts only keep a broken lock from hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadWriteLockTest {

    @TempDir
    Path tmp;

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** A thread (not started) that runs {@code action} and reports its end to {@code done}. */
    private static Thread thread(CompletableFuture<Void> done, Action action) {
        return new Thread(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
    }

    private static void awaitQueued(FatNioFileSystem fs, Thread t) {
        while (!fs.lock().hasQueuedThread(t)) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aReadProceedsWhileAnotherReadIsInFlight() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
                ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "shared");
            fs.lock().readLock().lock();
            try {
                Future<String> other = pool.submit(() -> Files.readString(p));
                assertEquals("shared", other.get(30, TimeUnit.SECONDS));
            } finally {
                fs.lock().readLock().unlock();
            }
        }
    }

    @Test
    void aChannelReadProceedsWhileAnotherReadIsInFlight() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
                ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "shared");
            try (FileChannel ch = FileChannel.open(p)) {
                fs.lock().readLock().lock();
                try {
                    Future<Integer> other = pool.submit(() -> ch.read(ByteBuffer.allocate(16)));
                    assertEquals(6, other.get(30, TimeUnit.SECONDS));
                } finally {
                    fs.lock().readLock().unlock();
                }
            }
        }
    }

    @Test
    void aWriteWaitsUntilTheReadInFlightEnds() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = fs.getPath("/a.txt");
            Files.writeString(p, "before");
            CompletableFuture<Void> write = new CompletableFuture<>();
            Thread writer = thread(write, () -> Files.writeString(p, "after", StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE));
            fs.lock().readLock().lock();
            try {
                writer.start();
                awaitQueued(fs, writer);
                assertEquals("before", new String(fs.core().readAllBytes("/a.txt"), StandardCharsets.UTF_8),
                        "the write must not change the file while a read is in flight");
            } finally {
                fs.lock().readLock().unlock();
            }
            write.get(30, TimeUnit.SECONDS);
            assertEquals("after", Files.readString(p));
        }
    }

    @Test
    void closeWaitsUntilTheReadInFlightEnds() throws Exception {
        FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread closer = thread(closed, fs::close);
        fs.lock().readLock().lock();
        try {
            closer.start();
            awaitQueued(fs, closer);
            assertTrue(fs.isOpen());
            assertTrue(Files.exists(fs.getPath("/")), "the read in flight still sees an open file system");
        } finally {
            fs.lock().readLock().unlock();
        }
        closed.get(30, TimeUnit.SECONDS);
        assertTrue(!fs.isOpen());
    }

    @Test
    void anOperationOnAClosedFileSystemThrowsClosedFileSystem() throws Exception {
        FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
        Path p = fs.getPath("/a.txt");
        Files.writeString(p, "x");
        fs.close();
        assertThrows(ClosedFileSystemException.class, () -> Files.readString(p));
        assertThrows(ClosedFileSystemException.class, () -> Files.delete(p));
    }
}
