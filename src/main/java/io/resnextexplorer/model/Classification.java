package io.resnextexplorer.model;

import java.util.List;

/**
 * The result of classifying one image with one model.
 *
 * @param top the k most probable classes, most probable first
 * @param logits all raw outputs (length = number of classes), or null when not requested
 * @param timings time spent per step
 * @param provider execution provider that ran the model ("CPU" or "CUDA")
 */
public record Classification(
        List<Prediction> top, float[] logits, Timings timings, String provider) {
    public Classification {
        top = List.copyOf(top);
    }

    public Prediction top1() {
        return top.get(0);
    }
}
