package io.resnextexplorer.model;

import java.util.List;

/**
 * One model's figures on a labelled folder. Accuracy follows timm's {@code validate.py}: top-k
 * correct when the true class is among the k highest logits (k clamped to the number of classes).
 *
 * @param model model id
 * @param timm timm name, or the id
 * @param weights where the weights came from
 * @param images images evaluated (classified, in a matched folder)
 * @param failed images that could not be classified (listed in {@code failures})
 * @param top1 top-1 accuracy with its 95 % Wilson score interval
 * @param top5 top-5 accuracy, same
 * @param perClass one row per matched class present, in class-index order
 * @param confused the most confused (true, predicted) pairs, most frequent first (at most 10)
 * @param matrix the confusion matrix when at most {@link #MATRIX_MAX_CLASSES} classes are present,
 *     else null
 * @param ece expected calibration error (confidence = top-1 probability, 15 equal-width bins), 0..1
 * @param reliability the 15 bins of the reliability diagram
 * @param cost params, MACs, median inference latency per image
 * @param failures the images that failed, with why
 * @param done whether every image was run (false while running or after cancel)
 */
public record EvaluationReport(
        String model,
        String timm,
        WeightsOrigin weights,
        long images,
        long failed,
        Rate top1,
        Rate top5,
        List<ClassRow> perClass,
        List<ConfusedPair> confused,
        ConfusionMatrix matrix,
        double ece,
        List<ReliabilityBin> reliability,
        ModelCost cost,
        List<Failure> failures,
        boolean done) {
    /** A confusion matrix is given up to this many classes present (a 50 x 51 grid). */
    public static final int MATRIX_MAX_CLASSES = 50;

    public EvaluationReport {
        perClass = List.copyOf(perClass);
        confused = List.copyOf(confused);
        reliability = List.copyOf(reliability);
        failures = List.copyOf(failures);
    }

    public boolean untrained() {
        return weights.untrained();
    }

    /**
     * k successes of n, with the 95 % Wilson score interval (z = 1.95996).
     *
     * @param value k / n in 0..1 (NaN when n = 0)
     * @param low lower bound 0..1
     * @param high upper bound 0..1
     */
    public record Rate(long k, long n, double value, double low, double high) {}

    /**
     * @param classIndex model class index
     * @param label model class name
     * @param folder the folder it came from
     * @param images images of this class
     * @param top1 top-1 correct
     * @param top5 top-5 correct
     */
    public record ClassRow(
            int classIndex, String label, String folder, long images, long top1, long top5) {
        public double accuracy() {
            return images == 0 ? Double.NaN : (double) top1 / images;
        }
    }

    /**
     * @param trueClass the folder's class
     * @param predicted the top-1 class given instead
     * @param count how many images
     * @param fraction count / images of the true class
     */
    public record ConfusedPair(
            int trueClass,
            String trueLabel,
            int predicted,
            String predictedLabel,
            long count,
            double fraction) {}

    /**
     * Rows are the classes present (true class), columns the same classes then one "other" column
     * for top-1 classes outside them.
     *
     * @param classes class indices present, ascending
     * @param labels their names
     * @param counts [row][column], {@code classes.size()} rows x {@code classes.size() + 1} columns
     */
    public record ConfusionMatrix(List<Integer> classes, List<String> labels, long[][] counts) {
        public ConfusionMatrix {
            classes = List.copyOf(classes);
            labels = List.copyOf(labels);
        }
    }

    /**
     * One bin of the reliability diagram: confidences in (lower, upper].
     *
     * @param count images whose top-1 probability falls in the bin
     * @param confidence their mean top-1 probability (NaN when empty)
     * @param accuracy the fraction of them whose top-1 is right (NaN when empty)
     */
    public record ReliabilityBin(
            double lower, double upper, long count, double confidence, double accuracy) {}

    /** An image that failed, and why. */
    public record Failure(String image, String error) {}
}
