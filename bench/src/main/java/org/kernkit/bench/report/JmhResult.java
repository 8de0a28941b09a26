package org.kernkit.bench.report;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of a JMH JSON results file: a benchmark method with one set of parameters in one mode, and its primary
 * score.
 *
 * @param source the results file this entry was read from
 * @param benchmark the fully qualified benchmark name as JMH writes it, {@code package.Class.method}
 * @param mode JMH's short mode name: {@code avgt}, {@code thrpt}, {@code sample} or {@code ss}
 * @param params the {@code @Param} values of this entry, by name (empty when the benchmark has none)
 * @param score the primary score, in {@code unit}
 * @param scoreError half the width of JMH's 99.9 % confidence interval of {@code score}, or NaN where JMH could not
 *     compute one (a single measurement)
 * @param unit the score's unit as JMH writes it, e.g. {@code ns/op} or {@code ops/s}
 * @param run how the run was made, for the chart's caption
 */
record JmhResult(
        Path source,
        String benchmark,
        String mode,
        SortedMap<String, String> params,
        double score,
        double scoreError,
        String unit,
        RunSettings run) {

    JmhResult {
        params = new TreeMap<>(params);
    }

    /** The benchmark's class, fully qualified: the name without its last {@code .method} part. */
    String className() {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    /** The benchmark method's name alone. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /**
     * True when this entry and {@code other} agree on every parameter both of them have, so that they measured the
     * same case (a parameter only one side has does not separate them).
     */
    boolean sameCaseAs(JmhResult other) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String theirs = other.params.get(p.getKey());
            if (theirs != null && !theirs.equals(p.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The parameters as {@code a=1, b=2}, or the empty string when there are none. */
    String paramsText() {
        StringBuilder text = new StringBuilder();
        params.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }

    /**
     * The settings of the run that produced a result, as JMH records them beside each entry.
     *
     * @param jmhVersion JMH's version, e.g. {@code 1.37}
     * @param jdkVersion the measured JVM's version, e.g. {@code 25.0.3}
     * @param forks forks per benchmark
     * @param iterations measurement iterations per fork
     * @param iterationTime the length of one measurement iteration as JMH writes it, e.g. {@code 1 s}
     */
    record RunSettings(String jmhVersion, String jdkVersion, int forks, int iterations, String iterationTime) {

        /** One line for a chart's caption, e.g. {@code JMH 1.37, JDK 25.0.3, 1 fork x 3 iterations of 1 s}. */
        String caption() {
            return "JMH " + jmhVersion + ", JDK " + jdkVersion + ", " + forks + (forks == 1 ? " fork" : " forks")
                    + " x " + iterations + (iterations == 1 ? " iteration" : " iterations")
                    + (iterationTime.isEmpty() ? "" : " of " + iterationTime);
        }
    }
}
