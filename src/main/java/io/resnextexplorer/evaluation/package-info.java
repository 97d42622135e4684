/**
 * The arithmetic of comparing and evaluating models, free of JavaFX and ONNX Runtime: softmax,
 * Jensen-Shannon divergence, ranks, Wilson intervals, calibration bins, streaming accumulators for
 * evaluation and folder agreement, and matching ImageFolder sub-folders to a model's classes.
 */
package io.resnextexplorer.evaluation;
