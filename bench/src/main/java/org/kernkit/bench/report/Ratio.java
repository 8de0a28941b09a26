package org.kernkit.bench.report;

/**
 * Our score divided by the peer's, with an interval that carries both scores' uncertainty.
 *
 * <p>JMH reports each score {@code a} with {@code scoreError e}: half the width of its 99.9 % confidence interval
 * (Student's t over the measurement iterations). The ratio {@code r = a / b} is propagated to first order in
 * logarithms, where a ratio becomes a difference: {@code ln r = ln a - ln b}, and the half-width of {@code ln a} is
 * about {@code e_a / a}. The two runs are independent, so their half-widths add in quadrature:
 *
 * <pre>
 *   h = sqrt((e_a / a)^2 + (e_b / b)^2)        low = r * exp(-h)        high = r * exp(+h)
 * </pre>
 *
 * <p>Why logarithms rather than {@code r * h} on each side: the interval stays positive even when a score's own
 * interval reaches below zero (which a noisy JMH run does), and it is symmetric on the chart's logarithmic axis,
 * where 0.5x and 2x lie equally far from 1x. It is a first-order approximation: for relative errors beyond about
 * 30 % it understates the width (most of all towards a score whose own interval nears zero); read such a bar as
 * "unknown within a wide range", not as a figure. Where JMH
 * could not compute an error (a single measurement, {@code scoreError} NaN) the interval is NaN, and the chart draws
 * the point without a bar.
 *
 * @param value our score over the peer's
 * @param low lower end of the interval, or NaN when either score has no error estimate
 * @param high upper end of the interval, or NaN when either score has no error estimate
 */
record Ratio(double value, double low, double high) {

    /**
     * The ratio of {@code ours} to {@code peer} with its propagated interval.
     *
     * @param ours our score, positive and finite
     * @param oursError half-width of our score's confidence interval; NaN when unknown
     * @param peer the peer's score, positive and finite
     * @param peerError half-width of the peer's confidence interval; NaN when unknown
     * @throws IllegalArgumentException if a score is not positive and finite, or an error is negative
     */
    static Ratio of(double ours, double oursError, double peer, double peerError) {
        requireScore(ours, "our score");
        requireScore(peer, "the peer's score");
        requireError(oursError, "our score error");
        requireError(peerError, "the peer's score error");
        double value = ours / peer;
        double h = Math.hypot(oursError / ours, peerError / peer);
        if (Double.isNaN(h)) {
            return new Ratio(value, Double.NaN, Double.NaN);
        }
        return new Ratio(value, value * Math.exp(-h), value * Math.exp(h));
    }

    /** True when the interval is known (both scores came with an error estimate). */
    boolean hasInterval() {
        return !Double.isNaN(low);
    }

    private static void requireScore(double score, String what) {
        if (!(score > 0) || Double.isInfinite(score)) {
            throw new IllegalArgumentException(what + " is " + score + "; a ratio needs a positive, finite score");
        }
    }

    private static void requireError(double error, String what) {
        if (error < 0 || Double.isInfinite(error)) {
            throw new IllegalArgumentException(what + " is " + error + "; expected a finite half-width >= 0 or NaN");
        }
    }
}
