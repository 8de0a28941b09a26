package org.kernkit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RatioChartTest {

    private static final JmhResult.RunSettings RUN = new JmhResult.RunSettings("1.37", "25.0.3", 1, 3, "1 s");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void averageTimeAxisSaysBelowOneIsFaster() {
        JFreeChart chart = new RatioChart("c", List.of(comparison("avgt", 2.0, 0.1, 1.0, 0.1))).build();
        String label = chart.getXYPlot().getRangeAxis().getLabel();
        assertEquals("ours / peer, average time (ns/op): below 1x ours is faster", label);
    }

    @Test
    void throughputAxisSaysAboveOneIsFaster() {
        JFreeChart chart = new RatioChart("c", List.of(comparison("thrpt", 2.0, 0.1, 1.0, 0.1))).build();
        assertTrue(chart.getXYPlot().getRangeAxis().getLabel().endsWith("above 1x ours is faster"));
    }

    @Test
    void oneRowPerComparisonLabelledWithItsRatio() {
        JFreeChart chart = new RatioChart("c", List.of(comparison("avgt", 3.0, 0.3, 1.5, 0.2),
                comparison("avgt", 1.0, 0.0, 2.0, 0.0))).build();
        org.jfree.chart.axis.SymbolAxis rows = (org.jfree.chart.axis.SymbolAxis) chart.getXYPlot().getDomainAxis();
        assertEquals(List.of("ours vs peer [n=1]   2.00x (1.69 to 2.36)", "ours vs peer [n=1]   0.500x (0.500 to 0.500)"),
                List.of(rows.getSymbols()));
    }

    @Test
    void axisHoldsTheLineAtOneAndEveryIntervalUpToTheWidestEnd() {
        ValueAxis axis = new RatioChart("c", List.of(comparison("avgt", 3.0, 0.3, 1.5, 0.2))).build().getXYPlot()
                .getRangeAxis();
        // Interval 1.69..2.36 and the line at 1: from 1 / 1.25 to 2.3627 * 1.25.
        assertEquals(0.8, axis.getLowerBound(), 1e-9);
        assertEquals(2.3627208257312917 * 1.25, axis.getUpperBound(), 1e-9);
    }

    @Test
    void anIntervalWiderThanTheAxisRunsOffItButItsPointStaysOn() {
        // 10 +- 30 over 1 +- 0: h = 3, interval 10 * e^-3 .. 10 * e^3 = 0.498 .. 200.9, cut at 32.
        ValueAxis axis = new RatioChart("c", List.of(comparison("avgt", 10.0, 30.0, 1.0, 0.0))).build().getXYPlot()
                .getRangeAxis();
        assertEquals(32 * 1.25, axis.getUpperBound(), 1e-9);
        assertEquals(10 * Math.exp(-3) / 1.25, axis.getLowerBound(), 1e-9);
    }

    @Test
    void captionNamesTheResultsFileAndTheRunSettings() {
        JFreeChart chart = new RatioChart("c", List.of(comparison("avgt", 2.0, 0.1, 1.0, 0.1))).build();
        String caption = ((TextTitle) chart.getSubtitle(1)).getText();
        assertTrue(caption.startsWith("run-abc1234.json (JMH 1.37, JDK 25.0.3, 1 fork x 3 iterations of 1 s)."),
                caption);
    }

    @Test
    void refusesAChartThatMixesModes() {
        assertThrows(IllegalArgumentException.class, () -> new RatioChart("c", List.of(
                comparison("avgt", 2.0, 0.1, 1.0, 0.1), comparison("thrpt", 2.0, 0.1, 1.0, 0.1))));
    }

    @Test
    void refusesAnEmptyChart() {
        assertThrows(IllegalArgumentException.class, () -> new RatioChart("c", List.of()));
    }

    private static Comparison comparison(String mode, double ours, double oursError, double peer, double peerError) {
        Map<String, String> params = new TreeMap<>(Map.of("n", "1"));
        String unit = mode.equals("thrpt") ? "ops/us" : "ns/op";
        Path source = Path.of("results", "run-abc1234.json");
        JmhResult o = new JmhResult(source, "p.A.ours", mode, new TreeMap<>(params), ours, oursError, unit, RUN);
        JmhResult p = new JmhResult(source, "p.A.peer", mode, new TreeMap<>(params), peer, peerError, unit, RUN);
        return new Comparison("c", o, p, Ratio.of(ours, oursError, peer, peerError));
    }
}
