package io.resnextexplorer.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelSignature;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.Quantization;
import io.resnextexplorer.model.WeightsOrigin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a model file's metadata_props and signature into a {@link ModelInfo}. Files without our
 * metadata get stated defaults (224, bicubic, crop 0.875, ImageNet mean/std, ImageNet labels for
 * 1000 classes, else "class N"), each listed in {@link ModelInfo#defaulted()}.
 */
public final class ModelMetadataReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Loads what the first read needs (the JSON parser's classes, the ImageNet labels): ~150 ms
     * that the window's first model load would otherwise spend.
     */
    public static void warmUp() {
        try {
            JSON.readTree("{\"warm\": [1, 2.5, \"up\", {\"a\": null}]}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ImageNetLabels.get();
    }

    private ModelMetadataReader() {}

    /**
     * @param file the model file (for its name and size)
     * @param fileSize size of the file in bytes
     * @param metadata the file's metadata_props
     * @param signature the file's image input and outputs, the input already checked to be NCHW
     *     with 3 channels by the caller
     * @param opset default-domain opset, or null if unknown
     * @throws MetadataException when our metadata is present but malformed, or the graph has no [N,
     *     classes] output
     */
    public static ModelInfo read(
            Path file,
            long fileSize,
            Map<String, String> metadata,
            ModelSignature signature,
            Long opset) {
        Set<String> defaulted = new LinkedHashSet<>();
        int schema = intValue(metadata, MetadataKeys.SCHEMA, 0);
        if (schema > MetadataKeys.SCHEMA_VERSION) {
            throw new MetadataException(
                    "this model was written with metadata schema "
                            + schema
                            + "; this version of ResNeXt Explorer reads up to "
                            + MetadataKeys.SCHEMA_VERSION
                            + ". Update the app or re-export the model.");
        }
        OutputRoles roles = OutputRolesReader.read(metadata, signature, file);
        if (roles.guessed()) {
            defaulted.add("outputs");
        }
        long[] outShape = signature.outputs().get(roles.logits());
        int numClasses = (int) outShape[outShape.length - 1];

        String fileName = file.getFileName().toString();
        String id =
                metadata.getOrDefault(
                        MetadataKeys.ID,
                        fileName.endsWith(".onnx")
                                ? fileName.substring(0, fileName.length() - 5)
                                : fileName);

        List<String> labels = labels(metadata, numClasses, defaulted);
        PreprocessSpec preprocess = preprocess(metadata, signature.inputShape(), defaulted);
        return new ModelInfo(
                id,
                file,
                fileSize,
                emptyToNull(metadata.get(MetadataKeys.TIMM_NAME)),
                emptyToNull(metadata.get(MetadataKeys.TIMM_TAG)),
                labels,
                preprocess,
                weights(metadata),
                card(metadata),
                longValue(metadata, MetadataKeys.SOURCE_PARAMS),
                longValue(metadata, MetadataKeys.SOURCE_MACS),
                opset,
                signature.inputName(),
                roles,
                defaulted,
                metadata,
                schema,
                quantization(metadata));
    }

    /** The int8 variant's quantization record, or null for a float model. */
    private static Quantization quantization(Map<String, String> metadata) {
        String raw = metadata.get(MetadataKeys.QUANTIZATION);
        if (raw == null) {
            return null;
        }
        JsonNode q = object(MetadataKeys.QUANTIZATION, raw);
        return new Quantization(
                q.path("method").asText("static"),
                q.path("format").asText("?"),
                q.path("activations").asText("?"),
                q.path("weights").asText("?"),
                q.path("per_channel").asBoolean(false),
                q.path("calibration_images").asInt(-1),
                q.path("calibration_source").asText(""));
    }

    private static List<String> labels(
            Map<String, String> metadata, int numClasses, Set<String> defaulted) {
        String raw = metadata.get(MetadataKeys.LABELS);
        if (raw != null) {
            JsonNode node = json(MetadataKeys.LABELS, raw);
            if (!node.isArray() || node.size() != numClasses) {
                throw new MetadataException(
                        MetadataKeys.LABELS
                                + " must be a JSON array of "
                                + numClasses
                                + " names (one per model output), found "
                                + (node.isArray() ? node.size() + " entries" : node.getNodeType()));
            }
            List<String> labels = new ArrayList<>(numClasses);
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw new MetadataException(
                            MetadataKeys.LABELS
                                    + " must hold names (strings), found "
                                    + n.getNodeType()
                                    + " at index "
                                    + labels.size());
                }
                labels.add(n.asText());
            }
            return labels;
        }
        defaulted.add("labels");
        if (numClasses == 1000) {
            return ImageNetLabels.get();
        }
        List<String> labels = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            labels.add("class " + i);
        }
        return labels;
    }

    private static PreprocessSpec preprocess(
            Map<String, String> metadata, long[] inputShape, Set<String> defaulted) {
        JsonNode p =
                metadata.containsKey(MetadataKeys.PREPROCESS)
                        ? object(MetadataKeys.PREPROCESS, metadata.get(MetadataKeys.PREPROCESS))
                        : JSON.createObjectNode();
        int height;
        int width;
        if (p.has("input_size")) {
            JsonNode s = p.get("input_size");
            if (!s.isArray()
                    || s.size() < 2
                    || !s.get(s.size() - 2).isIntegralNumber()
                    || !s.get(s.size() - 1).isIntegralNumber()) {
                throw new MetadataException(
                        MetadataKeys.PREPROCESS
                                + ": input_size must be a list of whole numbers ending in height,"
                                + " width (e.g. [3, 224, 224]), found "
                                + s);
            }
            height = s.get(s.size() - 2).asInt();
            width = s.get(s.size() - 1).asInt();
        } else if (inputShape[2] > 0 && inputShape[3] > 0) {
            // The graph fixes its input size; that is no default, the model demands it.
            height = (int) inputShape[2];
            width = (int) inputShape[3];
        } else {
            defaulted.add("input_size");
            height = 224;
            width = 224;
        }
        if (inputShape[2] > 0
                && inputShape[3] > 0
                && (inputShape[2] != height || inputShape[3] != width)) {
            throw new MetadataException(
                    "the metadata says input size "
                            + height
                            + "x"
                            + width
                            + " but the graph's input is "
                            + inputShape[2]
                            + "x"
                            + inputShape[3]);
        }
        Interpolation interpolation = Interpolation.BICUBIC;
        if (p.hasNonNull("interpolation")) {
            try {
                interpolation = Interpolation.fromTimmName(p.get("interpolation").asText());
            } catch (IllegalArgumentException e) {
                throw new MetadataException(MetadataKeys.PREPROCESS + ": " + e.getMessage(), e);
            }
        } else {
            defaulted.add("interpolation");
        }
        double cropPct = 0.875;
        if (p.hasNonNull("crop_pct")) {
            cropPct = number(p, "crop_pct");
        } else {
            defaulted.add("crop_pct");
        }
        String cropMode = "center";
        if (p.hasNonNull("crop_mode")) {
            cropMode = p.get("crop_mode").asText();
        } else {
            defaulted.add("crop_mode");
        }
        List<Double> mean = triple(p, "mean", PreprocessSpec.IMAGENET_MEAN, defaulted);
        List<Double> std = triple(p, "std", PreprocessSpec.IMAGENET_STD, defaulted);
        try {
            return new PreprocessSpec(
                    height, width, interpolation, cropPct, cropMode, mean, std, defaulted);
        } catch (IllegalArgumentException e) {
            throw new MetadataException(MetadataKeys.PREPROCESS + ": " + e.getMessage(), e);
        }
    }

    private static List<Double> triple(
            JsonNode p, String field, List<Double> fallback, Set<String> defaulted) {
        if (!p.hasNonNull(field)) {
            defaulted.add(field);
            return fallback;
        }
        JsonNode list = p.get(field);
        List<Double> values = new ArrayList<>();
        if (list.isArray()) {
            for (JsonNode n : list) {
                if (!n.isNumber()) {
                    break;
                }
                values.add(n.asDouble());
            }
        }
        if (!list.isArray() || values.size() != 3 || list.size() != 3) {
            throw new MetadataException(
                    MetadataKeys.PREPROCESS
                            + ": "
                            + field
                            + " must be a list of 3 numbers (R, G, B), found "
                            + list);
        }
        return values;
    }

    private static WeightsOrigin weights(Map<String, String> metadata) {
        String raw = metadata.get(MetadataKeys.WEIGHTS);
        if (raw == null) {
            return WeightsOrigin.unknown();
        }
        JsonNode w = json(MetadataKeys.WEIGHTS, raw);
        String kind = w.path("kind").asText("");
        switch (kind) {
            case "pretrained":
                {
                    String tag = w.path("tag").asText("");
                    String name = metadata.getOrDefault(MetadataKeys.TIMM_NAME, "");
                    String url = w.path("url").asText("");
                    String hub = w.path("hf_hub_id").asText("");
                    String detail = !hub.isEmpty() ? "hf-hub:" + hub : "";
                    if (!url.isEmpty()) {
                        detail = detail.isEmpty() ? url : detail + " / " + url;
                    }
                    // Written by the Hub import (issue 13): the weights' licence, shown with them.
                    String license = w.path("license").asText("");
                    if (!license.isEmpty()) {
                        detail = detail + (detail.isEmpty() ? "" : ", ") + "licence " + license;
                    }
                    return new WeightsOrigin(
                            WeightsOrigin.Kind.PRETRAINED,
                            "pretrained timm weights " + name + (tag.isEmpty() ? "" : "." + tag),
                            detail);
                }
            case "checkpoint":
                {
                    String file = w.path("file").asText("?");
                    // Exports since the fine-tune naming record the architecture, and the
                    // pretrained weights it started from when the user named them.
                    String from = w.path("fine_tuned_from").asText("");
                    if (from.isEmpty()) {
                        from = w.path("base_model").asText("");
                    }
                    String classes = metadata.getOrDefault(MetadataKeys.NUM_CLASSES, "");
                    String summary =
                            from.isEmpty()
                                    ? "checkpoint " + file
                                    : "fine-tuned from "
                                            + from
                                            + (classes.isEmpty() ? "" : ", " + classes + " classes")
                                            + " (checkpoint "
                                            + file
                                            + ")";
                    return new WeightsOrigin(
                            WeightsOrigin.Kind.CHECKPOINT,
                            summary,
                            "sha256 " + w.path("sha256").asText("?"));
                }
            case "linear-probe":
                {
                    // A head trained in the app (train-head) on a backbone's pooled features: the
                    // backbone's own origin decides whether any of it is trained.
                    String base = w.path("base_model").asText("?");
                    String baseKind = w.path("base_weights").path("kind").asText("");
                    String classes = metadata.getOrDefault(MetadataKeys.NUM_CLASSES, "?");
                    double acc = w.path("validation_accuracy").asDouble(Double.NaN);
                    String accText =
                            Double.isNaN(acc)
                                    ? ""
                                    : String.format(
                                            java.util.Locale.ROOT,
                                            ", validation accuracy %.1f %%",
                                            100 * acc);
                    String detail =
                            "images per class "
                                    + w.path("images_per_class").toString()
                                    + "; base weights "
                                    + w.path("base_weights").toString();
                    if (baseKind.equals("random-init")) {
                        return new WeightsOrigin(
                                WeightsOrigin.Kind.RANDOM_INIT,
                                "linear probe ("
                                        + classes
                                        + " classes"
                                        + accText
                                        + ") on UNTRAINED random-init "
                                        + base
                                        + " features: outputs are not predictions",
                                // The untrained note quotes this: the base's seed, as for any
                                // random-init model.
                                "base seed " + w.path("base_weights").path("seed").asText("?"));
                    }
                    return new WeightsOrigin(
                            WeightsOrigin.Kind.CHECKPOINT,
                            "linear probe on "
                                    + base
                                    + " features, "
                                    + classes
                                    + " classes"
                                    + accText,
                            detail);
                }
            case "random-init":
                return new WeightsOrigin(
                        WeightsOrigin.Kind.RANDOM_INIT,
                        "UNTRAINED random-init weights (seed "
                                + w.path("seed").asText("?")
                                + "): outputs are not predictions",
                        "seed " + w.path("seed").asText("?"));
            default:
                return new WeightsOrigin(
                        WeightsOrigin.Kind.UNKNOWN, "unknown weights origin '" + kind + "'", raw);
        }
    }

    private static CardFigures card(Map<String, String> metadata) {
        String raw = metadata.get(MetadataKeys.CARD);
        if (raw == null) {
            return null;
        }
        JsonNode c = object(MetadataKeys.CARD, raw);
        return new CardFigures(
                c.hasNonNull("params") ? wholeNumber(c, MetadataKeys.CARD, "params") : null,
                c.hasNonNull("flops") ? wholeNumber(c, MetadataKeys.CARD, "flops") : null,
                c.hasNonNull("file_size") ? wholeNumber(c, MetadataKeys.CARD, "file_size") : null,
                c.hasNonNull("top1") ? number(c, MetadataKeys.CARD, "top1") : null,
                c.hasNonNull("top5") ? number(c, MetadataKeys.CARD, "top5") : null,
                cardSource(c.path("source").asText("model card"), metadata));
    }

    /**
     * Exports before 0.1.0 named an internal list ("seed-models.md") that users do not have; name
     * the public timm model card instead, which is where those figures come from.
     */
    private static String cardSource(String source, Map<String, String> metadata) {
        if (!source.contains("seed-models.md")) {
            return source;
        }
        String name = emptyToNull(metadata.get(MetadataKeys.TIMM_NAME));
        if (name == null) {
            return "published on timm's model card";
        }
        String tag = emptyToNull(metadata.get(MetadataKeys.TIMM_TAG));
        return "published on timm's model card (huggingface.co/timm/"
                + (tag == null ? name : name + "." + tag)
                + ")";
    }

    private static JsonNode json(String key, String raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new MetadataException(key + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Like {@link #json} but the value must be a JSON object. */
    private static JsonNode object(String key, String raw) {
        JsonNode node = json(key, raw);
        if (!node.isObject()) {
            throw new MetadataException(
                    key + " must be a JSON object, found " + node.getNodeType());
        }
        return node;
    }

    private static double number(JsonNode preprocess, String field) {
        return number(preprocess, MetadataKeys.PREPROCESS, field);
    }

    private static double number(JsonNode object, String key, String field) {
        JsonNode v = object.get(field);
        if (!v.isNumber()) {
            throw new MetadataException(key + ": " + field + " must be a number, found " + v);
        }
        return v.asDouble();
    }

    private static long wholeNumber(JsonNode object, String key, String field) {
        JsonNode v = object.get(field);
        if (!v.isIntegralNumber()) {
            throw new MetadataException(key + ": " + field + " must be a whole number, found " + v);
        }
        return v.asLong();
    }

    private static int intValue(Map<String, String> metadata, String key, int fallback) {
        Long v = longValue(metadata, key);
        return v == null ? fallback : v.intValue();
    }

    private static Long longValue(Map<String, String> metadata, String key) {
        String raw = metadata.get(key);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new MetadataException(key + " must be an integer, found '" + raw + "'", e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
