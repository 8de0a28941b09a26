package org.kernkit.bench.report;

import java.util.Locale;

/** A {@link Ratio} as text for labels and tables: {@code 2.27x (1.95 to 2.64)}, or {@code 2.27x (no error)}. */
final class RatioText {

    private RatioText() {
    }

    /** {@code r} with three significant digits, its interval in parentheses. */
    static String of(Ratio r) {
        return times(r.value()) + (r.hasInterval() ? " (" + plain(r.low()) + " to " + plain(r.high()) + ")"
                : " (no error)");
    }

    private static String times(double v) {
        return plain(v) + "x";
    }

    /** Three significant digits, but whole numbers from 100 up rather than an exponent. */
    private static String plain(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3g", v);
    }
}
