package org.kernkit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatioTest {

    private static final double EXACT = 1e-12;

    @Test
    void ratioIsOurScoreOverThePeers() {
        assertEquals(2.0, Ratio.of(3.0, 0.3, 1.5, 0.2).value(), EXACT);
        assertEquals(0.25, Ratio.of(1.0, 0.05, 4.0, 0.3).value(), EXACT);
    }

    @Test
    void intervalAddsRelativeErrorsInQuadratureInLogSpace() {
        // By hand: 0.3 / 3 = 1/10 and 0.2 / 1.5 = 2/15; 1/100 + 4/225 = 1/36, so h = 1/6 exactly,
        // and the interval is 2 * e^(-1/6) .. 2 * e^(1/6) = 1.6929634497812283 .. 2.3627208257312917.
        Ratio r = Ratio.of(3.0, 0.3, 1.5, 0.2);
        assertEquals(1.6929634497812283, r.low(), EXACT);
        assertEquals(2.3627208257312917, r.high(), EXACT);
    }

    @Test
    void intervalIsSymmetricAroundTheRatioOnALogScale() {
        Ratio r = Ratio.of(1.0, 0.05, 4.0, 0.3);
        assertEquals(r.value() * r.value(), r.low() * r.high(), EXACT);
    }

    @Test
    void intervalStaysPositiveWhenAScoresOwnIntervalReachesBelowZero() {
        Ratio r = Ratio.of(1.0, 2.5, 1.0, 0.0);
        assertEquals(Math.exp(-2.5), r.low(), EXACT);
        assertEquals(Math.exp(2.5), r.high(), EXACT);
    }

    @Test
    void exactScoresGiveAnIntervalOfNoWidth() {
        Ratio r = Ratio.of(3.0, 0.0, 1.5, 0.0);
        assertEquals(2.0, r.low(), EXACT);
        assertEquals(2.0, r.high(), EXACT);
    }

    @Test
    void aMissingErrorEstimateLeavesTheIntervalUnknown() {
        Ratio r = Ratio.of(1.0, Double.NaN, 2.0, 0.1);
        assertEquals(0.5, r.value(), EXACT);
        assertFalse(r.hasInterval());
        assertTrue(Double.isNaN(r.high()));
    }

    @Test
    void refusesScoresThatNoRatioCanBeTakenOf() {
        assertThrows(IllegalArgumentException.class, () -> Ratio.of(0.0, 0.1, 1.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Ratio.of(1.0, 0.1, -1.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Ratio.of(Double.NaN, 0.1, 1.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Ratio.of(1.0, 0.1, Double.POSITIVE_INFINITY, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Ratio.of(1.0, -0.1, 1.0, 0.1));
    }

    @Test
    void textGivesThreeSignificantDigitsAndTheInterval() {
        assertEquals("2.00x (1.69 to 2.36)", RatioText.of(Ratio.of(3.0, 0.3, 1.5, 0.2)));
        assertEquals("0.500x (no error)", RatioText.of(Ratio.of(1.0, Double.NaN, 2.0, 0.1)));
        assertEquals("250x (0.0250 to 2500000)", RatioText.of(new Ratio(250, 0.025, 2.5e6)));
    }
}
