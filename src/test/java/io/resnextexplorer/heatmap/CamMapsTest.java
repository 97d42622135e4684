package io.resnextexplorer.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CAM arithmetic on hand-made tensors, and the flat-map rule. */
class CamMapsTest {
    private static Tensor random(int c, int h, int w, long seed) {
        Random r = new Random(seed);
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.max(0, r.nextGaussian());
        }
        return new Tensor(v, new long[] {1, c, h, w});
    }

    @Test
    void camIsTheWeightedChannelSumPerCell() {
        Tensor a = random(3, 2, 2, 1);
        LinearHead head =
                LinearHead.of(
                        new float[] {1, -2, 0.5f, 0, 0, 0}, 2, true, new float[] {0.3f, 0}, 1, 1);
        float[] d = a.data();
        ActivationMap m = CamMaps.cam(a, head, 0, 0f, "x");
        for (int i = 0; i < 4; i++) {
            double expected = Math.max(0, d[i] - 2 * d[4 + i] + 0.5 * d[8 + i]);
            assertThat((double) m.values()[i]).isCloseTo(expected, offset(1e-6));
        }
    }

    @Test
    void gemmWithoutTransposeAndItsAlphaBetaGiveTheSameHead() {
        // [C=2, classes=3] stored column-wise, alpha 2, beta 0.5.
        LinearHead h =
                LinearHead.of(
                        new float[] {1, 2, 3, 4, 5, 6}, 3, false, new float[] {2, 4, 6}, 2, 0.5f);
        assertThat(h.weights()).containsExactly(2, 8, 4, 10, 6, 12);
        assertThat(h.bias()).containsExactly(1, 2, 3);
    }

    @Test
    void aClassWithOnlyNegativeEvidenceSaysSoAndHasNoNaN() {
        Tensor a = random(4, 3, 3, 2);
        LinearHead head = LinearHead.of(new float[] {-1, -1, -1, -1}, 1, true, null, 1, 1);
        ActivationMap m = CamMaps.cam(a, head, 0, -5f, "nothing");
        assertThat(m.drawable()).isFalse();
        assertThat(m.note()).isEqualTo(ActivationMap.NO_EVIDENCE);
        assertThat(m.values()).containsOnly(0f);
        assertThat(m.scaled()).containsOnly(0f);
    }

    @Test
    void anAllZeroFeatureMapIsFlatNotNaN() {
        Tensor zero = new Tensor(new float[2 * 7 * 7], new long[] {1, 2, 7, 7});
        ActivationMap eigen = CamMaps.eigenCam(zero);
        assertThat(eigen.drawable()).isFalse();
        assertThat(eigen.values()).doesNotContain(Float.NaN);
        ActivationMap cam =
                CamMaps.cam(
                        zero, LinearHead.of(new float[] {1, 1}, 1, true, null, 1, 1), 0, 0, null);
        assertThat(cam.note()).isEqualTo(ActivationMap.NO_EVIDENCE);
    }

    @Test
    void eigenCamFindsTheDominantSpatialPatternWithThePositiveSign() {
        // Every channel is +/- the same pattern plus small noise: the first component is it.
        int c = 16;
        int hw = 25;
        float[] pattern = new float[hw];
        pattern[12] = 5;
        pattern[7] = 2;
        Random r = new Random(3);
        float[] v = new float[c * hw];
        for (int k = 0; k < c; k++) {
            double s = k % 3 == 0 ? -0.5 : 1;
            for (int i = 0; i < hw; i++) {
                v[k * hw + i] = (float) (s * pattern[i] + 3 + 0.01 * r.nextGaussian());
            }
        }
        ActivationMap m = CamMaps.eigenCam(new Tensor(v, new long[] {1, c, 5, 5}));
        float[] s = m.scaled();
        assertThat(s[12]).isEqualTo(1f);
        assertThat(s[7]).isGreaterThan(s[0]);
    }
}
