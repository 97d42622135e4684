package io.resnextexplorer.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionsTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    @Test
    void softmaxOfZeroAndLnThreeIsAQuarterAndThreeQuarters() {
        assertArrayEquals(
                new double[] {0.25, 0.75},
                Distributions.softmax(new float[] {0f, (float) Math.log(3)}),
                1e-7);
    }

    @Test
    void jensenShannonOfDisjointPairIsOneBit() {
        assertEquals(
                1.0,
                Distributions.jensenShannonBits(List.of(new double[] {1, 0}, new double[] {0, 1})),
                1e-12);
    }

    @Test
    void jensenShannonOfHalfHalfAgainstCertaintyByHand() {
        // M = (0.75, 0.25): H(M) = 0.811278 bits; H(p) = 1, H(q) = 0; JSD = 0.811278 - 0.5.
        double hm = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        assertEquals(0.8112781244591328, hm, 1e-15);
        assertEquals(
                0.3112781244591328,
                Distributions.jensenShannonBits(
                        List.of(new double[] {0.5, 0.5}, new double[] {1, 0})),
                1e-12);
    }

    @Test
    void jensenShannonOfThreeDisjointIsLog2OfThreeAndOfIdenticalIsZero() {
        assertEquals(
                LOG2_3,
                Distributions.jensenShannonBits(
                        List.of(
                                new double[] {1, 0, 0},
                                new double[] {0, 1, 0},
                                new double[] {0, 0, 1})),
                1e-12);
        double[] p = {0.2, 0.3, 0.5};
        assertEquals(0.0, Distributions.jensenShannonBits(List.of(p, p.clone(), p.clone())));
    }

    @Test
    void rankCountsHigherLogitsAndBreaksTiesByLowerIndexLikeTopK() {
        float[] logits = {1f, 3f, 3f, 0f};
        assertEquals(1, Distributions.rank(logits, 1));
        assertEquals(2, Distributions.rank(logits, 2));
        assertEquals(3, Distributions.rank(logits, 0));
        assertEquals(4, Distributions.rank(logits, 3));
    }
}
