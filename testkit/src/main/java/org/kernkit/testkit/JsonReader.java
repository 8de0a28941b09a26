package org.kernkit.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of RFC 8259 JSON text into plain Java values, small enough to audit, so neither the benchmark
 * report tool nor the tests that check the CLI's {@code --json} output need a JSON dependency: objects become {@code Map<String, Object>} (insertion-ordered), arrays {@code List<Object>},
 * strings {@code String}, numbers {@code Double}, {@code true}/{@code false} {@code Boolean}, and {@code null}
 * {@code null}.
 *
 * <p>The text is untrusted (a results file anyone may hand in): nesting deeper than {@value #MAX_DEPTH} levels,
 * duplicate keys, trailing content and every grammar error are refused with a {@link SyntaxError} that names the
 * line and column. Stateless; safe to use from any thread.
 */
public final class JsonReader {

    /** Deepest nesting accepted; JMH's output nests five levels, so this only stops runaway recursion. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value that fills the whole of {@code text} (surrounding whitespace allowed).
     *
     * @throws SyntaxError if {@code text} is not one well-formed JSON value
     */
    public static Object parse(String text) throws SyntaxError {
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.at != text.length()) {
            throw reader.error("unexpected " + reader.describeHere() + " after the value");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (at >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describeHere() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        Map<String, Object> members = new LinkedHashMap<>();
        at++; // '{'
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeHere() + ", expected a member name in quotes");
            }
            int keyAt = at;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object member = value(depth + 1);
            if (members.containsKey(key)) {
                at = keyAt;
                throw error("duplicate member name \"" + key + "\"");
            }
            members.put(key, member);
            skipWhitespace();
            char c = peek();
            at++;
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                at--;
                throw error("unexpected " + describeHere() + ", expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        List<Object> elements = new ArrayList<>();
        at++; // '['
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return elements;
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            at++;
            if (c == ']') {
                return elements;
            }
            if (c != ',') {
                at--;
                throw error("unexpected " + describeHere() + ", expected ',' or ']'");
            }
        }
    }

    private String string() throws SyntaxError {
        at++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("control character U+" + String.format("%04X", (int) c) + " inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("truncated \\u escape");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(at + i), 16);
                        if (digit < 0) {
                            throw error("bad hex digit in \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    at += 4;
                    out.append((char) code);
                }
                default -> {
                    at--;
                    throw error("unknown escape \\" + e);
                }
            }
        }
    }

    private Double number() throws SyntaxError {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("a number needs a digit after '-'");
        }
        if (peek() == '.') {
            at++;
            if (!isDigit(peek())) {
                throw error("a number needs a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!isDigit(peek())) {
                throw error("a number needs a digit in its exponent");
            }
            digits();
        }
        // The grammar above admits only what Double.parseDouble reads exactly as JSON means it.
        return Double.parseDouble(text.substring(start, at));
    }

    private void digits() {
        while (isDigit(peek())) {
            at++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object meaning) throws SyntaxError {
        if (!text.startsWith(word, at)) {
            throw error("unexpected " + describeHere() + ", expected a value");
        }
        at += word.length();
        return meaning;
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("unexpected " + describeHere() + ", expected '" + c + "'");
        }
        at++;
    }

    /** The character at the cursor, or NUL at the end (NUL never matches what the grammar expects). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private String describeHere() {
        return at >= text.length() ? "end of input" : "'" + text.charAt(at) + "'";
    }

    private SyntaxError error(String problem) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SyntaxError("line " + line + ", column " + column + ": " + problem);
    }

    /** JSON text that does not follow the grammar; the message names the line, the column and the problem. */
    public static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }
}
