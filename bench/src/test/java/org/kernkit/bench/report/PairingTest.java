package org.kernkit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairingTest {

    private static final double EXACT = 1e-12;

    @TempDir
    Path dir;

    private List<JmhResult> run;

    @BeforeEach
    void readFixture() throws Exception {
        run = JmhResultFile.read(Fixtures.copy(Fixtures.RUN, dir));
    }

    @Test
    void pairsOursWithEachPeerOfTheSameCaseInRuleThenFileOrder() throws Exception {
        Pairing.Outcome outcome = Pairing.pair(rules("DemoBench.oursFast = peerArray, peerOnlyLarge,"
                + " OtherBench.peerElsewhere"), List.of(run));
        assertEquals(List.of(
                "oursFast vs peerArray [size=1]",
                "oursFast vs OtherBench.peerElsewhere [size=1]",
                "oursFast vs peerArray [size=2]",
                "oursFast vs peerOnlyLarge [size=2]",
                "oursFast vs OtherBench.peerElsewhere [size=2]"),
                outcome.comparisons().stream().map(Comparison::label).toList());
    }

    @Test
    void eachPairCarriesTheRatioOfItsOwnScores() throws Exception {
        List<Comparison> pairs = Pairing.pair(rules("DemoBench.oursFast = peerArray, OtherBench.peerElsewhere"),
                List.of(run)).comparisons();
        // 3.0 / 1.5, 3.0 / 6.0, 1.0 / 4.0, 1.0 / 6.0 (see demo-run.json)
        assertEquals(List.of(2.0, 0.5, 0.25, 1.0 / 6),
                pairs.stream().map(c -> c.ratio().value()).toList());
        // 1.0 +- 0.05 over 4.0 +- 0.3: h = hypot(0.05, 0.075) = 0.0901387818865997 (by hand: sqrt(0.008125)).
        Ratio small = pairs.get(2).ratio();
        assertEquals(0.25 * Math.exp(-Math.sqrt(0.008125)), small.low(), EXACT);
        assertEquals(0.25 * Math.exp(Math.sqrt(0.008125)), small.high(), EXACT);
    }

    @Test
    void aPeerWithoutTheSameCaseIsLeftOutWithANote() throws Exception {
        Pairing.Outcome outcome = Pairing.pair(rules("DemoBench.oursFast = peerOnlyLarge"), List.of(run));
        assertEquals(1, outcome.comparisons().size());
        assertEquals("{size=2}", outcome.comparisons().getFirst().ours().params().toString());
        assertEquals(1, outcome.notes().size());
        assertTrue(outcome.notes().getFirst().contains("org.example.DemoBench.oursFast (avgt, size=1): no result"
                + " of its peer peerOnlyLarge in the same file and mode; left out"), outcome.notes().getFirst());
    }

    @Test
    void aPeerWithoutAParameterOfOursPairsWithEveryValueOfIt() throws Exception {
        List<Comparison> pairs = Pairing.pair(rules("DemoBench.oursFast = OtherBench.peerElsewhere"),
                List.of(run)).comparisons();
        assertEquals(List.of("1", "2"), pairs.stream().map(c -> c.ours().params().get("size")).toList());
    }

    @Test
    void resultsInDifferentFilesAreNeverPaired() throws Exception {
        List<JmhResult> ours = run.stream().filter(r -> r.method().equals("oursFast")).toList();
        List<JmhResult> peers = run.stream().filter(r -> r.method().equals("peerArray")).toList();
        Pairing.Outcome outcome = Pairing.pair(rules("DemoBench.oursFast = peerArray"), List.of(ours, peers));
        assertTrue(outcome.comparisons().isEmpty());
        assertEquals(2, outcome.notes().size());
    }

    @Test
    void aPeerInAnotherModeIsNotPaired() throws Exception {
        Pairing.Outcome outcome = Pairing.pair(rules("DemoBench.oursThroughput = peerArray"), List.of(run));
        assertTrue(outcome.comparisons().isEmpty());
        assertFalse(outcome.notes().isEmpty());
    }

    @Test
    void aNameMatchesOnlyAWholeClassAndMethodSuffix() throws Exception {
        // "Bench.oursFast" must not match org.example.DemoBench.oursFast.
        Pairing.Outcome outcome = Pairing.pair(rules("Bench.oursFast = peerArray"), List.of(run));
        assertTrue(outcome.comparisons().isEmpty());
        assertTrue(outcome.notes().isEmpty());
    }

    @Test
    void refusesToDivideScoresInDifferentUnits() throws Exception {
        Path file = oursAndPeer("1", "us/op");
        ReportException e = assertThrows(ReportException.class,
                () -> Pairing.pair(rules("A.ours = peer"), List.of(JmhResultFile.read(file))));
        assertEquals(file + ": compare p.A.ours with p.A.peer: units differ (ns/op and us/op); give both the same"
                + " @OutputTimeUnit", e.getMessage());
    }

    @Test
    void refusesAZeroScoreNamingBothBenchmarks() throws Exception {
        Path file = oursAndPeer("0", "ns/op");
        ReportException e = assertThrows(ReportException.class,
                () -> Pairing.pair(rules("A.ours = peer"), List.of(JmhResultFile.read(file))));
        assertTrue(e.getMessage().startsWith(file + ": compare p.A.ours with p.A.peer: the peer's score is 0.0"),
                e.getMessage());
    }

    /** A results file of p.A.ours (1 +- 0.1 ns/op) and p.A.peer with the given score and unit. */
    private Path oursAndPeer(String peerScore, String peerUnit) throws Exception {
        Path file = dir.resolve("two.json");
        Files.writeString(file, """
                [{"benchmark": "p.A.ours", "mode": "avgt",
                  "primaryMetric": {"score": 1, "scoreError": 0.1, "scoreUnit": "ns/op"}},
                 {"benchmark": "p.A.peer", "mode": "avgt",
                  "primaryMetric": {"score": %s, "scoreError": 0.1, "scoreUnit": "%s"}}]""".formatted(peerScore,
                peerUnit));
        return file;
    }

    private static PeerMap rules(String rule) throws ReportException {
        return PeerMap.parse(Path.of("peers.txt"), List.of("[chart]", rule));
    }
}
