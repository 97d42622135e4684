package io.resnextexplorer.service;

import io.resnextexplorer.imageio.DecodedImage;
import io.resnextexplorer.imageio.ImageDecoder;
import io.resnextexplorer.imageio.ImageReadException;
import io.resnextexplorer.inference.InferenceException;
import io.resnextexplorer.inference.InferenceOptions;
import io.resnextexplorer.metadata.MetadataException;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelOutputs;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.postprocess.TopK;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Times the classify path stage by stage, the way the window and the CLI run it: decode (from bytes
 * already in memory, so the disk is not timed), preprocess (PIL-exact resize, crop, normalize),
 * inference (tensor creation, {@code session.run}, copying the logits out) and post-process
 * (softmax + top-5). Slow by design: call it off the FX thread, on a big-stack thread (it opens
 * native sessions).
 */
public final class BenchmarkService {
    /** The stage names, in pipeline order, as reports and the CLI print them. */
    public static final List<String> STAGES =
            List.of("decode", "preprocess", "inference", "postprocess", "total");

    private final ImageDecoder decoder = new ImageDecoder();
    private final ClassificationService classification = new ClassificationService(decoder);

    /**
     * Runs the benchmark.
     *
     * @throws BenchmarkFailedException when the image cannot be read or decoded, or the model
     *     cannot be opened or run (e.g. a batch larger than a fixed-batch model takes), with the
     *     reason in words
     */
    public BenchmarkReport run(BenchmarkSettings s) {
        try {
            return measure(s);
        } catch (ImageReadException e) {
            throw new BenchmarkFailedException("the image: " + e.getMessage(), e);
        } catch (InferenceException | MetadataException e) {
            throw new BenchmarkFailedException(e.getMessage(), e);
        }
    }

    private BenchmarkReport measure(BenchmarkSettings s) throws ImageReadException {
        byte[] bytes;
        String imageName;
        try {
            bytes = s.image() == null ? syntheticJpeg(640, 480) : Files.readAllBytes(s.image());
        } catch (IOException e) {
            throw new BenchmarkFailedException(
                    "could not read " + s.image() + ": " + e.getMessage(), e);
        }
        imageName = s.image() == null ? "synthetic 640x480 JPEG" : s.image().toString();
        DecodedImage first = decoder.decode(bytes, imageName);

        InferenceOptions uncached = new InferenceOptions(s.threads(), 0, true, true);
        InferenceOptions options = uncached.withOptimizedModels(s.optimizedModels());
        // The runs use the first session, so the peak RSS read after them is that of a process
        // that loads the model once and classifies, as the CLI does; the loads timed afterwards
        // do not count in it.
        long t0 = System.nanoTime();
        double coldMs;
        boolean coldFromCache;
        String modelId;
        boolean untrained;
        String providerUsed;
        List<BenchmarkReport.Stage> stages = new ArrayList<>();
        long peakRss;
        try (LoadedModel model = classification.load(s.model(), s.provider(), options)) {
            coldMs = ms(System.nanoTime() - t0);
            coldFromCache = model.classifier().fromOptimizedCopy();
            modelId = model.info().id();
            untrained = model.info().weights().untrained();
            providerUsed = model.provider().used().name();
            for (int i = 0; i < s.warmup(); i++) {
                once(model, bytes, imageName, s.batch());
            }
            double[][] samples = new double[STAGES.size()][s.runs()];
            for (int r = 0; r < s.runs(); r++) {
                double[] t = once(model, bytes, imageName, s.batch());
                double total = 0;
                for (int k = 0; k < t.length; k++) {
                    samples[k][r] = t[k];
                    total += t[k];
                }
                samples[STAGES.size() - 1][r] = total;
            }
            for (int k = 0; k < STAGES.size(); k++) {
                stages.add(BenchmarkReport.Stage.of(STAGES.get(k), samples[k]));
            }
            peakRss = ProcessMemory.peakRssBytes();
        }
        // Two sessions of the model run in turn, as compare and evaluate run their models: each
        // must not find the other's threads in its way (see OnnxClassifier's shared pool).
        t0 = System.nanoTime();
        double warmMs;
        BenchmarkReport.Stage alternating;
        try (LoadedModel a = classification.load(s.model(), s.provider(), options);
                LoadedModel b = classification.load(s.model(), s.provider(), options)) {
            warmMs = ms(System.nanoTime() - t0) / 2;
            alternating = alternate(a, b, bytes, imageName, s);
        }
        t0 = System.nanoTime();
        try (LoadedModel plain = classification.load(s.model(), s.provider(), uncached)) {
            // only its creation is timed
        }
        double uncachedMs = ms(System.nanoTime() - t0);
        double inferenceMedian = stages.get(2).medianMs();
        return new BenchmarkReport(
                modelId,
                untrained,
                providerUsed,
                imageName,
                first.image().width(),
                first.image().height(),
                s,
                coldMs,
                coldFromCache,
                warmMs,
                uncachedMs,
                stages,
                alternating,
                s.batch() * 1000.0 / inferenceMedian,
                peakRss);
    }

    /** Inference times of {@code a} and {@code b} run in turn, after a warm-up of each. */
    private BenchmarkReport.Stage alternate(
            LoadedModel a, LoadedModel b, byte[] bytes, String name, BenchmarkSettings s)
            throws ImageReadException {
        for (int i = 0; i < s.warmup(); i++) {
            once(a, bytes, name, s.batch());
            once(b, bytes, name, s.batch());
        }
        double[] samples = new double[2 * s.runs()];
        for (int r = 0; r < s.runs(); r++) {
            samples[2 * r] = once(a, bytes, name, s.batch())[2];
            samples[2 * r + 1] = once(b, bytes, name, s.batch())[2];
        }
        return BenchmarkReport.Stage.of("alternating", samples);
    }

    /** One pass of the pipeline; returns decode, preprocess, inference, postprocess in ms. */
    private double[] once(LoadedModel model, byte[] bytes, String name, int batch)
            throws ImageReadException {
        ModelInfo info = model.info();
        PreprocessSpec spec = info.preprocess();
        long t0 = System.nanoTime();
        DecodedImage decoded = decoder.decode(bytes, name);
        long t1 = System.nanoTime();
        float[] one = model.preprocessor().preprocess(decoded.image());
        float[] input = one;
        if (batch > 1) {
            input = new float[one.length * batch];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(one, 0, input, b * one.length, one.length);
            }
        }
        long t2 = System.nanoTime();
        ModelOutputs outputs =
                new ModelOutputs(
                        model.classifier()
                                .run(
                                        input,
                                        batch,
                                        spec.inputHeight(),
                                        spec.inputWidth(),
                                        ClassificationService.outputsToFetch(model, List.of())),
                        info.outputRoles());
        long t3 = System.nanoTime();
        TopK topK = new TopK(5);
        for (int b = 0; b < batch; b++) {
            topK.process(outputs, info, b);
        }
        if (model.heatmap().available()) {
            HeatmapLoader.keep(outputs, model.heatmap()); // as classification keeps them
        }
        long t4 = System.nanoTime();
        return new double[] {ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3)};
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /**
     * A photo-like JPEG (smooth gradients plus noise, so the entropy decoder does real work),
     * always the same for the same size.
     */
    static byte[] syntheticJpeg(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(255 * x / width + random.nextInt(41) - 20);
                int g = clamp(255 * y / height + random.nextInt(41) - 20);
                int b = clamp(128 + (int) (90 * Math.sin((x + y) / 37.0)) + random.nextInt(21));
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
