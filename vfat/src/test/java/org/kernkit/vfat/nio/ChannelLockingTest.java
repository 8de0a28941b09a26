package org.kernkit.vfat.nio;

import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of the file system's locks a channel's opening and closing take: opening or closing a channel that reads
 * shares the read lock, one that writes (or deletes on close) takes the write lock. As in
 * {@link ReadWriteLockTest}, the test thread holds the read lock (a read "in flight") and reads from the lock's
 * queue, never from a clock, whether another thread waits; the timeouts only keep a broken lock from hanging.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelLockingTest {

    @TempDir
    Path tmp;

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** Starts a thread that runs {@code action}; the future completes when it ends. */
    private static CompletableFuture<Void> start(Thread[] holder, Action action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        holder[0] = new Thread(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        holder[0].start();
        return done;
    }

    /** Runs {@code action} in another thread while this one holds the read lock; it must finish meanwhile. */
    private static void proceedsDuringARead(FatNioFileSystem fs, Action action) throws Exception {
        Thread[] t = new Thread[1];
        fs.lock().readLock().lock();
        try {
            start(t, action).get(30, TimeUnit.SECONDS);
        } finally {
            fs.lock().readLock().unlock();
        }
    }

    /** Runs {@code action} in another thread while this one holds the read lock; it must wait for the lock. */
    private static void waitsForTheRead(FatNioFileSystem fs, Action action) throws Exception {
        Thread[] t = new Thread[1];
        CompletableFuture<Void> done;
        fs.lock().readLock().lock();
        try {
            done = start(t, action);
            while (!fs.lock().hasQueuedThread(t[0]) && !done.isDone()) {
                Thread.onSpinWait();
            }
            assertFalse(done.isDone(), "the action ended while a read was in flight");
        } finally {
            fs.lock().readLock().unlock();
        }
        done.get(30, TimeUnit.SECONDS);
    }

    private static Path file(FatNioFileSystem fs) throws Exception {
        Path p = fs.getPath("/a.txt");
        Files.writeString(p, "abc");
        return p;
    }

    @Test
    void openingAChannelForReadingSharesTheReadLock() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = file(fs);
            FileChannel[] ch = new FileChannel[1];
            proceedsDuringARead(fs, () -> ch[0] = FileChannel.open(p, READ));
            ch[0].close();
        }
    }

    @Test
    void openingAChannelForWritingTakesTheWriteLock() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = file(fs);
            FileChannel[] ch = new FileChannel[1];
            waitsForTheRead(fs, () -> ch[0] = FileChannel.open(p, WRITE));
            ch[0].close();
        }
    }

    @Test
    void closingAChannelThatReadsSharesTheReadLock() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            FileChannel ch = FileChannel.open(file(fs), READ);
            proceedsDuringARead(fs, ch::close);
            assertFalse(ch.isOpen());
        }
    }

    @Test
    void closingAChannelThatWritesTakesTheWriteLock() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = file(fs);
            FileChannel ch = FileChannel.open(p, WRITE);
            ch.write(ByteBuffer.wrap(new byte[] {'x', 'y', 'z', 'w'}));
            waitsForTheRead(fs, ch::close);
            assertEquals("xyzw", Files.readString(p));
        }
    }

    @Test
    void closingAReadingChannelThatDeletesOnCloseTakesTheWriteLock() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"))) {
            Path p = file(fs);
            FileChannel ch = FileChannel.open(p, READ, DELETE_ON_CLOSE);
            waitsForTheRead(fs, ch::close);
            assertFalse(Files.exists(p));
        }
    }

    @Test
    void aChannelWriteTruncateAndForceTakeTheWriteLock() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
                FileChannel ch = FileChannel.open(file(fs), READ, WRITE)) {
            waitsForTheRead(fs, () -> ch.write(ByteBuffer.wrap(new byte[] {'1'})));
            waitsForTheRead(fs, () -> ch.write(ByteBuffer.wrap(new byte[] {'2'}), 5));
            waitsForTheRead(fs, () -> ch.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {'3'})}));
            waitsForTheRead(fs, () -> ch.truncate(4));
            waitsForTheRead(fs, () -> ch.force(true));
            assertEquals(4, ch.size());
        }
    }

    @Test
    void aChannelsReadsPositionAndSizeShareTheReadLock() throws Exception {
        try (FatNioFileSystem fs = ImageFixtures.create(tmp.resolve("disk.img"));
                FileChannel ch = FileChannel.open(file(fs), READ, WRITE)) {
            proceedsDuringARead(fs, () -> ch.read(ByteBuffer.allocate(1)));
            proceedsDuringARead(fs, () -> ch.read(ByteBuffer.allocate(1), 2));
            proceedsDuringARead(fs, () -> ch.read(new ByteBuffer[] {ByteBuffer.allocate(1)}));
            proceedsDuringARead(fs, () -> ch.position(1));
            proceedsDuringARead(fs, ch::position);
            proceedsDuringARead(fs, ch::size);
            assertEquals(1, ch.position());
        }
    }
}
