package io.resnextexplorer.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {
    private static Agreement.Member member(String id, float[] logits) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : a - b);
        double[] p = Distributions.softmax(logits);
        List<Prediction> top = new ArrayList<>();
        for (int r = 0; r < Math.min(5, logits.length); r++) {
            int i = order.get(r);
            top.add(new Prediction(i, "c" + i, p[i], logits[i]));
        }
        return new Agreement.Member(
                id, id.startsWith("u"), top, logits, new ModelCost(1L, 2L, 3.0));
    }

    private static float[] logitsOf(double... probabilities) {
        float[] l = new float[probabilities.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) Math.log(probabilities[i]);
        }
        return l;
    }

    @Test
    void twoModelsOnThreeClassesByHand() {
        // A = (1/2, 1/4, 1/4), B = (1/4, 1/2, 1/4): M = (3/8, 3/8, 1/4),
        // H(M) = 0.75 log2(8/3) + 0.5 = 1.561278, H(A) = H(B) = 1.5, JSD = 0.061278 bits.
        ImageAgreement a =
                Agreement.of(
                        List.of(
                                member("A", logitsOf(0.5, 0.25, 0.25)),
                                member("B", logitsOf(0.25, 0.5, 0.25))));
        assertFalse(a.sameTop1());
        assertEquals(0.75 * Math.log(8.0 / 3) / Math.log(2) + 0.5 - 1.5, a.jsdBits(), 1e-6);
        assertEquals(0.0612781, a.jsdBits(), 1e-6);
        assertEquals(a.jsdBits(), a.pairwiseJsdBits()[0][1], 1e-12);
        // A ranks B's top-1 (class 1) 2nd: only class 0 is higher, class 2 ties but comes later.
        assertArrayEquals(new int[] {1, 2}, a.rankOfTop1()[0]);
        assertArrayEquals(new int[] {2, 1}, a.rankOfTop1()[1]);
        assertEquals(3, a.top5Overlap()[0][1], "3 classes: all in both top-5s");
        assertEquals(3, a.commonTop5());
        assertEquals("", a.note());
    }

    @Test
    void topFiveOverlapAndRanksOfOppositeOrders() {
        float[] down = {7, 6, 5, 4, 3, 2, 1};
        float[] up = {1, 2, 3, 4, 5, 6, 7};
        ImageAgreement a =
                Agreement.of(List.of(member("A", down), member("uB", up), member("C", down)));
        assertEquals(3, a.top5Overlap()[0][1], "{0..4} and {2..6} share 2, 3, 4");
        assertEquals(5, a.top5Overlap()[0][2]);
        assertEquals(5, a.top5Overlap()[1][1]);
        assertEquals(3, a.commonTop5());
        assertEquals(7, a.rankOfTop1()[0][1]);
        assertEquals(7, a.rankOfTop1()[1][0]);
        assertEquals(1, a.rankOfTop1()[0][2]);
        assertEquals(0.0, a.pairwiseJsdBits()[0][2], 1e-12);
        assertTrue(a.jsdBits() > 0 && a.jsdBits() < Math.log(3) / Math.log(2));
        assertTrue(a.anyUntrained());
        assertTrue(a.note().contains("untrained weights in uB"), a.note());
    }

    @Test
    void differentClassSpacesGiveNoDivergenceOrRanks() {
        ImageAgreement a =
                Agreement.of(
                        List.of(
                                member("A", new float[] {1, 2, 3}),
                                member("B", new float[] {3, 2, 1, 0})));
        assertFalse(a.comparable());
        assertNull(a.jsdBits());
        assertNull(a.rankOfTop1());
        assertTrue(a.note().contains("different numbers of classes"));
    }

    @Test
    void folderAgreementByHand() {
        Agreement.FolderAccumulator f =
                new Agreement.FolderAccumulator(
                        List.of("A", "B", "C"), List.of(false, false, true));
        f.add("1", "1", List.of(cell(1), cell(1), cell(1)));
        FolderAgreement.Row r2 = f.add("2", "2", List.of(cell(1), cell(2), cell(1)));
        FolderAgreement.Row r3 =
                f.add(
                        "3",
                        "3",
                        List.of(new FolderAgreement.Cell(null, "broken"), cell(3), cell(3)));
        FolderAgreement s = f.snapshot();
        assertTrue(r2.disagree());
        assertFalse(r3.disagree(), "the two that classified it agree");
        assertEquals(1, s.disagreements());
        assertEquals(0.5, s.agreement(0, 1));
        assertEquals(1.0, s.agreement(0, 2));
        assertEquals(2.0 / 3, s.agreement(1, 2), 1e-12);
        assertEquals(3, s.bothOk()[1][2]);
        assertEquals(1.0, s.agreement(1, 1));
    }

    private static FolderAgreement.Cell cell(int c) {
        return new FolderAgreement.Cell(new Prediction(c, "c" + c, 0.5, 0f), null);
    }
}
