package org.kernkit.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkChartsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private Path run;
    private Path out;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @BeforeEach
    void fixtures() throws Exception {
        run = Fixtures.copy(Fixtures.RUN, dir);
        Files.copy(Fixtures.copy(Fixtures.PEERS, dir), dir.resolve("peers.txt"));
        out = dir.resolve("charts");
    }

    @Test
    void writesOnePngPerChartAndModeSizedToItsRows() throws Exception {
        assertEquals(0, run("--peers", dir.resolve(Fixtures.PEERS).toString(), run.toString(), "-o", out.toString()));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("demo-access.png", "demo-mixed-avgt.png", "demo-mixed-thrpt.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Path access = out.resolve("demo-access.png");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(access), 8));
        BufferedImage image = ImageIO.read(access.toFile());
        assertEquals(1100, image.getWidth());
        assertEquals(190 + 26 * 5, image.getHeight()); // five comparisons on demo-access
    }

    @Test
    void printsEveryRatioWithItsIntervalAndNotesWhatWasLeftOut() throws Exception {
        assertEquals(0, run("--peers", dir.resolve(Fixtures.PEERS).toString(), run.toString(), "-o", out.toString()));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("wrote " + out.resolve("demo-access.png") + "  (5 comparisons, avgt, ours/peer of"
                + " ns/op)"), printed);
        assertTrue(printed.contains("  oursFast vs peerArray [size=1]  2.00x (1.69 to 2.36)"), printed);
        assertTrue(printed.contains("  oursFast vs peerOnlyLarge [size=2]  0.500x (no error)"), printed);
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("no result of its peer peerOnlyLarge"));
    }

    @Test
    void findsThePeersFileBesideTheFirstResultsFileByDefault() {
        assertEquals(0, run(run.toString(), "-o", out.toString()), stderr.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(out.resolve("demo-access.png")));
    }

    @Test
    void saysWhenItReplacesAnExistingChart() {
        assertEquals(0, run(run.toString(), "-o", out.toString()));
        stdout.reset();
        assertEquals(0, run(run.toString(), "-o", out.toString()));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("replaced " + out.resolve("demo-access.png")));
    }

    @Test
    void aMissingResultsFileFailsWithOneLineNamingIt() {
        Path missing = dir.resolve("absent.json");
        assertEquals(1, run("--peers", dir.resolve(Fixtures.PEERS).toString(), missing.toString(), "-o",
                out.toString()));
        assertEquals("kernkit bench-report: " + missing + ": read results: no such file\n",
                stderr.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(out));
    }

    @Test
    void aMissingResultsFileIsNamedEvenWithoutAPeersFileBesideIt() {
        Path missing = dir.resolve("elsewhere").resolve("absent.json");
        assertEquals(1, run(missing.toString(), "-o", out.toString()));
        assertEquals("kernkit bench-report: " + missing + ": read results: no such file\n",
                stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingDefaultPeersFileSaysHowToNameAnother() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path results = Files.copy(run, elsewhere.resolve("run.json"));
        assertEquals(1, run(results.toString(), "-o", out.toString()));
        assertEquals("kernkit bench-report: " + elsewhere.toAbsolutePath().resolve("peers.txt") + ": read peers: no"
                + " such file (the default, beside the first results file; name another with --peers FILE)\n",
                stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resultsWithNoPairAtAllFailAndWriteNothing() throws Exception {
        Path peers = dir.resolve("unrelated.txt");
        Files.writeString(peers, "[c]\nNoSuchBench.ours = peer\n");
        assertEquals(1, run("--peers", peers.toString(), run.toString(), "-o", out.toString()));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err.contains("pair results: no benchmark has a rule in " + peers), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutputPathThatIsAFileFailsNamingIt() throws Exception {
        Path file = dir.resolve("taken");
        Files.writeString(file, "x");
        assertEquals(1, run(run.toString(), "-o", file.toString()));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).endsWith("kernkit bench-report: " + file
                + ": create output directory: exists and is not a directory\n"), stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitWithTwoAndShowTheUsage() {
        for (String[] args : List.of(new String[] {}, new String[] {run.toString()}, new String[] {"-o"},
                new String[] {"--bogus", run.toString(), "-o", out.toString()})) {
            stderr.reset();
            assertEquals(2, run(args), String.join(" ", args));
            assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("usage: kernkit bench-report"));
        }
    }

    @Test
    void aPathWithANulCharacterIsAUsageError() {
        assertEquals(2, run("bad\0name.json", "-o", out.toString()));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("kernkit bench-report: not a valid path: "));
    }

    @Test
    void aChartWithMoreRowsThanFitIsRefusedNamingTheChart() throws Exception {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i <= RatioChart.MAX_ROWS; i++) {
            json.append("{\"benchmark\": \"p.A.ours\", \"mode\": \"avgt\", \"params\": {\"n\": \"").append(i)
                    .append("\"}, \"primaryMetric\": {\"score\": 1, \"scoreError\": 0.1, \"scoreUnit\": \"ns/op\"}},");
        }
        json.append("{\"benchmark\": \"p.A.peer\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": 1,"
                + " \"scoreError\": 0.1, \"scoreUnit\": \"ns/op\"}}]");
        Path many = dir.resolve("many.json");
        Files.writeString(many, json);
        Path peers = dir.resolve("many-peers.txt");
        Files.writeString(peers, "[big]\nA.ours = peer\n");
        assertEquals(1, run("--peers", peers.toString(), many.toString(), "-o", out.toString()));
        assertEquals("kernkit bench-report: " + peers + ": draw chart [big]: " + (RatioChart.MAX_ROWS + 1)
                + " comparisons, more than the " + RatioChart.MAX_ROWS + " one chart holds; split its rules over"
                + " several [chart] sections\n", stderr.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(out.resolve("big.png")));
    }

    @Test
    void helpExitsWithZero() {
        assertEquals(0, run("--help"));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).startsWith("usage: kernkit bench-report"));
    }

    private int run(String... args) {
        return BenchmarkCharts.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }
}
