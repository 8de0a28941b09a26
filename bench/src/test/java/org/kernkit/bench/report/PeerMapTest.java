package org.kernkit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

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
    void theCommittedPeersFileNamesOnlyBenchmarkMethodsThatExist() throws Exception {
        // Relative to bench/, where Maven runs the tests. A renamed benchmark fails here, not silently in a chart.
        PeerMap peers = PeerMap.read(Path.of("../docs/bench/results/peers.txt"));
        for (PeerMap.Rule rule : peers.rules()) {
            String oursClass = rule.ours().substring(0, rule.ours().lastIndexOf('.'));
            assertIsBenchmark(rule.ours());
            for (String peer : rule.peers()) {
                assertIsBenchmark(peer.indexOf('.') < 0 ? oursClass + "." + peer : peer);
            }
        }
    }

    @Test
    void theExistenceCheckCatchesAMisspelledMethod() {
        assertThrows(AssertionError.class, () -> assertIsBenchmark("FlexArrayAccessBench.randomGetFlexHeep"));
        assertThrows(AssertionError.class, () -> assertIsBenchmark("NoSuchBench.randomGetFlexHeap"));
    }

    /** Fails unless {@code name} (SimpleClass.method) is a public @Benchmark method of a class of the bench module. */
    private static void assertIsBenchmark(String name) {
        String simpleClass = name.substring(0, name.lastIndexOf('.'));
        String method = name.substring(name.lastIndexOf('.') + 1);
        for (String pkg : List.of("flexarray", "clock", "vfat", "checkpoint", "vmbus")) {
            Class<?> type;
            try {
                type = Class.forName("org.kernkit.bench." + pkg + "." + simpleClass, false,
                        PeerMapTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            boolean found = Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(method)
                    && m.isAnnotationPresent(Benchmark.class));
            assertTrue(found, name + ": no @Benchmark method " + method + " in " + type.getName());
            return;
        }
        throw new AssertionError(name + ": no class " + simpleClass + " in the bench module");
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
