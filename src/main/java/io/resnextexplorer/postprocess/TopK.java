package io.resnextexplorer.postprocess;

import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelOutputs;
import io.resnextexplorer.model.Postprocessor;
import io.resnextexplorer.model.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * Softmax over all logits, then the k most probable classes: the classifier's post-processor.
 * Softmax runs in double, shifted by the max logit, so it neither overflows nor loses the small
 * probabilities; ties are broken by the lower class index, as torch.topk does on CPU.
 */
public final class TopK implements Postprocessor<List<Prediction>> {
    private final int k;

    /**
     * @param k how many classes, clamped to 1..number of classes
     */
    public TopK(int k) {
        this.k = k;
    }

    @Override
    public List<Prediction> process(ModelOutputs outputs, ModelInfo model, int item) {
        return of(outputs.logits().item(item), model.labels(), k);
    }

    /**
     * @param logits one image's logits, length = number of classes
     * @param labels class names in index order
     * @throws NonFiniteOutputException when a logit is NaN or infinite (no bar may show NaN)
     */
    public static List<Prediction> of(float[] logits, List<String> labels, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            if (!Float.isFinite(l)) {
                throw new NonFiniteOutputException(
                        "the model produced " + (Float.isNaN(l) ? "NaN" : "an infinite value"));
            }
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        int n = Math.min(Math.max(k, 1), logits.length);
        List<Integer> order = new ArrayList<>(logits.length);
        for (int i = 0; i < logits.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : a - b);
        List<Prediction> top = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            int i = order.get(r);
            top.add(new Prediction(i, labels.get(i), Math.exp(logits[i] - max) / sum, logits[i]));
        }
        return top;
    }
}
