package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.Image;
import org.kernkit.checkpoint.image.ImageCodec;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.checkpoint.image.RunIdentity;
import org.kernkit.cli.CliRun;
import org.kernkit.testkit.JsonReader;

/**
 * {@code checkpoint list} marks images of another run, and {@code list} and {@code inspect} print JSON whose keys and
 * values are checked after parsing, against what the library reads from the same files.
 */
class CheckpointJsonTest {

    @TempDir
    Path dir;

    /** Runs a small pipeline to the end in {@code job}; its images are its own run's. */
    private static void runPipeline(Path job, String records) {
        CliRun.expectExit(0, "checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", records,
                "--interval-ms", "0");
    }

    /**
     * Runs a pipeline in {@code mine} and another in {@code other}, then copies the newest image of {@code other}
     * into {@code mine} as its next sequence: a valid image of another run.
     *
     * @return the copied image
     */
    private static Path foreignImageIn(Path mine, Path other) throws Exception {
        runPipeline(mine, "1000");
        runPipeline(other, "2000");
        Path source = ImageStore.local(other).images().getLast();
        Path target = mine.resolve(ImageStore.fileName(ImageStore.local(mine).nextSequence()));
        Files.copy(source, target);
        return target;
    }

    private static Map<?, ?> parse(String out) throws JsonReader.SyntaxError {
        return (Map<?, ?>) JsonReader.parse(out);
    }

    @Test
    void listMarksAnImageOfAnotherRun() throws Exception {
        Path mine = dir.resolve("mine");
        Path other = dir.resolve("other");
        Path foreign = foreignImageIn(mine, other);
        String text = CliRun.expectExit(0, "checkpoint", "list", "--dir", mine.toString());
        List<String> lines = text.lines().toList();
        String foreignLine = lines.stream().filter(l -> l.startsWith(foreign.getFileName().toString())).findFirst()
                .orElseThrow();
        RunIdentity otherRun = RunIdentity.read(other);
        RunIdentity mineRun = RunIdentity.read(mine);
        assertTrue(foreignLine.contains("OTHER RUN " + otherRun.shortId() + " (this directory's run is "
                + mineRun.shortId() + ")"), text);
        assertEquals(1, lines.stream().filter(l -> l.contains("OTHER RUN")).count(), text);
    }

    @Test
    void listJsonHasOneEntryPerImageWithItsRunAndValidity() throws Exception {
        Path mine = dir.resolve("mine");
        Path other = dir.resolve("other");
        Path foreign = foreignImageIn(mine, other);
        Path garbage = mine.resolve(ImageStore.fileName(ImageStore.local(mine).nextSequence()));
        Files.write(garbage, new byte[] {1, 2, 3});
        Map<?, ?> root = parse(CliRun.expectExit(0, "checkpoint", "list", "--dir", mine.toString(), "--json"));
        assertEquals(mine.toString(), root.get("dir"));
        assertEquals(RunIdentity.read(mine).runId().toString(), root.get("run"));
        assertNull(root.get("run_record_problem"));
        List<?> images = (List<?>) root.get("images");
        List<Path> onDisk = ImageStore.local(mine).images();
        assertEquals(onDisk.size(), images.size());
        for (int i = 0; i < onDisk.size(); i++) {
            Map<?, ?> entry = (Map<?, ?>) images.get(i);
            Path path = onDisk.get(i);
            assertEquals(path.getFileName().toString(), entry.get("name"));
            assertEquals((double) Files.size(path), entry.get("bytes"));
            if (path.equals(garbage)) {
                assertEquals(false, entry.get("valid"));
                assertTrue(((String) entry.get("problem")).contains(garbage.getFileName().toString()), entry.toString());
                assertNull(entry.get("this_run"));
                continue;
            }
            Image image = ImageCodec.read(path);
            assertEquals(true, entry.get("valid"));
            assertNull(entry.get("problem"));
            assertEquals("pipeline", entry.get("job"));
            assertEquals(image.runId().toString(), entry.get("run"));
            assertEquals(!path.equals(foreign), entry.get("this_run"), entry.toString());
            assertEquals((double) image.sequence(), entry.get("sequence"));
            assertEquals((double) image.tasks().size(), entry.get("tasks"));
            assertEquals((double) image.rounds(), entry.get("rounds"));
            assertEquals((double) image.epochMillis(), entry.get("written_epoch_ms"));
        }
    }

    @Test
    void listJsonEscapesTheDirectoryName() throws Exception {
        Path job = dir.resolve("quote\" back\\slash\ttab");
        runPipeline(job, "100");
        Map<?, ?> root = parse(CliRun.expectExit(0, "checkpoint", "list", "--dir", job.toString(), "--json"));
        assertEquals(job.toString(), root.get("dir"));
    }

    @Test
    void listJsonOfADirectoryWithoutImagesHasAnEmptyList() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Map<?, ?> root = parse(CliRun.expectExit(0, "checkpoint", "list", "--dir", dir.resolve("empty").toString(),
                "--json"));
        assertEquals(List.of(), root.get("images"));
        assertNull(root.get("run"));
    }

    @Test
    void inspectJsonShowsWhatTheImageHolds() throws Exception {
        Path job = dir.resolve("job");
        runPipeline(job, "1000");
        // The first image is written when the job is set up: init alone, before its first step, beside the FIFOs
        // and the outputs.
        Path path = ImageStore.local(job).images().getFirst();
        Image image = ImageCodec.read(path);
        Map<?, ?> root = parse(CliRun.expectExit(0, "checkpoint", "inspect", path.toString(), "--json"));
        assertEquals(path.toString(), root.get("file"));
        assertEquals((double) Files.size(path), root.get("bytes"));
        assertEquals("pipeline", root.get("job"));
        assertEquals(image.runId().toString(), root.get("run"));
        assertEquals(String.format("%016x", image.fingerprint()), root.get("fingerprint"));
        assertEquals((double) image.nextTaskId(), root.get("next_task_id"));
        assertEquals((double) image.sequence(), root.get("sequence"));
        List<?> sections = (List<?>) root.get("sections");
        assertEquals(image.sections().size(), sections.size());
        assertEquals("HEADER", ((Map<?, ?>) sections.getFirst()).get("type"));
        assertEquals("TRAILER", ((Map<?, ?>) sections.getLast()).get("type"));
        for (int i = 0; i < sections.size(); i++) {
            Map<?, ?> s = (Map<?, ?>) sections.get(i);
            Image.Section expected = image.sections().get(i);
            assertEquals((double) expected.offset(), s.get("offset"));
            assertEquals((double) expected.length(), s.get("length"));
            assertEquals(String.format("%08x", expected.crc()), s.get("crc32c"));
        }
        List<?> fifos = (List<?>) root.get("fifos");
        assertEquals(image.fifos().stream().map(Image.FifoImage::name).toList(),
                fifos.stream().map(f -> ((Map<?, ?>) f).get("name")).toList());
        List<?> outputs = (List<?>) root.get("outputs");
        for (int i = 0; i < outputs.size(); i++) {
            Map<?, ?> o = (Map<?, ?>) outputs.get(i);
            assertEquals(image.outputs().get(i).name(), o.get("name"));
            assertEquals((double) image.outputs().get(i).length(), o.get("committed_bytes"));
        }
        List<?> tasks = (List<?>) root.get("tasks");
        assertEquals(image.tasks().size(), tasks.size());
        assertFalse(tasks.isEmpty(), "the first image holds init");
        Map<?, ?> init = (Map<?, ?>) tasks.getFirst();
        assertEquals(1.0, init.get("id"));
        assertEquals("pipeline.init", init.get("program"));
        assertEquals((double) image.tasks().getFirst().state().length, init.get("state_bytes"));
        assertEquals(List.of(), init.get("pending"));
    }

    @Test
    void inspectJsonOfACorruptImageFailsWithOneLine() throws Exception {
        Path bad = dir.resolve("image-000000000001.kkc");
        Files.write(bad, new byte[] {1, 2, 3});
        String out = CliRun.expectExit(1, "checkpoint", "inspect", bad.toString(), "--json");
        assertTrue(out.startsWith("kernkit checkpoint inspect: ") && out.contains(bad.getFileName().toString())
                && out.lines().count() == 1, out);
    }
}
