package io.resnextexplorer.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.WeightsOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvaluationAccumulatorTest {
    private static final List<String> LABELS =
            IntStream.range(0, 10).mapToObj(i -> "class " + i).toList();
    private static final WeightsOrigin RANDOM =
            new WeightsOrigin(WeightsOrigin.Kind.RANDOM_INIT, "random-init (seed 0)", "0");

    private static ClassMatch match(int... classes) {
        List<ClassMatch.Folder> f = new ArrayList<>();
        for (int c : classes) {
            f.add(new ClassMatch.Folder("f" + c, c, LABELS.get(c), ClassMatch.Via.LABEL));
        }
        return new ClassMatch(f, List.of());
    }

    /** Six images of classes 2, 5, 7 whose figures are worked out by hand below. */
    private static EvaluationReport sixImages() {
        EvaluationAccumulator a =
                new EvaluationAccumulator("m", "m", RANDOM, LABELS, match(2, 5, 7));
        a.add(2, new int[] {2, 0, 1, 3, 4}, 0.9, 1); // right; bin 13
        a.add(2, new int[] {5, 2, 0, 1, 3}, 0.6, 2); // wrong, in top-5; bin 8
        a.add(5, new int[] {5, 0, 1, 2, 3}, 0.95, 3); // right; bin 14
        a.add(5, new int[] {2, 9, 8, 7, 6}, 0.4, 4); // wrong, not in top-5; bin 5
        a.add(7, new int[] {1, 3, 4, 6, 7}, 0.2, 5); // wrong, 5th; bin 2
        a.add(7, new int[] {7, 1, 2, 3, 4}, 0.2, 6); // right; bin 2
        return a.report(1000L, 2000L, true);
    }

    @Test
    void topOneAndTopFiveCountAsTimmDoes() {
        EvaluationReport r = sixImages();
        assertEquals(6, r.images());
        assertEquals(3, r.top1().k());
        assertEquals(0.5, r.top1().value());
        assertEquals(5, r.top5().k());
        assertEquals(5.0 / 6, r.top5().value(), 1e-12);
        assertEquals(Wilson.rate(3, 6), r.top1());
    }

    @Test
    void expectedCalibrationErrorByHand() {
        // bins: 13 {0.9 right}, 8 {0.6 wrong}, 14 {0.95 right}, 5 {0.4 wrong},
        // 2 {0.2 wrong, 0.2 right}: (0.1 + 0.6 + 0.05 + 0.4 + 2 * |0.5 - 0.2|) / 6 = 1.75 / 6.
        EvaluationReport r = sixImages();
        assertEquals(1.75 / 6, r.ece(), 1e-12);
        assertEquals(15, r.reliability().size());
        EvaluationReport.ReliabilityBin b2 = r.reliability().get(2);
        assertEquals(2, b2.count());
        assertEquals(0.2, b2.confidence(), 1e-12);
        assertEquals(0.5, b2.accuracy(), 1e-12);
        assertEquals(2.0 / 15, b2.lower(), 1e-12);
        assertEquals(0.2, b2.upper(), 1e-12);
        assertTrue(Double.isNaN(r.reliability().get(0).accuracy()));
    }

    @Test
    void perClassConfusionsAndMatrixByHand() {
        EvaluationReport r = sixImages();
        assertEquals(3, r.perClass().size());
        EvaluationReport.ClassRow c2 = r.perClass().get(0);
        assertEquals(
                List.of(2, 2L, 1L, 2L),
                List.of(c2.classIndex(), c2.images(), c2.top1(), c2.top5()));
        EvaluationReport.ClassRow c5 = r.perClass().get(1);
        assertEquals(
                List.of(5, 2L, 1L, 1L),
                List.of(c5.classIndex(), c5.images(), c5.top1(), c5.top5()));
        assertEquals(3, r.confused().size());
        assertEquals(
                List.of(2, 5),
                List.of(r.confused().get(0).trueClass(), r.confused().get(0).predicted()));
        assertEquals(
                List.of(5, 2),
                List.of(r.confused().get(1).trueClass(), r.confused().get(1).predicted()));
        assertEquals(
                List.of(7, 1),
                List.of(r.confused().get(2).trueClass(), r.confused().get(2).predicted()));
        assertEquals(0.5, r.confused().get(2).fraction());
        EvaluationReport.ConfusionMatrix m = r.matrix();
        assertEquals(List.of(2, 5, 7), m.classes());
        assertArrayEquals(new long[] {1, 1, 0, 0}, m.counts()[0]);
        assertArrayEquals(new long[] {1, 1, 0, 0}, m.counts()[1]);
        assertArrayEquals(new long[] {0, 0, 1, 1}, m.counts()[2], "7 -> class 1 is 'other'");
    }

    @Test
    void costCarriesTheMedianLatencyAndTheUntrainedFlag() {
        EvaluationReport r = sixImages();
        assertEquals(3.5, r.cost().latencyMs(), 1e-6);
        assertEquals(1000L, r.cost().params());
        assertTrue(r.untrained());
    }

    @Test
    void confidenceOnABinEdgeGoesToTheLowerBin() {
        assertEquals(0, EvaluationAccumulator.bin(0.0));
        assertEquals(0, EvaluationAccumulator.bin(1.0 / 15));
        assertEquals(2, EvaluationAccumulator.bin(0.2));
        assertEquals(3, EvaluationAccumulator.bin(0.2000001));
        assertEquals(14, EvaluationAccumulator.bin(1.0));
    }

    @Test
    void noMatrixBeyondFiftyClassesButConfusionsStill() {
        List<String> labels = IntStream.range(0, 100).mapToObj(i -> "c" + i).toList();
        List<ClassMatch.Folder> f = new ArrayList<>();
        for (int c = 0; c < 51; c++) {
            f.add(new ClassMatch.Folder("f" + c, c, labels.get(c), ClassMatch.Via.LABEL));
        }
        EvaluationAccumulator a =
                new EvaluationAccumulator("m", "m", RANDOM, labels, new ClassMatch(f, List.of()));
        for (int i = 0; i < 50_000; i++) {
            int t = i % 51;
            a.add(t, new int[] {(t + 1) % 100, t, 60, 61, 62}, 0.5, 1);
        }
        EvaluationReport r = a.report(null, null, false);
        assertNull(r.matrix());
        assertEquals(50_000, r.images());
        assertEquals(0, r.top1().k());
        assertEquals(50_000, r.top5().k());
        assertEquals(10, r.confused().size());
        assertFalse(r.done());
    }
}
