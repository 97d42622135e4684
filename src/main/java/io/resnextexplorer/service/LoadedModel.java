package io.resnextexplorer.service;

import io.resnextexplorer.inference.OnnxClassifier;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.preprocess.Preprocessor;

/**
 * A model ready to classify: its ONNX Runtime session, what its file says about it, and the
 * preprocessing built from that. Close it to free the session's native memory.
 */
public final class LoadedModel implements AutoCloseable {
    private final OnnxClassifier classifier;
    private final ModelInfo info;
    private final Preprocessor preprocessor;
    private final HeatmapSupport heatmap;

    LoadedModel(
            OnnxClassifier classifier,
            ModelInfo info,
            Preprocessor preprocessor,
            HeatmapSupport heatmap) {
        this.classifier = classifier;
        this.info = info;
        this.preprocessor = preprocessor;
        this.heatmap = heatmap;
    }

    /** Whether this model can draw heatmaps (and if not, why). */
    public HeatmapSupport heatmap() {
        return heatmap;
    }

    public ModelInfo info() {
        return info;
    }

    /** The file and the provider it was asked for (the registry's key). */
    public ModelKey key() {
        return new ModelKey(info.file(), classifier.provider().requested());
    }

    public ProviderStatus provider() {
        return classifier.provider();
    }

    OnnxClassifier classifier() {
        return classifier;
    }

    Preprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
