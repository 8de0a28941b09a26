package org.kernkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.kernkit.testkit.Trials;

class WrappingWriterTest {

    private static String through(String text, int columns) throws IOException {
        StringWriter sink = new StringWriter();
        try (WrappingWriter writer = new WrappingWriter(sink, columns)) {
            writer.write(text);
        }
        return sink.toString();
    }

    @Test
    void aShortLinePassesUnchanged() throws IOException {
        assertEquals("hello world\n", through("hello world\n", 20));
    }

    @Test
    void aLongLineBreaksAtTheLastSpaceThatFitsAndKeepsItsIndentPlusFour() throws IOException {
        assertEquals("  alpha beta gamma\n      delta epsilon\n", through("  alpha beta gamma delta epsilon\n", 20));
    }

    @Test
    void wideCharactersCountTwoColumns() throws IOException {
        // 10 CJK characters are 20 columns: with a space and one more word the line no longer fits in 20.
        assertEquals("日本日本日本日本日本\n    x\n", through("日本日本日本日本日本 x\n", 20));
        assertEquals(20, DisplayWidth.of("日本日本日本日本日本"));
        assertEquals(1, DisplayWidth.of("é"));
        assertEquals(1, DisplayWidth.of("e\u0301"), "a combining accent takes no column");
    }

    @Test
    void aWordWiderThanTheLineIsKeptWhole() throws IOException {
        String word = "x".repeat(30);
        assertEquals(word + "\n", through(word + "\n", 20));
    }

    @Test
    void fewerThanTwentyColumnsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WrappingWriter(new StringWriter(), 19));
    }

    @Test
    void wrappedLinesFitAndKeepEveryWordInOrder() {
        List<String> words = List.of("a", "tree", "of", "日本語", "clusters", "FAT32", "0x6c6c6c6c", "é", "x".repeat(25));
        Trials.forEach("wrapKeepsWords", 300, random -> {
            int columns = 20 + random.nextInt(81);
            String line = " ".repeat(random.nextInt(5)) + random.ints(1 + random.nextInt(60), 0, words.size())
                    .mapToObj(words::get).collect(Collectors.joining(" "));
            String wrapped = through(line + "\n", columns);
            for (String out : wrapped.split("\n")) {
                boolean oneWord = out.strip().indexOf(' ') < 0;
                assertTrue(oneWord || DisplayWidth.of(out) <= columns, () -> columns + " columns: [" + out + "]");
            }
            assertEquals(Arrays.asList(line.strip().split(" +")), Arrays.asList(wrapped.strip().split("\\s+")));
        });
    }
}
