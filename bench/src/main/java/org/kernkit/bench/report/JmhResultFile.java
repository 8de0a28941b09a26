package org.kernkit.bench.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kernkit.testkit.JsonReader;

/**
 * Reads the file JMH writes with {@code -rf json -rff FILE}: a JSON array with one object per benchmark, parameter
 * set and mode. Only the fields the report needs are read ({@code benchmark}, {@code mode}, {@code params} and the
 * {@code primaryMetric}'s {@code score}, {@code scoreError} and {@code scoreUnit}, plus the run settings for the
 * caption); others are ignored, so files from other JMH versions read too.
 *
 * <p>The file is untrusted: anything that is not such an array, a missing or mistyped field, and a file over
 * {@value #MAX_BYTES} bytes are refused with a {@link ReportException} that names the file, the entry and the
 * field. Stateless; safe to use from any thread.
 */
final class JmhResultFile {

    /** Largest results file read; a full run of every benchmark here writes well under 1 MiB. */
    static final long MAX_BYTES = 64L << 20;

    /** JMH's short mode names; a chart's file name may carry one, so nothing else is let through. */
    static final List<String> MODES = List.of("thrpt", "avgt", "sample", "ss");

    private JmhResultFile() {
    }

    /**
     * Reads every entry of the results file {@code file}, in file order.
     *
     * @throws ReportException if the file cannot be read or is not a JMH JSON results file
     */
    static List<JmhResult> read(Path file) throws ReportException {
        String text;
        try {
            // A FIFO or a device would block or never end; only a regular file is a results file.
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ReportException(file + ": read results: not a regular file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ReportException(file + ": read results: " + size + " bytes is more than the "
                        + MAX_BYTES + " a JMH results file can reasonably be");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ReportException(file + ": read results: not UTF-8 text");
        } catch (IOException e) {
            throw new ReportException(file + ": read results: " + IoProblems.describe(e));
        }
        Object root;
        try {
            root = JsonReader.parse(text);
        } catch (JsonReader.SyntaxError e) {
            throw new ReportException(file + ": read results: not JSON: " + e.getMessage());
        }
        if (!(root instanceof List<?> entries)) {
            throw new ReportException(file + ": read results: expected a JSON array of JMH results (written by"
                    + " -rf json), found " + kind(root));
        }
        List<JmhResult> results = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            results.add(entry(file, i, entries.get(i)));
        }
        return results;
    }

    private static JmhResult entry(Path file, int index, Object value) throws ReportException {
        String where = file + ": read results: entry " + index;
        Map<?, ?> entry = asObject(value, where);
        String benchmark = text(entry, "benchmark", where);
        where = file + ": read results: entry " + index + " (" + benchmark + ")";
        if (benchmark.indexOf('.') <= 0 || benchmark.endsWith(".")) {
            throw new ReportException(where + ": \"benchmark\" is not a Class.method name");
        }
        String mode = text(entry, "mode", where);
        if (!MODES.contains(mode)) {
            throw new ReportException(where + ": \"mode\" is \"" + mode + "\", expected one of " + MODES);
        }
        TreeMap<String, String> params = new TreeMap<>();
        Object rawParams = entry.get("params");
        if (rawParams != null) {
            for (Map.Entry<?, ?> p : asObject(rawParams, where + ": \"params\"").entrySet()) {
                if (!(p.getValue() instanceof String v)) {
                    throw new ReportException(where + ": parameter \"" + p.getKey() + "\" is " + kind(p.getValue())
                            + ", expected a string");
                }
                params.put((String) p.getKey(), v);
            }
        }
        Object rawMetric = entry.get("primaryMetric");
        if (rawMetric == null) {
            throw new ReportException(where + ": no \"primaryMetric\"");
        }
        Map<?, ?> metric = asObject(rawMetric, where + ": \"primaryMetric\"");
        double score = number(metric, "score", where + ": primaryMetric");
        double scoreError = number(metric, "scoreError", where + ": primaryMetric");
        String unit = text(metric, "scoreUnit", where + ": primaryMetric");
        JmhResult.RunSettings run = new JmhResult.RunSettings(
                optionalText(entry, "jmhVersion"),
                optionalText(entry, "jdkVersion"),
                optionalCount(entry, "forks"),
                optionalCount(entry, "measurementIterations"),
                optionalText(entry, "measurementTime"));
        return new JmhResult(file, benchmark, mode, params, score, scoreError, unit, run);
    }

    private static Map<?, ?> asObject(Object value, String where) throws ReportException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ReportException(where + ": expected a JSON object, found " + kind(value));
        }
        return map;
    }

    private static String text(Map<?, ?> object, String name, String where) throws ReportException {
        Object value = object.get(name);
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new ReportException(where + ": \"" + name + "\" is " + kind(value) + ", expected a non-empty string");
        }
        return s;
    }

    /** A number; JMH writes a NaN or an infinity as the string "NaN" or "Infinity", as JSON has no such numbers. */
    private static double number(Map<?, ?> object, String name, String where) throws ReportException {
        Object value = object.get(name);
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s) {
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new ReportException(where + ": \"" + name + "\" is " + kind(value) + ", expected a number");
    }

    private static String optionalText(Map<?, ?> object, String name) {
        return object.get(name) instanceof String s ? s : "";
    }

    private static int optionalCount(Map<?, ?> object, String name) {
        return object.get(name) instanceof Double d && d >= 0 && d <= Integer.MAX_VALUE ? d.intValue() : 0;
    }

    private static String kind(Object value) {
        return switch (value) {
            case null -> "missing or null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            case Double d -> "the number " + d;
            case Boolean b -> "the boolean " + b;
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
