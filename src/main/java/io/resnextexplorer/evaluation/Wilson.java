package io.resnextexplorer.evaluation;

import io.resnextexplorer.model.EvaluationReport.Rate;

/**
 * The Wilson score interval for a binomial proportion: unlike the normal approximation it stays
 * inside 0..1 and is usable at 0 or n successes and for small n, which matters for per-folder and
 * untrained-weights figures.
 */
public final class Wilson {
    /** The two-sided 95 % normal quantile. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {}

    /** k of n with its 95 % interval; n = 0 gives NaN value and the interval 0..1. */
    public static Rate rate(long k, long n) {
        if (n == 0) {
            return new Rate(0, 0, Double.NaN, 0, 1);
        }
        double p = (double) k / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new Rate(k, n, p, Math.max(0, center - half), Math.min(1, center + half));
    }
}
