package io.resnextexplorer.model;

/**
 * What one model costs, for showing beside its answers.
 *
 * @param params parameters of the source model (exact count), else ONNX initializer elements; null
 *     when unknown
 * @param macs multiply-accumulates of one forward pass at the model's input size, batch 1; null
 *     when unknown
 * @param latencyMs measured inference time in milliseconds (one image; for a folder the median per
 *     image); NaN when nothing was measured
 */
public record ModelCost(Long params, Long macs, double latencyMs) {}
