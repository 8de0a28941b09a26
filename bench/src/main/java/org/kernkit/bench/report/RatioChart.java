package org.kernkit.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * One chart of comparisons, drawn by JFreeChart: a row per comparison ({@link Comparison#label()}), our score over
 * the peer's as a point on a logarithmic axis (so 0.5x and 2x sit equally far from the line at 1x), its
 * {@link Ratio} interval as the error bar, one colour per peer method. The caption names the results files and the
 * run settings, so a picture never travels without its provenance.
 *
 * <p>Not thread-safe (JFreeChart's objects are not); make one per chart.
 */
final class RatioChart {

    private static final int WIDTH = 1100;
    private static final int ROW_HEIGHT = 26;
    private static final int FRAME_HEIGHT = 190;
    /** Most rows on one chart: more do not read as a picture (and a hostile file could ask for a huge one). */
    static final int MAX_ROWS = 200;
    /** Farthest from 1x that the axis reaches for an interval's end (a point is always shown). */
    private static final double WIDEST = 32;
    /** Dark, distinct colours that read on white (JFreeChart's defaults include a pale yellow). */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
        new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f),
    };

    private final String name;
    private final List<Comparison> comparisons;

    /**
     * A chart named {@code name} of {@code comparisons}, which must all be in one mode.
     *
     * @throws IllegalArgumentException if {@code comparisons} is empty, has more than {@value #MAX_ROWS} entries
     *     or mixes modes
     */
    RatioChart(String name, List<Comparison> comparisons) {
        if (comparisons.isEmpty() || comparisons.size() > MAX_ROWS) {
            throw new IllegalArgumentException("chart " + name + " has " + comparisons.size()
                    + " comparisons; a chart holds 1 to " + MAX_ROWS);
        }
        String mode = comparisons.getFirst().ours().mode();
        if (comparisons.stream().anyMatch(c -> !c.ours().mode().equals(mode))) {
            throw new IllegalArgumentException("chart " + name + " mixes modes; make one chart per mode");
        }
        this.name = name;
        this.comparisons = List.copyOf(comparisons);
    }

    /** The JFreeChart of the comparisons, ready to render. */
    JFreeChart build() {
        String[] labels = new String[comparisons.size()];
        Map<String, YIntervalSeries> byPeer = new LinkedHashMap<>();
        // Rows from several runs would read alike; name the run then.
        boolean severalRuns = comparisons.stream().map(c -> c.ours().source()).distinct().count() > 1;
        for (int row = 0; row < comparisons.size(); row++) {
            Comparison c = comparisons.get(row);
            Ratio r = c.ratio();
            labels[row] = (severalRuns ? c.ours().source().getFileName() + ": " : "") + c.label() + "   "
                    + RatioText.of(r);
            YIntervalSeries series = byPeer.computeIfAbsent(c.peer().method(), YIntervalSeries::new);
            // Without an error estimate the bar collapses onto the point rather than pretending to a width.
            series.add(row, r.value(), r.hasInterval() ? r.low() : r.value(), r.hasInterval() ? r.high() : r.value());
        }
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        byPeer.values().forEach(dataset::addSeries);

        SymbolAxis rows = new SymbolAxis(null, labels);
        rows.setInverted(true); // first rule at the top
        rows.setGridBandsVisible(true);
        rows.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        rows.setRange(-0.6, labels.length - 0.4);

        Comparison first = comparisons.getFirst();
        LogAxis ratioAxis = new LogAxis(first.higherIsBetter()
                ? "ours / peer, throughput (" + first.ours().unit() + "): above 1x ours is faster"
                : "ours / peer, " + modeWord(first.ours().mode()) + " (" + first.ours().unit()
                        + "): below 1x ours is faster");
        ratioAxis.setBase(2);
        ratioAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.###'x'"));
        double[] span = span();
        ratioAxis.setRange(span[0], span[1]);

        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setCapLength(8);
        renderer.setErrorStroke(new BasicStroke(1.5f));

        for (int series = 0; series < dataset.getSeriesCount(); series++) {
            renderer.setSeriesPaint(series, PALETTE[series % PALETTE.length]);
        }

        XYPlot plot = new XYPlot(dataset, rows, ratioAxis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ValueMarker parity = new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.2f));
        plot.addRangeMarker(parity);

        JFreeChart chart = new JFreeChart(name, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(caption(), new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        return chart;
    }

    /**
     * Renders the chart as a PNG file at {@code file}: written beside it under a temporary name, then moved over
     * it, so a reader never sees half a picture and a failed write leaves the old chart as it was.
     *
     * @throws ReportException if the file cannot be written
     */
    void writePng(Path file) throws ReportException {
        JFreeChart chart = build();
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                ChartUtils.writeChartAsPNG(out, chart, WIDTH, FRAME_HEIGHT + ROW_HEIGHT * comparisons.size());
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed; that is the error to report.
                }
            }
            throw new ReportException(file + ": write chart: " + IoProblems.describe(e));
        }
    }

    /** The caption: where the figures come from and what the bars mean. */
    String caption() {
        Set<String> sources = new LinkedHashSet<>();
        Set<String> runs = new LinkedHashSet<>();
        for (Comparison c : comparisons) {
            sources.add(String.valueOf(c.ours().source().getFileName()));
            runs.add(c.ours().run().caption());
        }
        return String.join(", ", sources) + " (" + String.join("; ", runs) + "). Bars: JMH's 99.9 % intervals of"
                + " both scores, propagated to the ratio. Points without bars had no error estimate;"
                + " bars cut at the edge are wider than the axis.";
    }

    /**
     * An axis range that holds every point, the line at 1x and every interval as far as {@value #WIDEST}x either
     * way, with a margin. A wider interval runs off the plot: a bar that wide says "unknown", and drawing all of it
     * would squeeze every other row into a sliver.
     */
    private double[] span() {
        double low = 1;
        double high = 1;
        for (Comparison c : comparisons) {
            Ratio r = c.ratio();
            low = Math.min(low, Math.min(r.value(), r.hasInterval() ? Math.max(r.low(), 1 / WIDEST) : 1));
            high = Math.max(high, Math.max(r.value(), r.hasInterval() ? Math.min(r.high(), WIDEST) : 1));
        }
        return new double[] {low / 1.25, high * 1.25};
    }

    private static String modeWord(String mode) {
        return switch (mode) {
            case "avgt" -> "average time";
            case "sample" -> "sampled time";
            case "ss" -> "single-shot time";
            default -> mode;
        };
    }
}
