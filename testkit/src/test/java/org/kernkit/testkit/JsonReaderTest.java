package org.kernkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsObjectsArraysNumbersStringsAndLiteralsInOrder() throws Exception {
        Object value = JsonReader.parse(" {\"b\": [1, -2.5e1, 0.125], \"a\": {\"t\": true, \"f\": false, \"n\": null},"
                + " \"s\": \"x\"} ");
        Map<?, ?> root = (Map<?, ?>) value;
        assertEquals(List.of("b", "a", "s"), List.copyOf(root.keySet()));
        assertEquals(List.of(1.0, -25.0, 0.125), root.get("b"));
        Map<?, ?> a = (Map<?, ?>) root.get("a");
        assertEquals(Boolean.TRUE, a.get("t"));
        assertEquals(Boolean.FALSE, a.get("f"));
        assertTrue(a.containsKey("n"));
        assertNull(a.get("n"));
        assertEquals("x", root.get("s"));
    }

    @Test
    void decodesEveryEscape() throws Exception {
        assertEquals("\" \\ / \b \f \n \r \t \u00e9 \u4e2d",
                JsonReader.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u4E2D\""));
    }

    @Test
    void refusesTrailingContentNamingLineAndColumn() {
        JsonReader.SyntaxError e = assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse("[1]\n  x"));
        assertEquals("line 2, column 3: unexpected 'x' after the value", e.getMessage());
    }

    @Test
    void refusesDuplicateMemberNames() {
        JsonReader.SyntaxError e = assertThrows(JsonReader.SyntaxError.class,
                () -> JsonReader.parse("{\"a\": 1, \"a\": 2}"));
        assertTrue(e.getMessage().contains("duplicate member name \"a\""), e.getMessage());
    }

    @Test
    void refusesNestingBeyondTheLimitWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000);
        JsonReader.SyntaxError e = assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse(deep));
        assertTrue(e.getMessage().contains("nesting deeper than " + JsonReader.MAX_DEPTH), e.getMessage());
    }

    @Test
    void acceptsNestingAtTheLimit() throws Exception {
        String atLimit = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        assertTrue(JsonReader.parse(atLimit) instanceof List<?>);
    }

    @Test
    void refusesNumbersOutsideTheJsonGrammar() {
        for (String bad : List.of("01", "1.", "-", ".5", "1e", "+1", "NaN", "0x10")) {
            assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse(bad), bad);
        }
    }

    @Test
    void refusesUnterminatedStringsAndRawControlCharacters() {
        assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse("\"abc"));
        assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse("\"a\nb\""));
        assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse("\"\\u12\""));
    }

    @Test
    void refusesMissingSeparatorsAndEmptyInput() {
        for (String bad : List.of("", "   ", "[1 2]", "{\"a\" 1}", "{\"a\": 1,}", "[1,]", "{a: 1}", "tru")) {
            assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse(bad), bad);
        }
    }
}
