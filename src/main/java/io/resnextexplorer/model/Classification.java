package io.resnextexplorer.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of classifying one image with one model.
 *
 * @param top the k most probable classes, most probable first
 * @param logits all raw outputs (length = number of classes), or null when not requested
 * @param outputs extra outputs asked for by role (e.g. "features" for heatmaps), one image's slice
 *     each (batch dimension 1); empty when none were asked for
 * @param timings time spent per step
 * @param provider execution provider that ran the model ("CPU" or "CUDA")
 */
public record Classification(
        List<Prediction> top,
        float[] logits,
        Map<String, Tensor> outputs,
        Timings timings,
        String provider) {
    /**
     * The role of the pooled pre-logits features ([1, C], the global average of the final feature
     * map) among {@link #outputs()}; derived from the "features" output, not a graph output itself.
     */
    public static final String EMBEDDING = "embedding";

    public Classification {
        top = List.copyOf(top);
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** The pooled pre-logits features (length C, 2048 for ResNeXt-50/101), or null. */
    public float[] embedding() {
        Tensor t = outputs.get(EMBEDDING);
        return t == null ? null : t.data();
    }

    public Prediction top1() {
        return top.get(0);
    }

    public Classification withTimings(Timings t) {
        return new Classification(top, logits, outputs, t, provider);
    }
}
