package io.resnextexplorer.model;

import java.util.List;

/**
 * How 2..4 models agree over a folder of images: one row per image, and pairwise top-1 agreement.
 *
 * @param models model ids, in column order
 * @param untrained per model, whether its weights are untrained
 * @param rows one per image, in input order
 * @param bothOk [i][j] = images that models i and j both classified
 * @param agreed [i][j] = of those, images where their top-1 classes are equal
 * @param disagreements rows whose models do not all give the same top-1
 */
public record FolderAgreement(
        List<String> models,
        List<Boolean> untrained,
        List<Row> rows,
        int[][] bothOk,
        int[][] agreed,
        int disagreements) {
    public FolderAgreement {
        models = List.copyOf(models);
        untrained = List.copyOf(untrained);
        rows = List.copyOf(rows);
    }

    /**
     * Median inference time of one image with model {@code m}, in ms, over the images it classified
     * in this run (session.run with the tensor copies, as the column's latency); NaN when none.
     */
    public double medianInferenceMs(int m) {
        double[] ms =
                rows.stream()
                        .mapToDouble(r -> r.cells().get(m).inferenceMs())
                        .filter(v -> !Double.isNaN(v))
                        .sorted()
                        .toArray();
        if (ms.length == 0) {
            return Double.NaN;
        }
        int h = ms.length / 2;
        return ms.length % 2 == 1 ? ms[h] : (ms[h - 1] + ms[h]) / 2;
    }

    /**
     * How many times faster model {@code m} ran than model A (the first) in this run, by their
     * median ms per image; NaN for A itself or when either has no time.
     */
    public double speedVsFirst(int m) {
        return m == 0 ? Double.NaN : medianInferenceMs(0) / medianInferenceMs(m);
    }

    /** Pairwise top-1 agreement in 0..1, NaN when the pair has no image in common. */
    public double agreement(int i, int j) {
        return bothOk[i][j] == 0 ? Double.NaN : (double) agreed[i][j] / bothOk[i][j];
    }

    /**
     * One image: each model's top-1 (or its error).
     *
     * @param image image identity (absolute path, URL, ...)
     * @param name short name
     * @param cells one per model, in column order
     * @param disagree whether the models that classified it do not all give the same top-1
     */
    public record Row(String image, String name, List<Cell> cells, boolean disagree) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /**
     * One model's answer for one image.
     *
     * @param top1 the top-1 class, null when failed
     * @param error why it failed, null when it worked
     * @param inferenceMs this image's inference time with this model, ms; NaN when failed or not
     *     measured
     */
    public record Cell(Prediction top1, String error, double inferenceMs) {
        /** A cell without a time. */
        public Cell(Prediction top1, String error) {
            this(top1, error, Double.NaN);
        }

        public boolean ok() {
            return top1 != null;
        }
    }
}
