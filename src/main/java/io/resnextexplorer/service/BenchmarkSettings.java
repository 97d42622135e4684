package io.resnextexplorer.service;

import io.resnextexplorer.model.ExecutionProvider;
import java.nio.file.Path;

/**
 * What {@link BenchmarkService} measures and how.
 *
 * @param model the ONNX file
 * @param image an image file, or null for a synthetic 640x480 JPEG made in memory
 * @param runs timed runs (at least 1)
 * @param warmup untimed runs before them (ONNX Runtime plans memory and JITs kernels on the first
 *     runs)
 * @param threads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core)
 * @param batch images per inference call (the same preprocessed image repeated)
 * @param provider where to run
 * @param optimizedModels the optimized-model cache the app uses (its loads are timed as the app
 *     does them), or null to time loads without one
 */
public record BenchmarkSettings(
        Path model,
        Path image,
        int runs,
        int warmup,
        int threads,
        int batch,
        ExecutionProvider provider,
        Path optimizedModels) {
    public BenchmarkSettings {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        if (warmup < 0 || threads < 0) {
            throw new IllegalArgumentException("warm-up and threads must be >= 0");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1");
        }
    }
}
