package org.kernkit.cli.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernkit.checkpoint.image.ImageStore;
import org.kernkit.cli.Kernkit;
import org.kernkit.cli.checkpoint.jobs.BuiltInJobs;
import org.kernkit.cli.checkpoint.jobs.PipelineJob;
import picocli.CommandLine;

class CheckpointCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int kernkit(String... args) {
        CommandLine cli = Kernkit.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void runPipelineWritesTheReferenceOutput() throws Exception {
        Path job = dir.resolve("job");
        assertEquals(0, kernkit("checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "3000"), err.toString());
        assertTrue(out.toString().contains("finished after"), out.toString());
        assertArrayEquals(PipelineJob.expectedOutput(3000, BuiltInJobs.DEFAULT_SEED),
                Files.readAllBytes(job.resolve(PipelineJob.OUTPUT)));
    }

    @Test
    void runTerminalJobWritesItsLog() throws Exception {
        Path job = dir.resolve("tty");
        assertEquals(0, kernkit("checkpoint", "run", "terminal", "--dir", job.toString(), "--size", "4"), err.toString());
        assertTrue(Files.readString(job.resolve("terminal.log")).contains("exit after 21 lines, 4 interrupts"));
    }

    @Test
    void runRefusesADirectoryThatHoldsImages() {
        Path job = dir.resolve("job");
        assertEquals(0, kernkit("checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "10"));
        assertEquals(1, kernkit("checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "10"));
        assertTrue(err.toString().contains("restart it instead"), err.toString());
    }

    @Test
    void anUnknownJobIsAUsageError() {
        assertEquals(2, kernkit("checkpoint", "run", "nosuch", "--dir", dir.toString()));
        assertTrue(err.toString().contains("no built-in job named nosuch"), err.toString());
    }

    @Test
    void restartFallsBackPastACorruptNewestImageAndSaysSo() throws Exception {
        Path job = dir.resolve("job");
        assertEquals(0, kernkit("checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "2000",
                "--interval-ms", "0"));
        Path newest = ImageStore.local(job).images().getLast();
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 1;
        Files.write(newest, bytes);
        assertEquals(0, kernkit("checkpoint", "restart", "--dir", job.toString()), err.toString());
        assertTrue(out.toString().contains("warning: " + newest.getFileName() + " rejected"), out.toString());
        assertTrue(out.toString().contains("CRC32C mismatch"), out.toString());
        assertArrayEquals(PipelineJob.expectedOutput(2000, BuiltInJobs.DEFAULT_SEED),
                Files.readAllBytes(job.resolve(PipelineJob.OUTPUT)));
    }

    @Test
    void restartingAFinishedJobSaysItIsFinishedExitsZeroAndChangesNothing() throws Exception {
        Path job = dir.resolve("job");
        assertEquals(0, kernkit("checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "500"));
        byte[] output = Files.readAllBytes(job.resolve(PipelineJob.OUTPUT));
        java.util.List<Path> images = ImageStore.local(job).images();
        out.getBuffer().setLength(0);
        assertEquals(0, kernkit("checkpoint", "restart", "--dir", job.toString()), err.toString());
        assertTrue(out.toString().contains("is finished"), out.toString());
        assertEquals(images, ImageStore.local(job).images());
        assertArrayEquals(output, Files.readAllBytes(job.resolve(PipelineJob.OUTPUT)));
    }

    @Test
    void restartAfterAKillBeforeTheFirstImageStartsAgainWithTheSameSize() throws Exception {
        Path job = dir.resolve("job");
        assertEquals(0, kernkit("checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "2000"));
        // What a kill between the run record and the first image leaves: a run record, maybe outputs, no image.
        for (Path image : ImageStore.local(job).images()) {
            Files.delete(image);
        }
        Files.write(job.resolve(PipelineJob.OUTPUT), new byte[] {'x'});
        out.getBuffer().setLength(0);
        assertEquals(0, kernkit("checkpoint", "restart", "--dir", job.toString()), err.toString());
        assertTrue(out.toString().contains("started again from the beginning"), out.toString());
        assertArrayEquals(PipelineJob.expectedOutput(2000, BuiltInJobs.DEFAULT_SEED),
                Files.readAllBytes(job.resolve(PipelineJob.OUTPUT)));
    }

    @Test
    void restartOfAnEmptyDirectoryFails() {
        assertEquals(1, kernkit("checkpoint", "restart", "--dir", dir.toString()));
        assertTrue(err.toString().contains("no checkpoint image"), err.toString());
    }

    @Test
    void inspectPrintsEverySection() throws Exception {
        Path job = dir.resolve("job");
        kernkit("checkpoint", "run", "terminal", "--dir", job.toString(), "--size", "2");
        Path first = ImageStore.local(job).images().getFirst();
        out.getBuffer().setLength(0);
        assertEquals(0, kernkit("checkpoint", "inspect", first.toString()), err.toString());
        String dump = out.toString();
        for (String section : new String[] {"HEADER", "CONTAINER", "TERMINAL", "OUTPUT", "TASK", "SIGNALS",
            "TRAILER"}) {
            assertTrue(dump.contains(section), section + " missing in " + dump);
        }
        assertTrue(dump.contains("program terminal.shell"), dump);
    }

    @Test
    void inspectOfACorruptImageNamesTheOffset() throws Exception {
        Path bad = dir.resolve("bad.kkc");
        Files.writeString(bad, "not an image at all");
        assertEquals(1, kernkit("checkpoint", "inspect", bad.toString()));
        assertTrue(err.toString().contains("at offset 0"), err.toString());
    }

    @Test
    void listShowsValidAndInvalidImages() throws Exception {
        Path job = dir.resolve("job");
        kernkit("checkpoint", "run", "pipeline", "--dir", job.toString(), "--size", "100");
        Files.writeString(job.resolve("image-000000000099.kkc"), "torn");
        out.getBuffer().setLength(0);
        assertEquals(0, kernkit("checkpoint", "list", "--dir", job.toString()));
        assertTrue(out.toString().contains("job pipeline"), out.toString());
        assertTrue(out.toString().contains("image-000000000099.kkc          4 bytes  INVALID"), out.toString());
    }
}
