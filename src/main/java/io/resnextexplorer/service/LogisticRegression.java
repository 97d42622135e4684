package io.resnextexplorer.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression with L2, trained full batch on a held-out split with early
 * stopping: the "linear probe" of a frozen backbone's pooled features. Deterministic for a given
 * seed (the split's shuffle is the only randomness; weights start at zero). Pure Java, double
 * precision; seconds for a few thousand images of 2048 features.
 */
public final class LogisticRegression {
    private LogisticRegression() {}

    /**
     * @param l2 weight of (1/2)||W||² in the loss (on standardized features)
     * @param learningRate step size as a multiple of 1/L, L the loss's smoothness bound (1 is safe)
     * @param maxEpochs full-batch steps at most
     * @param patience steps without a lower validation loss before stopping
     * @param validationFraction share of each class held out (at least one image of each class)
     * @param seed the split's shuffle
     */
    public record Settings(
            double l2,
            double learningRate,
            int maxEpochs,
            int patience,
            double validationFraction,
            long seed) {
        public static Settings defaults() {
            return new Settings(1e-3, 1.0, 500, 25, 0.2, 0);
        }
    }

    /** Indices into the data set. */
    public record Split(int[] train, int[] validation) {}

    /**
     * A trained head on the raw (unstandardized) features: logits = x · weightᵀ + bias.
     *
     * @param weight [classes][features]
     * @param bias [classes]
     * @param bestEpoch the step whose weights were kept (lowest validation loss), 1-based
     * @param epochs steps run before stopping
     * @param trainAccuracy on the training split, 0..1
     * @param validationAccuracy on the held-out split, 0..1
     * @param confusion held-out counts, [true class][predicted class]
     */
    public record Result(
            float[][] weight,
            float[] bias,
            int bestEpoch,
            int epochs,
            double trainAccuracy,
            double validationAccuracy,
            int[][] confusion,
            Split split) {}

    /**
     * A stratified split: of each class, {@code round(fraction * n)} images (at least 1) are held
     * out, chosen by a shuffle with {@code seed}.
     *
     * @throws IllegalArgumentException when a class has fewer than 2 examples
     */
    public static Split split(int[] labels, int classes, double fraction, long seed) {
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == k) {
                    members.add(i);
                }
            }
            if (members.size() < 2) {
                throw new IllegalArgumentException(
                        "class "
                                + k
                                + " has "
                                + members.size()
                                + " example(s); each class needs at least 2 (one to train on,"
                                + " one to check on)");
            }
            Collections.shuffle(members, random);
            int held = Math.max(1, (int) Math.round(fraction * members.size()));
            held = Math.min(held, members.size() - 1);
            validation.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        Collections.sort(train);
        Collections.sort(validation);
        return new Split(
                train.stream().mapToInt(Integer::intValue).toArray(),
                validation.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Trains on {@code x[i]} (all of the same length) with labels {@code y[i]} in 0..classes-1.
     *
     * @throws IllegalArgumentException for fewer than 2 classes or a class with fewer than 2
     *     examples
     */
    public static Result train(float[][] x, int[] y, int classes, Settings s) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes");
        }
        int d = x[0].length;
        Split split = split(y, classes, s.validationFraction(), s.seed());
        int[] tr = split.train();
        int[] va = split.validation();

        // Standardize with the training split's statistics so one step size suits every feature
        // (random-init features can be orders of magnitude apart); folded back into W at the end.
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int i : tr) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= tr.length;
        }
        for (int i : tr) {
            for (int j = 0; j < d; j++) {
                double c = x[i][j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / tr.length);
            if (!(std[j] > 1e-12)) {
                std[j] = 1; // a constant feature carries nothing; keep it harmless
            }
        }
        double[][] z = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / std[j];
            }
        }

        // Nesterov-accelerated full-batch gradient descent with step 1/L, L the loss's smoothness
        // bound: 1/2 the largest eigenvalue of the features' second moment (softmax's Hessian is at
        // most 1/2 per class pair) plus l2. Plain gradient steps move each weight by its evidence;
        // per-weight normalized steps (Adam) move noise features as fast as signal ones and
        // overfit small folders of many features in a few steps.
        double step = s.learningRate() / (0.5 * largestEigenvalue(z, tr) + s.l2());
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        double[][] prevW = new double[classes][d];
        double[] prevB = new double[classes];
        double[][] look = new double[classes][d];
        double[] lookB = new double[classes];
        double[][] bestW = copy(w);
        double[] bestB = b.clone();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        double[][] gw = new double[classes][d];
        double[] gb = new double[classes];
        double[] p = new double[classes];
        while (epoch < s.maxEpochs()) {
            epoch++;
            double momentum = (epoch - 1.0) / (epoch + 2.0);
            for (int k = 0; k < classes; k++) {
                for (int j = 0; j < d; j++) {
                    look[k][j] = w[k][j] + momentum * (w[k][j] - prevW[k][j]);
                }
                lookB[k] = b[k] + momentum * (b[k] - prevB[k]);
            }
            for (double[] row : gw) {
                java.util.Arrays.fill(row, 0);
            }
            java.util.Arrays.fill(gb, 0);
            for (int i : tr) {
                softmax(look, lookB, z[i], p);
                p[y[i]] -= 1;
                for (int k = 0; k < classes; k++) {
                    double g = p[k] / tr.length;
                    gb[k] += g;
                    double[] gk = gw[k];
                    double[] zi = z[i];
                    for (int j = 0; j < d; j++) {
                        gk[j] += g * zi[j];
                    }
                }
            }
            for (int k = 0; k < classes; k++) {
                System.arraycopy(w[k], 0, prevW[k], 0, d);
                prevB[k] = b[k];
                for (int j = 0; j < d; j++) {
                    w[k][j] = look[k][j] - step * (gw[k][j] + s.l2() * look[k][j]);
                }
                b[k] = lookB[k] - step * gb[k];
            }
            double loss = 0;
            for (int i : va) {
                softmax(w, b, z[i], p);
                loss -= Math.log(Math.max(p[y[i]], 1e-300));
            }
            loss /= va.length;
            if (loss < bestLoss - 1e-9) {
                bestLoss = loss;
                bestEpoch = epoch;
                bestW = copy(w);
                bestB = b.clone();
            } else if (epoch - bestEpoch >= s.patience()) {
                break;
            }
        }

        // Fold the standardization in: (x - mean) / std · w + b = x · (w / std) + (b - Σ w mean /
        // std).
        float[][] weight = new float[classes][d];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            double shift = bestB[k];
            for (int j = 0; j < d; j++) {
                double wj = bestW[k][j] / std[j];
                weight[k][j] = (float) wj;
                shift -= wj * mean[j];
            }
            bias[k] = (float) shift;
        }
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int i : va) {
            int pred = predict(weight, bias, x[i]);
            confusion[y[i]][pred]++;
            correct += pred == y[i] ? 1 : 0;
        }
        int trainCorrect = 0;
        for (int i : tr) {
            trainCorrect += predict(weight, bias, x[i]) == y[i] ? 1 : 0;
        }
        return new Result(
                weight,
                bias,
                bestEpoch,
                epoch,
                (double) trainCorrect / tr.length,
                (double) correct / va.length,
                confusion,
                split);
    }

    /** The class with the highest logit x · weight[k] + bias[k] (computed in double). */
    public static int predict(float[][] weight, float[] bias, float[] x) {
        int best = 0;
        double bestLogit = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < weight.length; k++) {
            double l = logit(weight[k], bias[k], x);
            if (l > bestLogit) {
                bestLogit = l;
                best = k;
            }
        }
        return best;
    }

    /** x · w + b in double. */
    public static double logit(float[] w, float b, float[] x) {
        double l = b;
        for (int j = 0; j < x.length; j++) {
            l += (double) w[j] * x[j];
        }
        return l;
    }

    private static void softmax(double[][] w, double[] b, double[] z, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            double l = b[k];
            double[] wk = w[k];
            for (int j = 0; j < z.length; j++) {
                l += wk[j] * z[j];
            }
            out[k] = l;
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            out[k] = Math.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < w.length; k++) {
            out[k] /= sum;
        }
    }

    /**
     * The largest eigenvalue of (1/n) Σ z zᵀ over rows {@code rows}, by power iteration (an
     * upper-side estimate: a few percent high is harmless, the step only gets smaller), computed as
     * the squared norm growth of Zᵀ Z v without forming the d x d matrix.
     */
    private static double largestEigenvalue(double[][] z, int[] rows) {
        int d = z[0].length;
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1 / Math.sqrt(d));
        double lambda = 0;
        for (int it = 0; it < 50; it++) {
            double[] next = new double[d];
            for (int i : rows) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += z[i][j] * v[j];
                }
                for (int j = 0; j < d; j++) {
                    next[j] += dot * z[i][j];
                }
            }
            double norm = 0;
            for (double x : next) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 1;
            }
            double estimate = norm / rows.length;
            for (int j = 0; j < d; j++) {
                v[j] = next[j] / norm;
            }
            if (Math.abs(estimate - lambda) <= 1e-6 * estimate) {
                return estimate * 1.05;
            }
            lambda = estimate;
        }
        return lambda * 1.05;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
