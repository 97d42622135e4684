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
     */
    public record Cell(Prediction top1, String error) {
        public boolean ok() {
            return top1 != null;
        }
    }
}
