package io.resnextexplorer.service;

import java.util.List;

/**
 * What one benchmark run measured. All times in milliseconds of wall-clock time.
 *
 * @param modelId the model's id (its metadata, else the file name)
 * @param untrained whether the weights are random-init (timing does not depend on the weights)
 * @param providerUsed where the model ran
 * @param image the image's name ("synthetic 640x480 JPEG" when none was given)
 * @param imageWidth decoded width in pixels
 * @param imageHeight decoded height in pixels
 * @param settings what was asked
 * @param sessionColdMs creating the first session in this process as the app does (includes ONNX
 *     Runtime's one-time start-up; from the optimized copy when the cache has one)
 * @param coldFromCache whether that first session came from the optimized-model cache
 * @param sessionWarmMs creating a session for the same file again (from the cache when there is
 *     one)
 * @param sessionUncachedMs creating a session from the model file itself, optimizing it (as every
 *     load did without the cache)
 * @param stages per-stage figures in pipeline order: decode, preprocess, inference, postprocess,
 *     total (decode and preprocess per image, inference and postprocess per batch)
 * @param alternating inference of two sessions of the model run in turn (as compare runs its
 *     models): about {@code inference} when they do not get in each other's way
 * @param imagesPerSecond batch size divided by the median inference time
 * @param peakRssBytes the process's peak resident set size after the first load and the runs
 *     (before the warm and uncached loads), or -1 where the OS does not say
 */
public record BenchmarkReport(
        String modelId,
        boolean untrained,
        String providerUsed,
        String image,
        int imageWidth,
        int imageHeight,
        BenchmarkSettings settings,
        double sessionColdMs,
        boolean coldFromCache,
        double sessionWarmMs,
        double sessionUncachedMs,
        List<Stage> stages,
        Stage alternating,
        double imagesPerSecond,
        long peakRssBytes) {

    public BenchmarkReport {
        stages = List.copyOf(stages);
    }

    /** min / median / 95th percentile (nearest rank) of one stage over the timed runs. */
    public record Stage(String name, double minMs, double medianMs, double p95Ms) {
        static Stage of(String name, double[] samplesMs) {
            double[] s = samplesMs.clone();
            java.util.Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            int p95 = Math.max(0, (int) Math.ceil(0.95 * n) - 1);
            return new Stage(name, s[0], median, s[p95]);
        }
    }

    /** The figures of the stage with this name. */
    public Stage stage(String name) {
        return stages.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + name));
    }
}
