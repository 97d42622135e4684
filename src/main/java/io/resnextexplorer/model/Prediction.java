package io.resnextexplorer.model;

/**
 * One class of a model's output.
 *
 * @param index class index in the model's output vector
 * @param label human-readable class name
 * @param probability softmax probability in [0, 1]
 * @param logit the raw output before softmax
 */
public record Prediction(int index, String label, double probability, float logit) {}
