package io.resnextexplorer.evaluation;

import java.util.List;

/** Softmax, entropy and Jensen-Shannon divergence of class distributions, in double precision. */
public final class Distributions {
    private Distributions() {}

    /** Softmax of one image's logits (length = classes), max-shifted; sums to 1. */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Shannon entropy in bits (log base 2), with 0 log 0 = 0. */
    public static double entropyBits(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h / Math.log(2);
    }

    /**
     * Jensen-Shannon divergence of n distributions with equal weights, in bits (log base 2):
     * H(mean) - mean(H(p_i)); 0 when all are equal, at most log2(n).
     *
     * @param ps distributions of equal length, each summing to 1
     */
    public static double jensenShannonBits(List<double[]> ps) {
        int k = ps.get(0).length;
        double[] mean = new double[k];
        double meanEntropy = 0;
        for (double[] p : ps) {
            if (p.length != k) {
                throw new IllegalArgumentException("distributions of different lengths");
            }
            for (int i = 0; i < k; i++) {
                mean[i] += p[i] / ps.size();
            }
            meanEntropy += entropyBits(p) / ps.size();
        }
        // Rounding can leave a hair below 0 for identical inputs.
        return Math.max(0, entropyBits(mean) - meanEntropy);
    }

    /**
     * The rank (1 = highest) of class {@code c} in these logits, ties broken by the lower index as
     * {@code postprocess.TopK} orders them.
     */
    public static int rank(float[] logits, int c) {
        int rank = 1;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > logits[c] || (logits[i] == logits[c] && i < c)) {
                rank++;
            }
        }
        return rank;
    }
}
