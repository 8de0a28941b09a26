package org.kernkit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.device.Fifo;
import org.kernkit.checkpoint.device.Signals;
import org.kernkit.checkpoint.device.Terminal;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageStore;

class ContainerRestoreTest {

    private static final CheckpointPolicy MANUAL = new CheckpointPolicy(Duration.ZERO, 3);

    @TempDir
    Path dir;

    private static final Job SPAWNING = TestJobs.job("spawning", c -> {
        TestJobs.Spawner s = new TestJobs.Spawner();
        s.children = 5;
        c.spawn(TestJobs.SPAWNER, s);
    });

    @Test
    void restoredTasksKeepTheirIdsParentsAndStates() throws IOException {
        Job job = TestJobs.job("ids", c -> {
            c.spawn(TestJobs.COUNTER, new TestJobs.Counter(10));
            c.spawn(TestJobs.COUNTER, new TestJobs.Counter(20));
            c.spawn(TestJobs.COUNTER, new TestJobs.Counter(30));
        });
        try (Container c = Container.create(dir, job, MANUAL)) {
            ((TestJobs.Counter) c.stateOf(2)).count = 7;
            c.checkpoint();
        }
        try (Container r = Container.restore(dir, job, MANUAL)) {
            assertEquals(List.of(1, 2, 3), r.taskIds());
            assertEquals(7, ((TestJobs.Counter) r.stateOf(2)).count);
            assertEquals(30, ((TestJobs.Counter) r.stateOf(3)).limit);
            assertEquals("counter", r.programOf(1));
            assertEquals(0, r.parentOf(1));
        }
    }

    @Test
    void exitedIdsAreNeverReusedAndRestartedSpawnsDoNotCollide() throws IOException {
        try (Container c = Container.create(dir, SPAWNING, MANUAL)) {
            // Three rounds: the spawner has spawned 3 of its 5 children (ids 2, 3, 4) and child 2 counted twice.
            assertEquals(RunOutcome.STOPPED, c.run(3));
            assertEquals(List.of(1, 2, 3, 4), c.taskIds());
        }
        try (Container r = Container.restore(dir, SPAWNING, MANUAL)) {
            List<Integer> before = r.taskIds();
            assertEquals(List.of(1, 2, 3, 4), before);
            assertEquals(0, r.parentOf(1));
            for (int id : before) {
                if (id != 1) {
                    assertEquals(1, r.parentOf(id), "child " + id + " keeps parent 1");
                }
            }
            int next = r.nextTaskId();
            assertTrue(before.stream().allMatch(id -> id < next), "next id " + next + " above " + before);
            assertEquals(RunOutcome.FINISHED, r.run());
            // Ids 1..6 were used exactly once: output lines name ids 2..6, each counting to 3.
            String out = Files.readString(dir.resolve("out"));
            for (int id = 2; id <= 6; id++) {
                String prefix = idPrefix(id);
                assertEquals(3, out.lines().filter(l -> l.startsWith(prefix)).count(), out);
            }
            assertEquals(7, r.nextTaskId());
        }
    }

    private static String idPrefix(int id) {
        return id + ":";
    }

    @Test
    void fifoContentsArePreservedMidStream() throws IOException {
        Job job = TestJobs.job("fifo", c -> {
            Fifo f = c.createFifo("pipe", 16);
            byte[] bytes = "0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII);
            assertEquals(16, f.write(bytes, 0, bytes.length));
            byte[] sink = new byte[5];
            assertEquals(5, f.read(sink, 0, 5));
            assertEquals(3, f.write(bytes, 16, 3), "3 more bytes, wrapping around the ring");
            c.createFifo("closed", 8).closeWriter();
        });
        try (Container c = Container.create(dir, job, MANUAL)) {
            assertEquals(14, c.fifo("pipe").available());
        }
        try (Container r = Container.restore(dir, job, MANUAL)) {
            Fifo f = r.fifo("pipe");
            assertEquals(16, f.capacity());
            byte[] all = new byte[32];
            int n = f.read(all, 0, 32);
            assertEquals("56789abcdefXYZ", new String(all, 0, n, StandardCharsets.US_ASCII));
            assertEquals(0, f.read(all, 0, 1), "open FIFO, empty: 0");
            assertTrue(r.fifo("closed").writerClosed());
            assertEquals(-1, r.fifo("closed").read(all, 0, 1), "closed FIFO, empty: end of stream");
        }
    }

    @Test
    void pendingSignalsAndBlockedMasksArePreserved() throws IOException {
        Job job = TestJobs.job("signals", c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(100)));
        long mask = Signals.mask(Signals.SIGUSR1) | Signals.mask(Signals.SIGHUP);
        try (Container c = Container.create(dir, job, MANUAL)) {
            c.setBlockedMask(1, mask | Signals.mask(Signals.SIGKILL));
            assertTrue(c.kill(1, Signals.SIGUSR1));
            assertTrue(c.kill(1, Signals.SIGUSR2));
            assertTrue(c.kill(1, Signals.SIGUSR1));
            c.checkpoint();
        }
        try (Container r = Container.restore(dir, job, MANUAL)) {
            assertEquals(mask, r.blockedMaskOf(1), "SIGKILL is never blocked");
            assertEquals(List.of(Signals.SIGUSR1, Signals.SIGUSR2, Signals.SIGUSR1), r.pendingSignalsOf(1));
            r.run(1);
            // SIGUSR2 is delivered; both SIGUSR1 stay queued, in order.
            assertEquals(List.of(Signals.SIGUSR2), ((TestJobs.Counter) r.stateOf(1)).signals);
            assertEquals(List.of(Signals.SIGUSR1, Signals.SIGUSR1), r.pendingSignalsOf(1));
        }
        try (Container r = Container.restore(dir, job, MANUAL)) {
            assertEquals(List.of(Signals.SIGUSR2), ((TestJobs.Counter) r.stateOf(1)).signals,
                    "the stop checkpoint recorded the delivered signal in the task's state");
            r.setBlockedMask(1, 0);
            r.run(1);
            assertEquals(List.of(Signals.SIGUSR2, Signals.SIGUSR1, Signals.SIGUSR1),
                    ((TestJobs.Counter) r.stateOf(1)).signals);
        }
    }

    @Test
    void terminalBuffersArePreserved() throws IOException {
        Job job = TestJobs.job("tty", c -> {
            int id = c.spawn(TestJobs.COUNTER, new TestJobs.Counter(5));
            Terminal t = c.createTerminal("tty", 64);
            t.setForegroundTask(id);
            t.type("first line\nsecond\nhalf-typ");
            t.write("from task\n");
        });
        try (Container c = Container.create(dir, job, MANUAL)) {
            assertEquals("first line", c.terminal("tty").readLine());
            c.checkpoint();
        }
        try (Container r = Container.restore(dir, job, MANUAL)) {
            Terminal t = r.terminal("tty");
            assertEquals(1, t.foregroundTask());
            assertEquals(64, t.outputCapacity());
            assertEquals("second", t.readLine());
            assertEquals(null, t.readLine(), "half-typed line is not readable yet");
            t.type("ed\n");
            assertEquals("half-typed", t.readLine(), "edit line restored and completed");
            assertEquals("first line\nsecond\nhalf-typfrom task\ned\n",
                    new String(t.drainOutput(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void outputsAreCutBackToTheirCheckpointedLength() throws IOException {
        Job job = TestJobs.job("cut", c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(9)));
        try (Container c = Container.create(dir, job, MANUAL)) {
            c.output("out").append("committed\n");
            c.checkpoint();
            c.output("out").append("after the checkpoint\n");
        }
        assertEquals("committed\nafter the checkpoint\n", Files.readString(dir.resolve("out")));
        try (Container r = Container.restore(dir, job, MANUAL)) {
            assertEquals("committed\n", Files.readString(dir.resolve("out")));
            assertEquals(10, r.output("out").length());
        }
    }

    @Test
    void anOutputShorterThanTheNewestImageCommittedFallsBackToAnOlderImageAndNamesTheLengths() throws IOException {
        Job job = TestJobs.job("short", c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(9)));
        Path newest;
        try (Container c = Container.create(dir, job, MANUAL)) {
            c.output("out").append("0123456789");
            newest = c.checkpoint();
        }
        Files.writeString(dir.resolve("out"), "0123");
        try (Container r = Container.restore(dir, job, MANUAL)) {
            assertEquals(0, r.output("out").length(), "restored from the first image, which committed 0 bytes");
            String message = String.join("\n", r.restoreMessages());
            assertTrue(message.contains("holds 4 bytes, fewer than the 10"), message);
            assertTrue(Files.exists(dir.resolve("rejected").resolve(newest.getFileName())), "moved aside, not deleted");
        }
    }

    @Test
    void anOutputShorterThanEveryImageCommittedIsAnErrorThatNamesTheLengths() throws IOException {
        Job job = TestJobs.job("short", c -> {
            c.spawn(TestJobs.COUNTER, new TestJobs.Counter(9));
            try {
                c.output("out").append("0123456789");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Container.create(dir, job, MANUAL).close();
        Files.writeString(dir.resolve("out"), "0123");
        IOException e = assertThrows(IOException.class, () -> Container.restore(dir, job, MANUAL));
        assertTrue(e.getMessage().contains("holds 4 bytes, fewer than the 10"), e.getMessage());
        assertEquals("0123", Files.readString(dir.resolve("out")), "a refused restart changes no output");
    }

    @Test
    void aTornNewestImageFallsBackToThePreviousOneAndSaysSo() throws IOException {
        Job job = TestJobs.job("fallback", c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(9)));
        Path newest;
        try (Container c = Container.create(dir, job, MANUAL)) {
            ((TestJobs.Counter) c.stateOf(1)).count = 1;
            c.checkpoint();
            ((TestJobs.Counter) c.stateOf(1)).count = 2;
            newest = c.checkpoint();
        }
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        try (Container r = Container.restore(dir, job, MANUAL)) {
            assertEquals(1, ((TestJobs.Counter) r.stateOf(1)).count);
            assertEquals(1, r.restoreMessages().size());
            String message = r.restoreMessages().getFirst();
            assertTrue(message.contains(newest.getFileName() + " rejected") && message.contains("falling back to")
                    && message.contains("offset"), message);
            // The next checkpoint gets a sequence above the torn image's: nothing is overwritten.
            Path next = r.checkpoint();
            assertTrue(ImageStore.sequenceOf(next) > ImageStore.sequenceOf(newest));
        }
    }

    @Test
    void retentionKeepsOnlyTheNewestImages() throws IOException {
        Job job = TestJobs.job("retain", c -> {});
        try (Container c = Container.create(dir, job, new CheckpointPolicy(Duration.ZERO, 2))) {
            for (int i = 0; i < 5; i++) {
                c.checkpoint();
            }
        }
        List<Path> images = ImageStore.local(dir).images();
        assertEquals(List.of("image-000000000005.kkc", "image-000000000006.kkc"),
                images.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void createRefusesADirectoryThatHoldsImages() throws IOException {
        Job job = TestJobs.job("twice", c -> {});
        Container.create(dir, job, MANUAL).close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Container.create(dir, job, MANUAL));
        assertTrue(e.getMessage().contains("restart it instead"), e.getMessage());
    }

    @Test
    void restoringAnotherJobsImageIsRefused() throws IOException {
        Container.create(dir, TestJobs.job("one", c -> {}), MANUAL).close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Container.restore(dir, TestJobs.job("two", c -> {}), MANUAL));
        assertTrue(e.getMessage().contains("belongs to job one, not two"), e.getMessage());
    }

    @Test
    void aFinishedJobLeavesAnImageWithNoTasks() throws IOException {
        try (Container c = Container.create(dir, SPAWNING, MANUAL)) {
            assertEquals(RunOutcome.FINISHED, c.run());
        }
        Image last = ImageCodec.read(ImageStore.local(dir).images().getLast());
        assertEquals(0, last.tasks().size());
        assertEquals(7, last.nextTaskId());
        assertNotEquals(0, last.rounds());
        byte[] before = Files.readAllBytes(dir.resolve("out"));
        try (Container r = Container.restore(dir, SPAWNING, MANUAL)) {
            assertEquals(RunOutcome.FINISHED, r.run());
        }
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("out")));
    }

    @Test
    void requestedStopCheckpointsAndResumesWhereItStopped() throws Exception {
        Job job = TestJobs.job("stop", c -> c.spawn(TestJobs.COUNTER, new TestJobs.Counter(1000)));
        try (Container c = Container.create(dir, job, MANUAL)) {
            assertEquals(RunOutcome.STOPPED, c.run(400));
            assertTrue(c.awaitStopped(Duration.ofSeconds(1)));
        }
        try (Container r = Container.restore(dir, job, MANUAL)) {
            assertEquals(400, ((TestJobs.Counter) r.stateOf(1)).count);
            assertEquals(RunOutcome.FINISHED, r.run());
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            expected.append("1:").append(i).append('\n');
        }
        assertEquals(expected.toString(), Files.readString(dir.resolve("out")));
    }
}
