package org.kernkit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md quotes every example class, and each quoted block is exactly the tagged region of its source; the
 * comparison itself is shown to catch an edited block, a missing one and one naming no example.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of(System.getProperty("kernkit.readme", "../README.md"));
    private static final Path SOURCES = Path.of(System.getProperty("kernkit.examples.sources",
            "src/main/java/org/kernkit/examples"));

    private static String readme() throws IOException {
        return Files.readString(README);
    }

    /** Every {@code *Example.java} source, by class name. */
    private static Map<String, String> exampleSources() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Example.java")).toList()) {
                String name = file.getFileName().toString();
                sources.put(name.substring(0, name.length() - ".java".length()), Files.readString(file));
            }
        }
        return sources;
    }

    @Test
    void readmeQuotesEveryExampleExactly() throws IOException {
        Map<String, String> sources = exampleSources();
        assertTrue(sources.keySet().containsAll(List.of("FlexArrayExample", "ClockExample", "VfatExample",
                "VfatNioExample", "CheckpointExample", "VmbusExample")), "example sources in " + SOURCES + ": "
                + sources.keySet());
        List<String> problems = QuotedExamples.mismatches(readme(), sources);
        assertEquals(List.of(), problems, () -> README + " and " + SOURCES + " disagree:\n"
                + String.join("\n", problems));
    }

    @Test
    void anEditedBlockIsReported() throws IOException {
        String readme = readme();
        String quotedLine = "try (Container container = Container.create(directory, job, onlyOnStop)) {";
        assertTrue(readme.contains("\n" + quotedLine + "\n"), "the README quotes the line this test edits");
        String edited = readme.replace("\n" + quotedLine + "\n",
                "\n" + quotedLine.replace("onlyOnStop", "CheckpointPolicy.every(Duration.ofSeconds(1))") + "\n");
        List<String> problems = QuotedExamples.mismatches(edited, exampleSources());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("README's block of CheckpointExample differs")
                && p.contains("CheckpointPolicy.every(Duration.ofSeconds(1))")), problems::toString);
    }

    @Test
    void aMissingBlockIsReported() throws IOException {
        String readme = readme();
        String marker = "<!-- example: VmbusExample -->\n";
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "the README quotes VmbusExample");
        int end = readme.indexOf("\n```\n", at + marker.length()) + "\n```\n".length();
        String without = readme.substring(0, at) + readme.substring(end);
        List<String> problems = QuotedExamples.mismatches(without, exampleSources());
        assertTrue(problems.contains("VmbusExample is not quoted in README (no <!-- example: VmbusExample --> block)"),
                problems::toString);
    }

    @Test
    void aBlockNamingNoExampleIsReported() throws IOException {
        String extra = readme() + "\n<!-- example: NoSuchExample -->\n```java\nint x = 1;\n```\n";
        List<String> problems = QuotedExamples.mismatches(extra, exampleSources());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("README quotes NoSuchExample, which is not")),
                problems::toString);
    }

    @Test
    void aMarkerWithoutAJavaFenceIsReported() {
        List<String> problems = new ArrayList<>();
        QuotedExamples.readmeBlocks("<!-- example: ClockExample -->\n\n```java\nx();\n```\n", problems);
        assertEquals(List.of("README line 1: marker for ClockExample is not followed by a ```java line"), problems);
    }

    @Test
    void theTaggedRegionLosesOnlyItsCommonIndentation() {
        String source = """
                class A {
                    void f() {
                        // tag::example[]
                        int x = 1;

                        if (x > 0) {
                            x++;
                        }
                        // end::example[]
                    }
                }
                """;
        assertEquals("int x = 1;\n\nif (x > 0) {\n    x++;\n}", QuotedExamples.taggedRegion(source, "A"));
    }

    @Test
    void aSourceWithoutAnEndTagIsRefused() {
        String source = "class A {\n    // tag::example[]\n    int x;\n}\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuotedExamples.taggedRegion(source, "A"));
        assertEquals("A: no // end::example[] line", e.getMessage());
    }
}
