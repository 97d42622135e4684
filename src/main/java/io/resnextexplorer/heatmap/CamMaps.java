package io.resnextexplorer.heatmap;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.Tensor;

/**
 * The heatmap methods, over a feature map already fetched with the classification (no second
 * inference pass). Like pytorch-grad-cam's base class, the shared work (ReLU, range, the flat-map
 * rule) is done once in {@link #finish}; each method only says how it weighs the channels.
 *
 * <p>All maps take one image's [1, C, h, w] (or [C, h, w]) float32 tensor.
 */
public final class CamMaps {
    /** Below this range (relative to the largest magnitude) a map counts as flat. */
    private static final double FLAT_RELATIVE = 1e-6;

    private CamMaps() {}

    /**
     * CAM = ReLU(sum_k w[c,k] A_k). For a global-average-pool + linear head this is Grad-CAM and
     * HiResCAM up to a positive factor: dy_c/dA_k,ij = w[c,k] / (h*w) at every cell.
     *
     * @param features the final feature map A, [1, C, h, w]
     * @param head the classifier's weights
     * @param cls class index
     * @param logit y_c from the same run, for the sanity figure mean(CAM before ReLU) = y_c - b_c
     * @param label the class name, or null
     */
    public static ActivationMap cam(
            Tensor features, LinearHead head, int cls, float logit, String label) {
        int[] chw = chw(features);
        int c = chw[0];
        int hw = chw[1] * chw[2];
        if (c != head.channels()) {
            throw new IllegalArgumentException(
                    "the feature map has " + c + " channels, the classifier " + head.channels());
        }
        if (cls < 0 || cls >= head.classes()) {
            throw new IllegalArgumentException(
                    "class " + cls + " is not in 0.." + (head.classes() - 1));
        }
        float[] a = features.data();
        double[] acc = new double[hw];
        int row = cls * c;
        for (int k = 0; k < c; k++) {
            double w = head.weights()[row + k];
            int base = k * hw;
            for (int i = 0; i < hw; i++) {
                acc[i] += w * a[base + i];
            }
        }
        double mean = 0;
        for (double v : acc) {
            mean += v;
        }
        mean /= hw;
        float[] out = new float[hw];
        for (int i = 0; i < hw; i++) {
            out[i] = (float) Math.max(0, acc[i]);
        }
        return finish(
                HeatmapMethod.CAM,
                cls,
                label,
                chw[2],
                chw[1],
                out,
                mean,
                logit - head.bias()[cls],
                acc);
    }

    /**
     * Eigen-CAM: the feature map, centred per channel, projected on its first principal component
     * (class-agnostic), with the sign that makes it correlate positively with the channel-mean
     * activation, then ReLU.
     */
    public static ActivationMap eigenCam(Tensor features) {
        int[] chw = chw(features);
        int c = chw[0];
        int hw = chw[1] * chw[2];
        float[] a = features.data();
        // X is hw x c, centred over positions per channel.
        double[][] x = new double[hw][c];
        double[] meanMap = new double[hw];
        for (int k = 0; k < c; k++) {
            double m = 0;
            for (int i = 0; i < hw; i++) {
                m += a[k * hw + i];
            }
            m /= hw;
            for (int i = 0; i < hw; i++) {
                x[i][k] = a[k * hw + i] - m;
                meanMap[i] += a[k * hw + i] / (double) c;
            }
        }
        double[] p = SymmetricEigen.firstProjection(x);
        double corr = 0;
        double mm = 0;
        for (double v : meanMap) {
            mm += v / hw;
        }
        for (int i = 0; i < hw; i++) {
            corr += p[i] * (meanMap[i] - mm);
        }
        float[] out = new float[hw];
        double sign = corr < 0 ? -1 : 1;
        for (int i = 0; i < hw; i++) {
            out[i] = (float) Math.max(0, sign * p[i]);
        }
        return finish(
                HeatmapMethod.EIGEN_CAM, -1, null, chw[2], chw[1], out, Double.NaN, Double.NaN, p);
    }

    /** A stage's channel-mean activation map. */
    public static ActivationMap channelMean(Tensor activation, String stage) {
        int[] chw = chw(activation);
        int c = chw[0];
        int hw = chw[1] * chw[2];
        float[] a = activation.data();
        double[] acc = new double[hw];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < hw; i++) {
                acc[i] += a[k * hw + i];
            }
        }
        float[] out = new float[hw];
        for (int i = 0; i < hw; i++) {
            out[i] = (float) (acc[i] / c);
        }
        return finish(
                HeatmapMethod.stage(stage),
                -1,
                null,
                chw[2],
                chw[1],
                out,
                Double.NaN,
                Double.NaN,
                acc);
    }

    private static ActivationMap finish(
            HeatmapMethod method,
            int cls,
            String label,
            int width,
            int height,
            float[] values,
            double preReluMean,
            double expectedMean,
            double[] raw) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        boolean finite = true;
        for (float v : values) {
            finite &= Float.isFinite(v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double scale = 0;
        for (double v : raw) {
            scale = Math.max(scale, Math.abs(v));
        }
        String note = null;
        if (!finite) {
            java.util.Arrays.fill(values, 0f);
            min = 0;
            max = 0;
            note = "the feature map holds non-finite values (NaN or infinity)";
        } else if (method.perClass() && max <= 0) {
            note = ActivationMap.NO_EVIDENCE;
        } else if (max - min <= FLAT_RELATIVE * Math.max(scale, Float.MIN_NORMAL)) {
            note = method.perClass() ? ActivationMap.NO_EVIDENCE : ActivationMap.FLAT;
        }
        return new ActivationMap(
                method,
                cls,
                label,
                width,
                height,
                values,
                min,
                max,
                preReluMean,
                expectedMean,
                note);
    }

    /** [C, h, w] of one image's tensor. */
    private static int[] chw(Tensor t) {
        long[] s = t.shape();
        if (s.length == 4 && s[0] == 1) {
            return new int[] {(int) s[1], (int) s[2], (int) s[3]};
        }
        if (s.length == 3) {
            return new int[] {(int) s[0], (int) s[1], (int) s[2]};
        }
        throw new IllegalArgumentException(
                "expected one image's [1, C, h, w] map, got " + java.util.Arrays.toString(s));
    }
}
