package org.kernkit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultFileTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryEntryWithItsNameModeParamsScoreErrorAndUnit() throws Exception {
        Path run = Fixtures.copy(Fixtures.RUN, dir);
        List<JmhResult> results = JmhResultFile.read(run);
        assertEquals(8, results.size());
        JmhResult first = results.getFirst();
        assertEquals(run, first.source());
        assertEquals("org.example.DemoBench.oursFast", first.benchmark());
        assertEquals("org.example.DemoBench", first.className());
        assertEquals("oursFast", first.method());
        assertEquals("avgt", first.mode());
        assertEquals(Map.of("size", "1"), first.params());
        assertEquals(3.0, first.score());
        assertEquals(0.3, first.scoreError());
        assertEquals("ns/op", first.unit());
        assertEquals("JMH 1.37, JDK 25.0.3, 1 fork x 3 iterations of 1 s", first.run().caption());
    }

    @Test
    void readsTheStringNaNThatJmhWritesForAMissingError() throws Exception {
        JmhResult single = JmhResultFile.read(Fixtures.copy(Fixtures.RUN, dir)).get(4);
        assertEquals("peerOnlyLarge", single.method());
        assertTrue(Double.isNaN(single.scoreError()));
    }

    @Test
    void refusesATopLevelThatIsNotAnArrayNamingTheFile() throws Exception {
        Path file = write("{\"benchmark\": \"a.b\"}");
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(file));
        assertEquals(file + ": read results: expected a JSON array of JMH results (written by -rf json), found an"
                + " object", e.getMessage());
    }

    @Test
    void refusesAnEntryWithoutPrimaryMetricNamingTheEntry() throws Exception {
        Path file = write("[{\"benchmark\": \"a.B.m\", \"mode\": \"avgt\"}]");
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(file));
        assertEquals(file + ": read results: entry 0 (a.B.m): no \"primaryMetric\"", e.getMessage());
    }

    @Test
    void refusesAModeJmhDoesNotWrite() throws Exception {
        Path file = write("[{\"benchmark\": \"a.B.m\", \"mode\": \"../../etc\", \"primaryMetric\": {\"score\": 1,"
                + " \"scoreError\": 0, \"scoreUnit\": \"ns/op\"}}]");
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(file));
        assertTrue(e.getMessage().contains("\"mode\" is \"../../etc\""), e.getMessage());
    }

    @Test
    void refusesAScoreThatIsNotANumber() throws Exception {
        Path file = write("[{\"benchmark\": \"a.B.m\", \"mode\": \"avgt\", \"primaryMetric\": {\"score\": \"fast\","
                + " \"scoreError\": 0, \"scoreUnit\": \"ns/op\"}}]");
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(file));
        assertEquals(file + ": read results: entry 0 (a.B.m): primaryMetric: \"score\" is the string \"fast\","
                + " expected a number", e.getMessage());
    }

    @Test
    void refusesMalformedJsonNamingFileLineAndColumn() throws Exception {
        Path file = write("[\n{\"benchmark\": }]");
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(file));
        assertEquals(file + ": read results: not JSON: line 2, column 15: unexpected '}', expected a value",
                e.getMessage());
    }

    @Test
    void refusesAMissingFileNamingIt() {
        Path missing = dir.resolve("absent.json");
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(missing));
        assertEquals(missing + ": read results: no such file", e.getMessage());
    }

    @Test
    void refusesADirectoryNamingIt() {
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(dir));
        assertEquals(dir + ": read results: not a regular file", e.getMessage());
    }

    @Test
    void refusesAFifoWithoutBlockingOnIt() throws Exception {
        Path fifo = dir.resolve("fifo.json");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() == 0;
        } catch (java.io.IOException e) {
            made = false;
        }
        if (!made && !"true".equals(System.getenv("CI"))) {
            System.out.println("skipped refusesAFifoWithoutBlockingOnIt: mkfifo is not available here");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(made || "true".equals(System.getenv("CI")),
                "mkfifo is not available here");
        assertTrue(made, "mkfifo failed under CI=true");
        ReportException e = assertThrows(ReportException.class, () -> JmhResultFile.read(fifo));
        assertEquals(fifo + ": read results: not a regular file", e.getMessage());
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("results.json");
        Files.writeString(file, text);
        return file;
    }
}
