package io.resnextexplorer.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.metadata.MetadataKeys;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.onnx.OnnxGraphReader;
import io.resnextexplorer.onnx.OnnxHeadReplacer;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.service.LogisticRegression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * "Your own classes": a linear probe on a model's pooled features. Reads a folder with one
 * sub-folder per class, extracts each image's features once (through the {@link SessionCore}, so
 * images already classified are not run again), trains {@link LogisticRegression} on a held-out
 * split, and writes a new self-describing ONNX: the same backbone, the new head, its labels and how
 * it was made. Slow: call off the FX thread.
 */
public final class HeadTrainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadTrainer() {}

    /**
     * Images by class: class names are the sub-folder names (sorted), images found by content in
     * each (recursively).
     */
    public record Dataset(Path folder, List<String> classes, List<List<Path>> images) {
        public int total() {
            return images.stream().mapToInt(List::size).sum();
        }
    }

    /**
     * What was trained and how well.
     *
     * @param imagesPerClass images used per class (failed ones left out)
     * @param failures "image: reason" for images that gave no features
     */
    public record Report(
            String baseId,
            Path baseFile,
            boolean baseUntrained,
            List<String> classes,
            int[] imagesPerClass,
            LogisticRegression.Result fit,
            LogisticRegression.Settings settings,
            List<String> failures) {}

    /**
     * @throws IllegalArgumentException in words, when the folder has fewer than 2 class folders or
     *     a class has fewer than 2 images
     */
    public static Dataset scan(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(
                    folder + " is not a folder (give one sub-folder of images per class)");
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(folder)) {
            dirs =
                    s.filter(Files::isDirectory)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted()
                            .toList();
        }
        List<String> classes = new ArrayList<>();
        List<List<Path>> images = new ArrayList<>();
        for (Path d : dirs) {
            List<Path> found = ImageFiles.expand(List.of(d)).images();
            if (found.isEmpty()) {
                continue;
            }
            if (found.size() < 2) {
                throw new IllegalArgumentException(
                        "class '"
                                + d.getFileName()
                                + "' has only 1 image; each class needs at least 2 (about 10"
                                + " is better)");
            }
            classes.add(d.getFileName().toString());
            images.add(found);
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException(
                    folder
                            + " has "
                            + classes.size()
                            + " class folder(s) with images; give at least 2 sub-folders, one per"
                            + " class, each with images");
        }
        return new Dataset(folder, classes, images);
    }

    /**
     * Extracts the features of every image (the session core's cached results where there are some)
     * and trains the head.
     *
     * @param progress told (images done, images in all) after each image, on the calling thread
     * @throws IllegalArgumentException when the model has no feature map, or too few images are
     *     left after failures
     */
    public static Report train(
            SessionCore core,
            LoadedModel model,
            Dataset data,
            LogisticRegression.Settings settings,
            BiConsumer<Integer, Integer> progress) {
        if (!SessionCore.hasEmbeddings(model)) {
            throw new IllegalArgumentException(Messages.noFeatures(model.info().id()));
        }
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int[] perClass = new int[data.classes().size()];
        int done = 0;
        int total = data.total();
        for (int k = 0; k < data.classes().size(); k++) {
            for (Path p : data.images().get(k)) {
                ImageResult r = core.classify(ImageSource.file(p), model);
                if (r.ok() && r.classification().embedding() != null) {
                    x.add(r.classification().embedding());
                    y.add(k);
                    perClass[k]++;
                } else {
                    failures.add(p + ": " + (r.ok() ? "no features" : r.error()));
                }
                progress.accept(++done, total);
            }
        }
        LogisticRegression.Result fit =
                LogisticRegression.train(
                        x.toArray(float[][]::new),
                        y.stream().mapToInt(Integer::intValue).toArray(),
                        data.classes().size(),
                        settings);
        return new Report(
                model.info().id(),
                model.info().file(),
                model.info().weights().untrained(),
                data.classes(),
                perClass,
                fit,
                settings,
                failures);
    }

    /**
     * Writes the backbone of {@code report.baseFile()} with the trained head to {@code out}, then
     * checks it with ONNX Runtime: it loads, and its logits for a test input equal the head applied
     * to its own features in Java. A file that fails the check is deleted.
     *
     * @param producerVersion the app version recorded in the file
     * @throws IOException when it cannot be written, or it fails the check (the message says how)
     */
    public static void write(Report report, LoadedModel base, Path out, String producerVersion)
            throws IOException {
        Path file = base.info().file();
        String features = base.info().outputRoles().features();
        Map<String, String> metadata = metadata(report, base, out);
        OnnxHeadReplacer.write(
                file,
                features,
                report.fit().weight(),
                report.fit().bias(),
                metadata,
                producerVersion,
                out);
        try {
            check(out, report);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(out);
            throw new IOException(
                    "the written model failed its check and was deleted: " + e.getMessage(), e);
        }
    }

    private static void check(Path out, Report report) throws IOException {
        ClassificationService service = new ClassificationService();
        try (LoadedModel m = service.load(out, ExecutionProvider.CPU)) {
            var spec = m.info().preprocess();
            io.resnextexplorer.model.RgbImage probe =
                    probeImage(spec.inputWidth() + 7, spec.inputHeight() + 5);
            var c =
                    service.classify(
                            m,
                            probe,
                            report.classes().size(),
                            true,
                            List.of(io.resnextexplorer.model.Classification.EMBEDDING));
            float[] e = c.embedding();
            float[] logits = c.logits();
            if (e == null || logits == null || logits.length != report.classes().size()) {
                throw new IOException(
                        "it does not give " + report.classes().size() + " logits and features");
            }
            double maxDiff = 0;
            double scale = 1;
            for (int k = 0; k < logits.length; k++) {
                double expected =
                        LogisticRegression.logit(
                                report.fit().weight()[k], report.fit().bias()[k], e);
                maxDiff = Math.max(maxDiff, Math.abs(expected - logits[k]));
                scale = Math.max(scale, Math.abs(expected));
            }
            if (!(maxDiff <= 1e-4 * scale)) {
                throw new IOException(
                        String.format(
                                Locale.ROOT,
                                "its logits differ from features x W + b by %.3g",
                                maxDiff));
            }
        }
    }

    /** A deterministic test picture with structure (gradients), so features are not constant. */
    private static io.resnextexplorer.model.RgbImage probeImage(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int i = (yy * w + xx) * 3;
                rgb[i] = (byte) (255 * xx / w);
                rgb[i + 1] = (byte) (255 * yy / h);
                rgb[i + 2] = (byte) (((xx / 8 + yy / 8) % 2) * 255);
            }
        }
        return new io.resnextexplorer.model.RgbImage(w, h, rgb);
    }

    static Map<String, String> metadata(Report report, LoadedModel base, Path out)
            throws IOException {
        Map<String, String> src = OnnxGraphReader.readProperties(base.info().file()).metadata();
        Map<String, String> m = new LinkedHashMap<>(src);
        String id = out.getFileName().toString();
        id = id.toLowerCase(Locale.ROOT).endsWith(".onnx") ? id.substring(0, id.length() - 5) : id;
        m.put(MetadataKeys.SCHEMA, src.getOrDefault(MetadataKeys.SCHEMA, "1"));
        m.put(MetadataKeys.ID, id);
        // Published figures and the pretrained tag describe the base's own head, not this one.
        m.remove(MetadataKeys.CARD);
        m.remove(MetadataKeys.SOURCE_PARAMS);
        m.remove(MetadataKeys.SOURCE_MACS);
        m.put(MetadataKeys.TIMM_TAG, "");
        if (!m.containsKey(MetadataKeys.TIMM_NAME)) {
            m.put(
                    MetadataKeys.TIMM_NAME,
                    base.info().timmName() == null ? "" : base.info().timmName());
        }
        m.put(MetadataKeys.NUM_CLASSES, Integer.toString(report.classes().size()));
        ArrayNode labels = JSON.createArrayNode();
        report.classes().forEach(labels::add);
        m.put(MetadataKeys.LABELS, labels.toString());
        if (!m.containsKey(MetadataKeys.PREPROCESS)) {
            // A plain base file's defaults were guessed; write them down so the new file says
            // what it was trained with.
            var pp = base.info().preprocess();
            ObjectNode p = JSON.createObjectNode();
            p.putArray("input_size").add(3).add(pp.inputHeight()).add(pp.inputWidth());
            p.put("interpolation", pp.interpolation().name().toLowerCase(Locale.ROOT));
            p.put("crop_pct", pp.cropPct());
            p.put("crop_mode", "center");
            ArrayNode mean = p.putArray("mean");
            for (double v : pp.mean()) {
                mean.add(v);
            }
            ArrayNode std = p.putArray("std");
            for (double v : pp.std()) {
                std.add(v);
            }
            m.put(MetadataKeys.PREPROCESS, p.toString());
        }
        ObjectNode outputs = JSON.createObjectNode();
        outputs.put(OutputRoles.LOGITS, "logits");
        outputs.put(OutputRoles.FEATURES, base.info().outputRoles().features());
        m.put(MetadataKeys.OUTPUTS, outputs.toString());

        ObjectNode w = JSON.createObjectNode();
        w.put("kind", "linear-probe");
        w.put("base_model", report.baseId());
        w.put("base_file", report.baseFile().getFileName().toString());
        JsonNode baseWeights = JSON.createObjectNode().put("kind", "unknown");
        String raw = src.get(MetadataKeys.WEIGHTS);
        if (raw != null) {
            baseWeights = JSON.readTree(raw);
        }
        w.set("base_weights", baseWeights);
        ArrayNode cls = w.putArray("classes");
        report.classes().forEach(cls::add);
        ObjectNode per = w.putObject("images_per_class");
        for (int k = 0; k < report.classes().size(); k++) {
            per.put(report.classes().get(k), report.imagesPerClass()[k]);
        }
        w.put("training_images", report.fit().split().train().length);
        w.put("validation_images", report.fit().split().validation().length);
        w.put("validation_accuracy", report.fit().validationAccuracy());
        w.put("train_accuracy", report.fit().trainAccuracy());
        w.put("method", "multinomial logistic regression, L2, early stopping on validation loss");
        w.put("l2", report.settings().l2());
        w.put("epochs", report.fit().bestEpoch());
        w.put("seed", report.settings().seed());
        m.put(MetadataKeys.WEIGHTS, w.toString());
        return m;
    }

    /** The report for people: classes, images, accuracy, confusion matrix, untrained warning. */
    public static String summary(Report r) {
        StringBuilder sb = new StringBuilder();
        LogisticRegression.Result f = r.fit();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Linear probe on %s features: %d classes, %d images (%d to train, %d held"
                                + " out)%n",
                        r.baseId(),
                        r.classes().size(),
                        f.split().train().length + f.split().validation().length,
                        f.split().train().length,
                        f.split().validation().length));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Validation accuracy %.1f %% (train %.1f %%), stopped after %d steps"
                                + " (best at %d)%n",
                        100 * f.validationAccuracy(),
                        100 * f.trainAccuracy(),
                        f.epochs(),
                        f.bestEpoch()));
        if (r.baseUntrained()) {
            sb.append(
                    "UNTRAINED base weights (random-init): this head is built on features of"
                            + " random weights; its outputs are not predictions\n");
        }
        sb.append("Confusion matrix (held-out images; rows = true class, columns = predicted):\n");
        int width = 6;
        for (String c : r.classes()) {
            width = Math.max(width, Math.min(c.length(), 16) + 1);
        }
        sb.append(String.format(Locale.ROOT, "%" + width + "s", ""));
        for (int k = 0; k < r.classes().size(); k++) {
            sb.append(String.format(Locale.ROOT, "%" + width + "s", "[" + k + "]"));
        }
        sb.append('\n');
        for (int t = 0; t < r.classes().size(); t++) {
            String name = r.classes().get(t);
            name = name.length() > 16 ? name.substring(0, 16) : name;
            sb.append(String.format(Locale.ROOT, "%-" + width + "s", "[" + t + "]"));
            for (int p = 0; p < r.classes().size(); p++) {
                sb.append(String.format(Locale.ROOT, "%" + width + "d", f.confusion()[t][p]));
            }
            sb.append("  ").append(name).append('\n');
        }
        for (String failure : r.failures()) {
            sb.append("left out: ").append(failure).append('\n');
        }
        return sb.toString();
    }
}
