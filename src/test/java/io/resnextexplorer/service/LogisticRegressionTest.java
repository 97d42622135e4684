package io.resnextexplorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    /**
     * {@code perClass} points per class in {@code dims} dimensions: class k's mean is {@code
     * separation} along axis k, plus unit Gaussian noise on every axis, offset and scaled per axis
     * (as raw backbone features are), from a fixed seed.
     */
    private static float[][] blobs(
            int classes, int perClass, int dims, double separation, int[] y) {
        Random r = new Random(42);
        float[][] x = new float[classes * perClass][dims];
        double[] scale = new double[dims];
        for (int j = 0; j < dims; j++) {
            scale[j] = Math.pow(10, r.nextInt(4) - 1);
        }
        for (int i = 0; i < x.length; i++) {
            int k = i % classes;
            y[i] = k;
            for (int j = 0; j < dims; j++) {
                double v = r.nextGaussian() + (j == k ? separation : 0);
                x[i][j] = (float) (5 + v * scale[j]);
            }
        }
        return x;
    }

    @Test
    void wellSeparatedClassesAreLearnedExactly() {
        int[] y = new int[3 * 30];
        float[][] x = blobs(3, 30, 64, 8, y);

        LogisticRegression.Result r =
                LogisticRegression.train(x, y, 3, LogisticRegression.Settings.defaults());

        assertThat(r.validationAccuracy()).isEqualTo(1.0);
        assertThat(r.trainAccuracy()).isEqualTo(1.0);
        assertThat(r.split().validation()).hasSize(18); // 20 % of each class of 30
        int[][] c = r.confusion();
        assertThat(c[0][0] + c[1][1] + c[2][2]).isEqualTo(18);
    }

    @Test
    void overlappingClassesReachTheAccuracyTheirOverlapAllows() {
        // Class 0 is shifted 2 sigma along axis 0, class 1 along axis 1: the means are 2√2 sigma
        // apart, so the best rule is right Φ(√2) = 92 % of the time. 160 held-out points measure
        // it to about ±2 %: well above chance, never the 100 % of separable classes.
        int[] y = new int[2 * 400];
        float[][] x = blobs(2, 400, 16, 2, y);

        LogisticRegression.Result r =
                LogisticRegression.train(x, y, 2, LogisticRegression.Settings.defaults());

        assertThat(r.validationAccuracy()).isBetween(0.86, 0.97);
    }

    @Test
    void labelsWithNoRelationToTheFeaturesGiveChanceAccuracyNotAMemorizedSplit() {
        int[] y = new int[4 * 50];
        float[][] x = blobs(4, 50, 256, 0, y);
        Random r = new Random(7);
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(4);
        }
        y[0] = 0;
        y[1] = 1;
        y[2] = 2;
        y[3] = 3;

        LogisticRegression.Result fit =
                LogisticRegression.train(x, y, 4, LogisticRegression.Settings.defaults());

        assertThat(fit.validationAccuracy()).isLessThan(0.55);
    }

    @Test
    void theSameSeedGivesTheSameHeadAndAnotherSeedAnotherSplit() {
        int[] y = new int[3 * 20];
        float[][] x = blobs(3, 20, 32, 4, y);
        LogisticRegression.Settings s = LogisticRegression.Settings.defaults();

        LogisticRegression.Result a = LogisticRegression.train(x, y, 3, s);
        LogisticRegression.Result b = LogisticRegression.train(x, y, 3, s);
        LogisticRegression.Result c =
                LogisticRegression.train(
                        x,
                        y,
                        3,
                        new LogisticRegression.Settings(
                                s.l2(),
                                s.learningRate(),
                                s.maxEpochs(),
                                s.patience(),
                                s.validationFraction(),
                                1));

        assertThat(a.weight()).isDeepEqualTo(b.weight());
        assertThat(a.bias()).isEqualTo(b.bias());
        assertThat(a.split().validation()).isNotEqualTo(c.split().validation());
    }

    @Test
    void aClassWithOneExampleIsRefusedInWords() {
        float[][] x = {{1}, {2}, {3}};
        int[] y = {0, 0, 1};
        assertThatThrownBy(
                        () ->
                                LogisticRegression.train(
                                        x, y, 2, LogisticRegression.Settings.defaults()))
                .hasMessageContaining("at least 2");
    }
}
