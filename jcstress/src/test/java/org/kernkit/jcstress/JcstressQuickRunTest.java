package org.kernkit.jcstress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every jcstress test of this module in a child JVM ({@code org.openjdk.jcstress.Main}) and reads its summary:
 * no test may fail or error, and the {@code *Weakened} tests must show their interesting outcome (the one their
 * strong twin forbids), which proves the strong tests can fail: in full mode every one of them; in quick mode at
 * least one, because the outcome is rare (about 0.1 % of samples) and a half-second run on a loaded 2-core machine
 * may not hit it for each (the quick mode reports which did). jcstress itself exits 0 whatever the results, hence
 * this reading of its report.
 *
 * <p>Mode from the system property {@code kernkit.jcstress.mode} (set by the POM): {@code quick} (the default build:
 * one JVM configuration, a normal and a stress fork of one 500 ms iteration per test, two CPUs) or {@code full} (jcstress's
 * {@code default} preset: every JVM configuration it detects, all CPUs). See docs/TESTING.md.
 */
class JcstressQuickRunTest {
    static final List<String> WEAKENED = List.of(
            "ClockReadMarkVsParkWeakened",
            "ClockLeaveVsPendingClearWeakened",
            "VmbusWriteIndexVsInterruptMaskWeakened",
            "VmbusReadIndexVsPendingSendSizeWeakened");
    /** Every jcstress test of the module: the weakened twins plus eight strong tests. */
    static final int TESTS = WEAKENED.size() + 8;

    @Test
    void noJcstressTestFailsAndEveryWeakenedTwinShowsWhatItsStrongTestForbids() throws Exception {
        String mode = System.getProperty("kernkit.jcstress.mode", "quick");
        Path results = Path.of(System.getProperty("kernkit.jcstress.results", "target/jcstress-results"));
        Files.createDirectories(results);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", // jcstress loads JNA for CPU affinity
                "-cp", System.getProperty("java.class.path"),
                "org.openjdk.jcstress.Main",
                "-t", "org\\.kernkit\\.jcstress\\..*",
                "-r", results.resolve("report").toString()));
        switch (mode) {
            case "quick" -> command.addAll(List.of("-c", "2", "-f", "1", "-fsm", "1", "-iters", "1", "-time", "500",
                    "-jvmArgs", "-Xmx256m --enable-native-access=ALL-UNNAMED")); // native FlexArray: mmap
            case "full" -> command.addAll(List.of("-m", "default", "-jvmArgsPrepend", "--enable-native-access=ALL-UNNAMED"));
            default -> throw new IllegalArgumentException("kernkit.jcstress.mode is quick or full, not " + mode);
        }
        Path log = results.resolve("jcstress-" + mode + ".txt");
        Process process = new ProcessBuilder(command).directory(results.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // A hang guard, not a timing assertion: quick mode takes about a minute on 2 idle cores.
        if (!process.waitFor(mode.equals("quick") ? 15 : 600, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("jcstress did not finish; its output so far is in " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "jcstress exited with " + process.exitValue() + ", see " + log);
        String summary = section(output, "RUN RESULTS:", null, log);
        System.out.println("jcstress " + mode + " mode, output in " + log + "\n" + summary);
        String interesting = section(summary, "Interesting tests:", "Failed tests:", log);
        String failed = section(summary, "Failed tests:", "Error tests:", log);
        String errors = section(summary, "Error tests:", "All remaining tests:", log);
        assertTrue(failed.contains("No matches."), "jcstress tests failed (a forbidden outcome was seen):\n" + failed);
        assertTrue(errors.contains("No matches."), "jcstress tests errored:\n" + errors);
        List<String> shown = new ArrayList<>();
        List<String> notShown = new ArrayList<>();
        for (String weakened : WEAKENED) {
            boolean showed = interesting.contains("org.kernkit.jcstress." + weakened + "\n")
                    || interesting.contains("org.kernkit.jcstress." + weakened + " ");
            (showed ? shown : notShown).add(weakened);
        }
        System.out.println("weakened twins that showed the forbidden outcome: " + shown + "; not in this run: " + notShown);
        if (mode.equals("full")) {
            assertTrue(notShown.isEmpty(), notShown + " did not show the outcome their strong twins forbid, so those"
                    + " twins are not shown to be able to fail; interesting tests were:\n" + interesting);
        } else {
            assertTrue(!shown.isEmpty(), "no weakened twin showed the outcome its strong twin forbids: the run did not"
                    + " exercise the races; interesting tests were:\n" + interesting);
        }
        // jcstress prints passing tests only with -v; count them instead. A test that needs more CPUs than the
        // run has is skipped silently, which this count catches.
        assertEquals(TESTS, matchingTests(summary), "jcstress ran a different number of tests than this module has; see " + log);
    }

    private static int matchingTests(String summary) {
        int total = 0;
        Matcher m = Pattern.compile("(\\d+) matching test results").matcher(summary);
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }

    private static String section(String text, String from, String to, Path log) throws IOException {
        int start = text.indexOf(from);
        if (start < 0) {
            throw new AssertionError("no '" + from + "' in the jcstress output, see " + log);
        }
        int end = to == null ? text.length() : text.indexOf(to, start);
        return text.substring(start, end < 0 ? text.length() : end);
    }
}
