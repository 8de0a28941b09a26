package org.kernkit.bench.report;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which benchmark is ours and which benchmarks are its peers, and which chart each comparison goes on: the peers
 * file committed beside the results ({@code docs/bench/results/peers.txt}).
 *
 * <p>A rule, not a naming convention, because the benchmark classes name their sides in different ways
 * ({@code randomGetFlexHeap} against {@code randomGetLongArray}, {@code copyInKernkit} against {@code copyInMcopy},
 * {@code checkpoint} against {@code plainWriteHeap}, and a peer in another class for the vfat directories), and no
 * one rule fits them without renaming them. The format, one rule a line:
 *
 * <pre>
 * # a comment; blank lines are ignored
 * [flexarray-random-get]                      a chart: docs/bench/charts/flexarray-random-get.png
 * FlexArrayAccessBench.randomGetFlexHeap = randomGetLongArray, randomGetFastutilBigArrays
 * VfatManyFilesBenchmark.createAndListKernkit = VfatManyFilesMtoolsBenchmark.createAndListMtools
 * </pre>
 *
 * <p>Left of {@code =} is our benchmark, right of it its peers. A name matches a JMH benchmark name that equals it
 * or ends with {@code "." + name}, so {@code Class.method} is enough where the simple class name is unique. A peer
 * without a dot is a method of our benchmark's class. Every rule belongs to the chart of the {@code [section]} above
 * it; a chart name is a file name, so it is limited to {@code [a-z0-9][a-z0-9._-]*}.
 *
 * <p>Immutable once read; safe to share between threads.
 */
final class PeerMap {

    /** Largest peers file read; the committed one is about 2 KiB. */
    static final long MAX_BYTES = 1L << 20;

    private static final Pattern CHART_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");
    private static final Pattern BENCHMARK_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    /**
     * One rule: on chart {@code chart}, {@code ours} against each of {@code peers}.
     *
     * @param chart the chart's name (its file name without the extension)
     * @param ours the name of our benchmark, as written in the file
     * @param peers the names of its peers, as written in the file, in file order
     */
    record Rule(String chart, String ours, List<String> peers) {

        Rule {
            peers = List.copyOf(peers);
        }

        /** True when {@code result} is the benchmark this rule calls ours. */
        boolean isOurs(JmhResult result) {
            return nameMatches(result.benchmark(), ours);
        }

        /**
         * True when {@code candidate} is the benchmark {@code peer} names, for our result {@code oursResult}: a peer
         * without a dot is a method of our class.
         */
        static boolean isPeer(JmhResult candidate, String peer, JmhResult oursResult) {
            if (peer.indexOf('.') < 0) {
                return candidate.benchmark().equals(oursResult.className() + "." + peer);
            }
            return nameMatches(candidate.benchmark(), peer);
        }

        private static boolean nameMatches(String benchmark, String name) {
            return benchmark.equals(name) || benchmark.endsWith("." + name);
        }
    }

    private final Path source;
    private final List<Rule> rules;

    private PeerMap(Path source, List<Rule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    /** The file the rules were read from. */
    Path source() {
        return source;
    }

    /** The rules, in file order. */
    List<Rule> rules() {
        return rules;
    }

    /**
     * Reads the peers file {@code file}.
     *
     * @throws ReportException if the file cannot be read, or a line is neither a comment, a {@code [chart]} header
     *     nor a rule, a rule comes before any header, a name is not a benchmark name, or a rule is repeated
     */
    static PeerMap read(Path file) throws ReportException {
        List<String> lines;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ReportException(file + ": read peers: not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ReportException(file + ": read peers: larger than " + MAX_BYTES + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ReportException(file + ": read peers: not UTF-8 text");
        } catch (IOException e) {
            throw new ReportException(file + ": read peers: " + IoProblems.describe(e));
        }
        return parse(file, lines);
    }

    /** Parses {@code lines} as read from {@code file}; see {@link #read}. */
    static PeerMap parse(Path file, List<String> lines) throws ReportException {
        List<Rule> rules = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String chart = null;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            String where = file + ":" + n + ": read peers";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || !CHART_NAME.matcher(line.substring(1, line.length() - 1)).matches()) {
                    throw new ReportException(where + ": a chart header is [name] with a name of lower-case letters,"
                            + " digits, '.', '_' or '-', found " + line);
                }
                chart = line.substring(1, line.length() - 1);
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new ReportException(where + ": expected 'ours = peer, peer...' or a [chart] header, found "
                        + line);
            }
            if (chart == null) {
                throw new ReportException(where + ": rule before any [chart] header");
            }
            String ours = benchmarkName(line.substring(0, equals).strip(), where);
            List<String> peers = new ArrayList<>();
            for (String peer : line.substring(equals + 1).split(",", -1)) {
                String name = benchmarkName(peer.strip(), where);
                if (name.equals(ours) || peers.contains(name)) {
                    throw new ReportException(where + ": peer " + name + " named twice or equal to ours");
                }
                peers.add(name);
            }
            if (!seen.add(chart + " " + ours)) {
                throw new ReportException(where + ": a second rule for " + ours + " on chart [" + chart
                        + "]; put all its peers on one line");
            }
            rules.add(new Rule(chart, ours, peers));
        }
        if (rules.isEmpty()) {
            throw new ReportException(file + ": read peers: no rules");
        }
        return new PeerMap(file, rules);
    }

    private static String benchmarkName(String name, String where) throws ReportException {
        if (!BENCHMARK_NAME.matcher(name).matches()) {
            throw new ReportException(where + ": \"" + name + "\" is not a benchmark name (Class.method or method)");
        }
        return name;
    }
}
