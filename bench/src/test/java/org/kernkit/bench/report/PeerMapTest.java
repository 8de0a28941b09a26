package org.kernkit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerMapTest {

    private static final Path FILE = Path.of("peers.txt");

    @Test
    void readsRulesUnderTheirChartSkippingCommentsAndBlankLines() throws Exception {
        PeerMap peers = PeerMap.parse(FILE, List.of(
                "# comment", "", "[one]", "A.ours = peerA, B.peerB", "  [two]  ", "C.x=y"));
        assertEquals(List.of(
                new PeerMap.Rule("one", "A.ours", List.of("peerA", "B.peerB")),
                new PeerMap.Rule("two", "C.x", List.of("y"))), peers.rules());
    }

    @Test
    void theCommittedPeersFileReadsAndNamesOnlyBenchmarkMethods() throws Exception {
        // Relative to bench/, where Maven runs the tests.
        PeerMap peers = PeerMap.read(Path.of("../docs/bench/results/peers.txt"));
        assertTrue(peers.rules().size() >= 10, "rules: " + peers.rules().size());
    }

    @Test
    void refusesARuleBeforeAnyChartHeader() {
        ReportException e = assertThrows(ReportException.class, () -> PeerMap.parse(FILE, List.of("A.x = y")));
        assertEquals("peers.txt:1: read peers: rule before any [chart] header", e.getMessage());
    }

    @Test
    void refusesAChartNameThatIsNotAPlainFileName() {
        for (String header : List.of("[../escape]", "[a/b]", "[Upper]", "[]", "[open")) {
            assertThrows(ReportException.class, () -> PeerMap.parse(FILE, List.of(header, "A.x = y")), header);
        }
    }

    @Test
    void refusesASecondRuleForTheSameBenchmarkOnOneChart() {
        ReportException e = assertThrows(ReportException.class,
                () -> PeerMap.parse(FILE, List.of("[c]", "A.x = y", "A.x = z")));
        assertTrue(e.getMessage().startsWith("peers.txt:3: read peers: a second rule for A.x"), e.getMessage());
    }

    @Test
    void refusesNamesThatAreNotBenchmarkNamesAndEmptyPeers() {
        for (String rule : List.of("A.x = ", "A.x = y,", "A x = y", "= y", "A.x = y z", "A.x = A.x", "A.x = y, y")) {
            assertThrows(ReportException.class, () -> PeerMap.parse(FILE, List.of("[c]", rule)), rule);
        }
    }

    @Test
    void refusesALineThatIsNeitherRuleNorHeader() {
        ReportException e = assertThrows(ReportException.class, () -> PeerMap.parse(FILE, List.of("[c]", "A.x")));
        assertEquals("peers.txt:2: read peers: expected 'ours = peer, peer...' or a [chart] header, found A.x",
                e.getMessage());
    }

    @Test
    void refusesAFileWithoutRules() {
        assertThrows(ReportException.class, () -> PeerMap.parse(FILE, List.of("# nothing", "[c]")));
    }
}
