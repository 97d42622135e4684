package io.resnextexplorer.inference;

import java.nio.file.Path;

/**
 * ONNX Runtime session options, in one place so the window, the CLI and the benchmark build
 * sessions the same way and the benchmark can vary them.
 *
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose (one per core)
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
 * @param memoryPattern pre-plan activation memory for repeated runs of the same input shape
 * @param cpuArena use ONNX Runtime's CPU memory arena (faster runs, memory kept until close)
 * @param optimizedModels folder of ONNX Runtime-optimized copies for CPU sessions (see {@link
 *     OptimizedModelCache}), or null to optimize at every load
 */
public record InferenceOptions(
        int intraOpThreads,
        int interOpThreads,
        boolean memoryPattern,
        boolean cpuArena,
        Path optimizedModels) {
    public InferenceOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0");
        }
    }

    public InferenceOptions(
            int intraOpThreads, int interOpThreads, boolean memoryPattern, boolean cpuArena) {
        this(intraOpThreads, interOpThreads, memoryPattern, cpuArena, null);
    }

    /** ONNX Runtime's own defaults: threads per core, memory pattern and arena on; no cache. */
    public static InferenceOptions defaults() {
        return new InferenceOptions(0, 0, true, true);
    }

    /** The same options with optimized copies kept in {@code folder} (null: none). */
    public InferenceOptions withOptimizedModels(Path folder) {
        return new InferenceOptions(
                intraOpThreads, interOpThreads, memoryPattern, cpuArena, folder);
    }
}
