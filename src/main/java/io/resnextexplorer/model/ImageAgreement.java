package io.resnextexplorer.model;

import java.util.List;

/**
 * How 2..4 models agree on one image. Index i in every array is {@code models.get(i)}.
 *
 * @param models model ids, in column order
 * @param untrained per model, whether its weights are untrained (its answers are not predictions)
 * @param top1 per model, its top-1 class
 * @param sameTop1 whether every model has the same top-1 class index
 * @param top5Overlap [i][j] = classes shared by model i's and model j's top-5 (5 on the diagonal,
 *     fewer when a model has fewer classes)
 * @param commonTop5 classes in every model's top-5
 * @param comparable whether the models share one class space (same number of classes), so that
 *     divergence and ranks mean something; false leaves those null
 * @param jsdBits Jensen-Shannon divergence between all the softmax distributions (equal weights,
 *     log base 2: 0 = identical, at most log2(n) bits); null when not comparable
 * @param pairwiseJsdBits [i][j] = Jensen-Shannon divergence of models i and j in bits (0..1); null
 *     when not comparable
 * @param rankOfTop1 [i][j] = rank (1 = first) that model i gives to model j's top-1 class; null
 *     when not comparable
 * @param costs per model: params, MACs, latency of this run
 * @param note remarks a reader must see (untrained weights, class spaces that differ), or ""
 */
public record ImageAgreement(
        List<String> models,
        List<Boolean> untrained,
        List<Prediction> top1,
        boolean sameTop1,
        int[][] top5Overlap,
        int commonTop5,
        boolean comparable,
        Double jsdBits,
        double[][] pairwiseJsdBits,
        int[][] rankOfTop1,
        List<ModelCost> costs,
        String note) {
    public ImageAgreement {
        models = List.copyOf(models);
        untrained = List.copyOf(untrained);
        top1 = List.copyOf(top1);
        costs = List.copyOf(costs);
    }

    public boolean anyUntrained() {
        return untrained.contains(Boolean.TRUE);
    }
}
