package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;

/**
 * {@link CheckpointRequest#send}, asked from this JVM of a container that this JVM owns (the directory lock then
 * reports this process as the live owner): answered by a running container, refused without an owner, withdrawn
 * on timeout, and told apart when the owner ends while the asker waits.
 */
class CheckpointRequestTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 100);
    /** Generous: an answer comes within a round's request poll (50 ms); a loaded machine may take seconds. */
    private static final Duration PATIENT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static Job endless(String name) {
        return TestJobs.job(name, c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(Long.MAX_VALUE)));
    }

    private static CompletableFuture<RunOutcome> runInBackground(Container c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aRunningContainerAnswersWithTheImageItWroteAndDeletesTheRequest() throws Exception {
        try (Container c = Container.create(dir, endless("answered"), MANUAL)) {
            CompletableFuture<RunOutcome> run = runInBackground(c);
            Path answer = CheckpointRequest.send(dir, PATIENT);
            assertFalse(Files.exists(dir.resolve(CheckpointRequest.FILE_NAME)), "the request was answered");
            c.requestStop();
            assertEquals(RunOutcome.STOPPED, run.get(60, TimeUnit.SECONDS));
            // The first image, the requested one, the stop's: the answer is the second.
            assertEquals(3, c.checkpointsWritten());
            assertEquals(ImageStore.local(dir).images().get(1), answer);
        }
    }

    @Test
    void aDirectoryWithoutALiveOwnerIsRefusedAtOnce() throws IOException {
        IOException e = assertThrows(IOException.class, () -> CheckpointRequest.send(dir, PATIENT));
        assertEquals("no live process owns " + dir + ": nothing to checkpoint (restart it)", e.getMessage());
        assertFalse(Files.exists(dir.resolve(CheckpointRequest.FILE_NAME)), "no request was left behind");
    }

    @Test
    void anOwnerThatDoesNotRunTimesOutTheRequestWhichIsWithdrawn() throws IOException {
        try (Container c = Container.create(dir, endless("idle"), MANUAL)) {
            IOException e = assertThrows(IOException.class,
                    () -> CheckpointRequest.send(dir, Duration.ofMillis(30)));
            assertEquals("the owner of " + dir + " did not answer the checkpoint request within 30 ms",
                    e.getMessage());
            assertFalse(Files.exists(dir.resolve(CheckpointRequest.FILE_NAME)), "the request was withdrawn");
            assertEquals(1, c.checkpointsWritten());
        }
    }

    @Test
    void anOwnerThatEndsWhileTheAskerWaitsIsReportedAsEnded() throws Exception {
        Container c = Container.create(dir, endless("ends"), MANUAL);
        CompletableFuture<Path> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return CheckpointRequest.send(dir, PATIENT);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Path request = dir.resolve(CheckpointRequest.FILE_NAME);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(request) && !asked.isDone() && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        assertTrue(Files.exists(request), "the asker's request is waiting");
        c.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> asked.get(60, TimeUnit.SECONDS));
        IOException cause = assertInstanceOf(java.io.UncheckedIOException.class, e.getCause()).getCause();
        assertTrue(cause.getMessage().endsWith(" (it has ended)"), cause.getMessage());
        assertFalse(Files.exists(request), "the request was withdrawn");
    }

    @Test
    void anAskerJoinsARequestAlreadyPendingAndIsAnsweredByTheSameCheckpoint() throws Exception {
        try (Container c = Container.create(dir, endless("joined"), MANUAL)) {
            Files.createFile(dir.resolve(CheckpointRequest.FILE_NAME));
            CompletableFuture<RunOutcome> run = runInBackground(c);
            Path answer = CheckpointRequest.send(dir, PATIENT);
            assertTrue(ImageStore.local(dir).images().contains(answer), answer + " is one of the images");
            c.requestStop();
            run.get(60, TimeUnit.SECONDS);
        }
    }
}
