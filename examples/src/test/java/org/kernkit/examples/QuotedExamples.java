package org.kernkit.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the Java blocks of a README with the tagged regions of the example sources.
 *
 * <p>A quoted block in the README is a line {@code <!-- example: ClassName -->} followed directly by a
 * {@code ```java} fence; the block runs to the next {@code ```} line. In a source, the region runs from the line
 * after {@code // tag::example[]} to the line before {@code // end::example[]}, with the indentation common to its
 * non-blank lines removed. Both must be identical, line for line.
 */
final class QuotedExamples {

    private static final Pattern MARKER = Pattern.compile("^<!-- example: (\\w+) -->$");
    private static final String START_TAG = "// tag::example[]";
    private static final String END_TAG = "// end::example[]";

    private QuotedExamples() {
    }

    /**
     * The quoted blocks of {@code readme}, by class name, in order.
     *
     * @param problems receives a line for every malformed or repeated marker
     */
    static Map<String, String> readmeBlocks(String readme, List<String> problems) {
        List<String> lines = readme.lines().toList();
        Map<String, String> blocks = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (!m.matches()) {
                if (lines.get(i).contains("<!-- example:")) {
                    problems.add("README line " + (i + 1) + ": malformed example marker: " + lines.get(i));
                }
                continue;
            }
            String name = m.group(1);
            if (i + 1 >= lines.size() || !lines.get(i + 1).equals("```java")) {
                problems.add("README line " + (i + 1) + ": marker for " + name + " is not followed by a ```java line");
                continue;
            }
            int end = i + 2;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                problems.add("README line " + (i + 2) + ": the block of " + name + " is never closed by ```");
                break;
            }
            if (blocks.put(name, String.join("\n", lines.subList(i + 2, end))) != null) {
                problems.add("README line " + (i + 1) + ": " + name + " is quoted twice");
            }
            i = end;
        }
        return blocks;
    }

    /**
     * The tagged region of a source, its common indentation removed.
     *
     * @throws IllegalArgumentException if the source has not exactly one start and one end tag, in that order
     */
    static String taggedRegion(String source, String name) {
        List<String> lines = source.lines().toList();
        int start = onlyLineWith(lines, START_TAG, name);
        int end = onlyLineWith(lines, END_TAG, name);
        if (end <= start) {
            throw new IllegalArgumentException(name + ": " + END_TAG + " (line " + (end + 1) + ") comes before "
                    + START_TAG + " (line " + (start + 1) + ")");
        }
        List<String> region = lines.subList(start + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(QuotedExamples::indentation).min().orElse(0);
        List<String> out = new ArrayList<>(region.size());
        for (String line : region) {
            out.add(line.isBlank() ? "" : line.substring(indent));
        }
        return String.join("\n", out);
    }

    /**
     * Everything that keeps {@code readme} from quoting exactly the examples in {@code sources}: blocks that differ
     * from their source's region, blocks naming no example, examples not quoted, and malformed markers or tags.
     *
     * @param sources the text of every example source, by class name
     * @return one line per problem; empty when the README and the sources agree
     */
    static List<String> mismatches(String readme, Map<String, String> sources) {
        List<String> problems = new ArrayList<>();
        Map<String, String> blocks = readmeBlocks(readme, problems);
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            String name = block.getKey();
            String source = sources.get(name);
            if (source == null) {
                problems.add("README quotes " + name + ", which is not an example source " + sources.keySet());
                continue;
            }
            String region;
            try {
                region = taggedRegion(source, name);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            String difference = firstDifference(block.getValue(), region);
            if (difference != null) {
                problems.add("README's block of " + name + " differs from " + name + ".java's tagged region: "
                        + difference);
            }
        }
        for (String name : sources.keySet()) {
            if (!blocks.containsKey(name)) {
                problems.add(name + " is not quoted in README (no <!-- example: " + name + " --> block)");
            }
        }
        return problems;
    }

    private static String firstDifference(String quoted, String region) {
        List<String> a = quoted.lines().toList();
        List<String> b = region.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end of block>";
            String y = i < b.size() ? b.get(i) : "<end of region>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + " of the block is [" + x + "], the source has [" + y + "]";
            }
        }
        return quoted.equals(region) ? null : "they differ in line endings";
    }

    private static int onlyLineWith(List<String> lines, String tag, String name) {
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(tag)) {
                if (found >= 0) {
                    throw new IllegalArgumentException(name + ": " + tag + " appears twice (lines " + (found + 1)
                            + " and " + (i + 1) + ")");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException(name + ": no " + tag + " line");
        }
        return found;
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
