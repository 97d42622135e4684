package io.resnextexplorer.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnextexplorer.model.EvaluationReport.Rate;
import org.junit.jupiter.api.Test;

class WilsonTest {
    @Test
    void twoOfFourIsSymmetricAroundAHalf() {
        // z^2 = 3.8415; centre (0.5 + z^2/8) / (1 + z^2/4) = 0.5;
        // half = z sqrt(1/16 + z^2/64) / (1 + z^2/4) = 0.349961.
        Rate r = Wilson.rate(2, 4);
        assertEquals(0.5, r.value());
        assertEquals(0.150039, r.low(), 1e-6);
        assertEquals(0.849961, r.high(), 1e-6);
    }

    @Test
    void noneOfTenStillHasAnUpperBound() {
        // k = 0: upper = (z^2/n) / (1 + z^2/n) = 0.384146 / 1.384146.
        Rate r = Wilson.rate(0, 10);
        assertEquals(0.0, r.low(), 1e-12);
        assertEquals(0.277533, r.high(), 1e-6);
    }

    @Test
    void narrowsWithMoreImages() {
        Rate small = Wilson.rate(80, 100);
        Rate big = Wilson.rate(40_000, 50_000);
        assertTrue(big.high() - big.low() < (small.high() - small.low()) / 10);
        assertEquals(0.8, big.value());
        assertTrue(big.low() < 0.8 && big.high() > 0.8);
    }

    @Test
    void noImageGivesNoValueAndTheWholeRange() {
        Rate r = Wilson.rate(0, 0);
        assertTrue(Double.isNaN(r.value()));
        assertEquals(0.0, r.low());
        assertEquals(1.0, r.high());
    }
}
