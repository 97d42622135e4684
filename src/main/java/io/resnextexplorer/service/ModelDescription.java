package io.resnextexplorer.service;

import io.resnextexplorer.model.ModelInfo;

/**
 * What a model file says about itself, read from its graph and metadata without ONNX Runtime.
 *
 * @param info the model as the app would load it, or null when it is not an image classifier
 * @param notClassifier why it cannot classify (in words), or null
 */
public record ModelDescription(ModelInfo info, String notClassifier) {}
