package org.kernkit.cli;

import java.util.Map;
import java.util.Objects;

/**
 * One JSON object, built member by member in the order the members are put, for the {@code --json} output of the
 * commands. Every command writes its JSON through this class, so all of them escape strings the same way (RFC 8259:
 * quote, backslash and every control character) and name their members the same way: {@code snake_case}, sizes in
 * bytes, times in milliseconds unless the name says otherwise ({@code age_ms}, {@code resolution_ns}).
 *
 * <p>A value is {@code null}, a {@link CharSequence}, a {@link Boolean}, an integral {@link Number}
 * ({@code Byte}/{@code Short}/{@code Integer}/{@code Long}), a finite {@code Double} or {@code Float}, another
 * {@code JsonObject}, or an {@link Iterable} of such values (written as an array). Anything else is a programming
 * error and is refused with {@link IllegalArgumentException}, as is a name put twice. Not thread-safe: one command
 * builds one object.
 */
public final class JsonObject {

    private final StringBuilder text = new StringBuilder("{");
    private final java.util.Set<String> names = new java.util.HashSet<>();

    /** Adds one member; returns this object, for chaining. */
    public JsonObject put(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (!names.add(name)) {
            throw new IllegalArgumentException("member " + name + " is already in this JSON object");
        }
        if (text.length() > 1) {
            text.append(',');
        }
        appendString(text, name);
        text.append(':');
        appendValue(text, value);
        return this;
    }

    /** Adds every entry of {@code members}, in its iteration order; returns this object. */
    public JsonObject putAll(Map<String, ?> members) {
        members.forEach(this::put);
        return this;
    }

    /** The object as one line of JSON text, without a line end. */
    @Override
    public String toString() {
        return text + "}";
    }

    private static void appendValue(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case CharSequence s -> appendString(out, s);
            case Boolean b -> out.append(b);
            case Byte _, Short _, Integer _, Long _ -> out.append(value);
            case Double d when Double.isFinite(d) -> out.append(d);
            case Float f when Float.isFinite(f) -> out.append(f);
            case JsonObject o -> out.append(o.text).append('}');
            case Iterable<?> values -> {
                out.append('[');
                boolean first = true;
                for (Object element : values) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    appendValue(out, element);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass().getName() + " " + value);
        }
    }

    private static void appendString(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
