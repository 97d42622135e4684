package io.resnextexplorer.evaluation;

import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.EvaluationReport.ClassRow;
import io.resnextexplorer.model.EvaluationReport.ConfusedPair;
import io.resnextexplorer.model.EvaluationReport.ConfusionMatrix;
import io.resnextexplorer.model.EvaluationReport.Failure;
import io.resnextexplorer.model.EvaluationReport.ReliabilityBin;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.model.WeightsOrigin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's evaluation figures, accumulated image by image so memory does not grow with the
 * folder beyond 4 bytes per image (the latencies, for the median), one counter per (true,
 * predicted) pair that occurred and the failures. Thread-safe.
 */
public final class EvaluationAccumulator {
    /** Calibration bins: 15 of equal width over (0, 1], as in Guo et al. 2017. */
    public static final int BINS = 15;

    private static final int CONFUSED_SHOWN = 10;

    private final String model;
    private final String timm;
    private final WeightsOrigin weights;
    private final List<String> labels;
    private final Map<Integer, String> folderOf = new TreeMap<>();
    private final int topK;
    private final long[] classImages;
    private final long[] classTop1;
    private final long[] classTop5;
    // (true * classes + predicted) -> count, for wrong top-1 only.
    private final Map<Long, long[]> wrong = new HashMap<>();
    private final long[] binCount = new long[BINS];
    private final double[] binConfidence = new double[BINS];
    private final long[] binCorrect = new long[BINS];
    private final List<Failure> failures = new ArrayList<>();
    private float[] latencies = new float[1024];
    private int latencyCount;
    private long images;
    private long top1;
    private long top5;

    /**
     * @param labels the model's class names (index order)
     * @param match the model's classes of the folders
     */
    public EvaluationAccumulator(
            String model,
            String timm,
            WeightsOrigin weights,
            List<String> labels,
            ClassMatch match) {
        this.model = model;
        this.timm = timm;
        this.weights = weights;
        this.labels = List.copyOf(labels);
        this.topK = Math.min(5, labels.size());
        for (ClassMatch.Folder f : match.matched()) {
            folderOf.merge(f.classIndex(), f.folder(), (a, b) -> a + ", " + b);
        }
        classImages = new long[labels.size()];
        classTop1 = new long[labels.size()];
        classTop5 = new long[labels.size()];
    }

    /** Classes k of timm's top-k: 5, or fewer when the model has fewer classes. */
    public int topK() {
        return topK;
    }

    /**
     * One classified image.
     *
     * @param target the true class (model index)
     * @param top the model's classes by decreasing logit, at least {@link #topK()} of them
     * @param confidence the top-1 softmax probability, 0..1
     * @param inferenceMs the model run's time in milliseconds
     */
    public synchronized void add(int target, int[] top, double confidence, double inferenceMs) {
        if (top.length < topK) {
            throw new IllegalArgumentException("need the top " + topK + " classes");
        }
        images++;
        classImages[target]++;
        boolean ok1 = top[0] == target;
        boolean ok5 = false;
        for (int i = 0; i < topK; i++) {
            ok5 |= top[i] == target;
        }
        if (ok1) {
            top1++;
            classTop1[target]++;
        } else {
            wrong.computeIfAbsent((long) target * labels.size() + top[0], k -> new long[1])[0]++;
        }
        if (ok5) {
            top5++;
            classTop5[target]++;
        }
        int b = bin(confidence);
        binCount[b]++;
        binConfidence[b] += confidence;
        binCorrect[b] += ok1 ? 1 : 0;
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = (float) inferenceMs;
    }

    /** An image of a matched folder that could not be classified. */
    public synchronized void fail(String image, String error) {
        failures.add(new Failure(image, error));
    }

    /**
     * The bin of a confidence: bin b holds (b/15, (b+1)/15]; 0 goes to the first bin. Compared
     * against the boundaries themselves, so 0.2 lands in (0.1333, 0.2], not in the next bin.
     */
    static int bin(double confidence) {
        int b = (int) Math.ceil(confidence * BINS) - 1;
        b = Math.max(0, Math.min(BINS - 1, b));
        while (b > 0 && confidence <= (double) b / BINS) {
            b--;
        }
        while (b < BINS - 1 && confidence > (double) (b + 1) / BINS) {
            b++;
        }
        return b;
    }

    /** The figures so far. */
    public synchronized EvaluationReport report(Long params, Long macs, boolean done) {
        List<ClassRow> rows = new ArrayList<>();
        for (Map.Entry<Integer, String> e : folderOf.entrySet()) {
            int c = e.getKey();
            rows.add(
                    new ClassRow(
                            c,
                            labels.get(c),
                            e.getValue(),
                            classImages[c],
                            classTop1[c],
                            classTop5[c]));
        }
        List<ConfusedPair> pairs = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : wrong.entrySet()) {
            int t = (int) (e.getKey() / labels.size());
            int p = (int) (e.getKey() % labels.size());
            long n = e.getValue()[0];
            pairs.add(
                    new ConfusedPair(
                            t, labels.get(t), p, labels.get(p), n, (double) n / classImages[t]));
        }
        pairs.sort(
                (a, b) ->
                        a.count() != b.count()
                                ? Long.compare(b.count(), a.count())
                                : a.trueClass() != b.trueClass()
                                        ? Integer.compare(a.trueClass(), b.trueClass())
                                        : Integer.compare(a.predicted(), b.predicted()));
        double ece = 0;
        List<ReliabilityBin> bins = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            long n = binCount[b];
            double conf = n == 0 ? Double.NaN : binConfidence[b] / n;
            double acc = n == 0 ? Double.NaN : (double) binCorrect[b] / n;
            if (n > 0) {
                ece += (double) n / images * Math.abs(acc - conf);
            }
            bins.add(new ReliabilityBin((double) b / BINS, (double) (b + 1) / BINS, n, conf, acc));
        }
        return new EvaluationReport(
                model,
                timm,
                weights,
                images,
                failures.size(),
                Wilson.rate(top1, images),
                Wilson.rate(top5, images),
                rows,
                pairs.subList(0, Math.min(CONFUSED_SHOWN, pairs.size())),
                matrix(),
                images == 0 ? Double.NaN : ece,
                bins,
                new ModelCost(params, macs, medianLatency()),
                failures,
                done);
    }

    private ConfusionMatrix matrix() {
        if (folderOf.isEmpty() || folderOf.size() > EvaluationReport.MATRIX_MAX_CLASSES) {
            return null;
        }
        List<Integer> classes = new ArrayList<>(folderOf.keySet());
        Map<Integer, Integer> column = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            column.put(classes.get(i), i);
        }
        long[][] counts = new long[classes.size()][classes.size() + 1];
        for (int r = 0; r < classes.size(); r++) {
            counts[r][r] = classTop1[classes.get(r)];
        }
        for (Map.Entry<Long, long[]> e : wrong.entrySet()) {
            int t = (int) (e.getKey() / labels.size());
            int p = (int) (e.getKey() % labels.size());
            counts[column.get(t)][column.getOrDefault(p, classes.size())] += e.getValue()[0];
        }
        return new ConfusionMatrix(classes, classes.stream().map(labels::get).toList(), counts);
    }

    private double medianLatency() {
        if (latencyCount == 0) {
            return Double.NaN;
        }
        float[] s = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(s);
        int m = latencyCount / 2;
        return latencyCount % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2.0;
    }
}
