package io.resnextexplorer.postprocess;

import io.resnextexplorer.model.Tensor;

/**
 * The pooled pre-logits features of a CNN classifier: the mean of each channel of the final feature
 * map, as timm's {@code forward_head(x, pre_logits=True)} computes them for ResNe(X)ts (adaptive
 * average pool to 1x1, flatten; no dropout at eval).
 */
public final class GlobalAveragePool {
    private GlobalAveragePool() {}

    /**
     * @param features the final feature map [N, C, h, w] float32, or already pooled features [N, C]
     *     (returned as they are)
     * @return [N, C] float32; each value summed in double, so the only rounding is the final cast
     * @throws IllegalArgumentException for any other rank
     */
    public static Tensor pool(Tensor features) {
        long[] s = features.shape();
        if (s.length == 2) {
            return features;
        }
        if (s.length != 4) {
            throw new IllegalArgumentException(
                    "features must be [N, C, h, w] or [N, C], got rank " + s.length);
        }
        int n = (int) s[0];
        int c = (int) s[1];
        int hw = (int) (s[2] * s[3]);
        float[] in = features.data();
        float[] out = new float[n * c];
        for (int i = 0; i < n * c; i++) {
            double sum = 0;
            int base = i * hw;
            for (int k = 0; k < hw; k++) {
                sum += in[base + k];
            }
            out[i] = (float) (sum / hw);
        }
        return new Tensor(out, new long[] {n, c});
    }

    /**
     * Cosine similarity of two vectors of the same length, in double; 0 when either is all zeros.
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "vectors of different lengths: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
