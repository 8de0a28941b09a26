package org.kernkit.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns JMH JSON results into charts of our score over the peer's, one PNG per chart of the peers file, and prints
 * the same ratios as text. Run it as {@code ./kernkit bench-report RESULTS.json... -o DIR [--peers FILE]}.
 *
 * <p>Which benchmark is compared with which is the peers file's job ({@link PeerMap}); by default
 * {@code peers.txt} beside the first results file. How the ratio and its error bar are computed is
 * {@link Ratio}'s. A chart's file is {@code DIR/<chart>.png}, or {@code DIR/<chart>-<mode>.png} when one chart's
 * rules span several JMH modes; an existing chart of that name is replaced, and the output says so.
 *
 * <p>Exit status: 0 when every chart was written, 1 when an input cannot be read or a chart cannot be written, 2 on
 * a usage error. Errors are one line on stderr naming the file, the operation and the problem; never a stack trace.
 */
public final class BenchmarkCharts {

    /** The usage text, shown on {@code --help} and after a usage error. */
    static final String USAGE = """
            usage: kernkit bench-report RESULTS.json... -o DIR [--peers FILE]
              Charts of each benchmark's score over its peer's, with error bars, from JMH JSON results
              (written by: kernkit bench REGEX -rf json -rff RESULTS.json).
              RESULTS.json   one or more JMH results files; only results in the same file are compared
              -o DIR         where the charts go (created if missing); an existing chart is replaced
              --peers FILE   which benchmark is ours and which its peers (default: peers.txt beside the
                             first results file)
              -h, --help     this help""";

    private BenchmarkCharts() {
    }

    /**
     * Runs the tool and exits with its status; see the class comment.
     *
     * @param args results files, {@code -o DIR} and optionally {@code --peers FILE}; see {@link #USAGE}
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool with {@code args}, printing to {@code out} and {@code err}, and returns the exit status (0, 1
     * or 2) instead of exiting.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> inputs = new ArrayList<>();
        Path outputDir = null;
        Path peersFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "-o", "--output", "--peers" -> {
                    if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                        return usage(err, arg + " needs a value");
                    }
                    Path value = path(args[++i]);
                    if (value == null) {
                        return usage(err, arg + ": not a valid path: " + args[i]);
                    }
                    if (arg.equals("--peers")) {
                        peersFile = value;
                    } else {
                        outputDir = value;
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        return usage(err, "unknown option " + arg);
                    }
                    Path input = path(arg);
                    if (input == null) {
                        return usage(err, "not a valid path: " + arg);
                    }
                    inputs.add(input);
                }
            }
        }
        if (inputs.isEmpty()) {
            return usage(err, "no results file given");
        }
        if (outputDir == null) {
            return usage(err, "no output directory given (-o DIR)");
        }
        boolean defaultPeers = peersFile == null;
        if (defaultPeers) {
            peersFile = inputs.getFirst().toAbsolutePath().resolveSibling("peers.txt");
        }
        try {
            report(inputs, peersFile, defaultPeers, outputDir, out, err);
            return 0;
        } catch (ReportException e) {
            err.println("kernkit bench-report: " + e.getMessage());
            return 1;
        } catch (RuntimeException | java.awt.AWTError e) {
            // JFreeChart or AWT failing (no fonts, no headless toolkit): still one line, no trace.
            err.println("kernkit bench-report: " + outputDir + ": draw charts: " + e);
            return 1;
        }
    }

    /** {@code text} as a path, or null when it cannot be one (a NUL character, say). */
    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private static void report(List<Path> inputs, Path peersFile, boolean defaultPeers, Path outputDir,
            PrintStream out, PrintStream err) throws ReportException {
        // Results first: a missing results file is the likelier mistake, and the default peers file is found by it.
        List<List<JmhResult>> runs = new ArrayList<>();
        for (Path input : inputs) {
            runs.add(JmhResultFile.read(input));
        }
        PeerMap peers;
        try {
            peers = PeerMap.read(peersFile);
        } catch (ReportException e) {
            throw defaultPeers ? new ReportException(e.getMessage() + " (the default, beside the first results file;"
                    + " name another with --peers FILE)") : e;
        }
        Pairing.Outcome outcome = Pairing.pair(peers, runs);
        outcome.notes().forEach(note -> err.println("note: " + note));
        if (outcome.comparisons().isEmpty()) {
            throw new ReportException(String.join(", ", inputs.stream().map(Path::toString).toList())
                    + ": pair results: no benchmark has a rule in " + peersFile + " and its peer in the same file");
        }
        if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
            throw new ReportException(outputDir + ": create output directory: exists and is not a directory");
        }
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new ReportException(outputDir + ": create output directory: " + IoProblems.describe(e));
        }
        Map<String, List<Comparison>> charts = byChartFile(outcome.comparisons());
        for (Map.Entry<String, List<Comparison>> chart : charts.entrySet()) {
            Path file = outputDir.resolve(chart.getKey() + ".png");
            if (chart.getValue().size() > RatioChart.MAX_ROWS) {
                throw new ReportException(peersFile + ": draw chart [" + chart.getKey() + "]: "
                        + chart.getValue().size() + " comparisons, more than the " + RatioChart.MAX_ROWS
                        + " one chart holds; split its rules over several [chart] sections");
            }
            boolean replacing = Files.exists(file);
            new RatioChart(chart.getKey(), chart.getValue()).writePng(file);
            Comparison first = chart.getValue().getFirst();
            out.println((replacing ? "replaced " : "wrote ") + file + "  (" + chart.getValue().size()
                    + " comparisons, " + first.ours().mode() + ", ours/peer of " + first.ours().unit() + ")");
            for (Comparison c : chart.getValue()) {
                out.println("  " + c.label() + "  " + RatioText.of(c.ratio()));
            }
        }
        Set<String> drawn = new LinkedHashSet<>();
        outcome.comparisons().forEach(c -> drawn.add(c.chart()));
        peers.rules().stream().map(PeerMap.Rule::chart).distinct().filter(c -> !drawn.contains(c))
                .forEach(c -> err.println("note: chart [" + c + "] of " + peersFile
                        + ": none of its benchmarks is in these results; not written"));
    }

    /** Groups comparisons by chart file name: the chart's name, with the mode appended when a chart has several. */
    static Map<String, List<Comparison>> byChartFile(List<Comparison> comparisons) {
        Map<String, Set<String>> modes = new LinkedHashMap<>();
        comparisons.forEach(c -> modes.computeIfAbsent(c.chart(), k -> new LinkedHashSet<>()).add(c.ours().mode()));
        Map<String, List<Comparison>> charts = new LinkedHashMap<>();
        for (Comparison c : comparisons) {
            String file = modes.get(c.chart()).size() > 1 ? c.chart() + "-" + c.ours().mode() : c.chart();
            charts.computeIfAbsent(file, k -> new ArrayList<>()).add(c);
        }
        return charts;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("kernkit bench-report: " + problem);
        err.println(USAGE);
        return 2;
    }
}
