package io.resnextexplorer.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a timm repo's {@code config.json} says (as written by timm's {@code save_for_hf}): the
 * architecture, the number of classes, optional {@code model_args}, and the {@code pretrained_cfg}
 * whose preprocessing fields travel into the ONNX metadata.
 *
 * @param architecture timm architecture name
 * @param numClasses classifier outputs
 * @param modelArgs timm keyword arguments for the model, or a missing node
 * @param inputSize [C, H, W] from pretrained_cfg.input_size (default 3, 224, 224)
 * @param interpolation pretrained_cfg.interpolation (default "bicubic", as timm's data config)
 * @param cropPct pretrained_cfg.crop_pct (default 0.875)
 * @param cropMode pretrained_cfg.crop_mode (default "center")
 * @param mean per-channel mean (default ImageNet's)
 * @param std per-channel std (default ImageNet's)
 * @param license pretrained_cfg.license, empty if absent
 * @param weights the {@code resnext_explorer_weights} object the test fixtures add to mark
 *     untrained weights, or a missing node (the real Hub has no such key)
 */
public record HubConfig(
        String architecture,
        int numClasses,
        JsonNode modelArgs,
        int[] inputSize,
        String interpolation,
        double cropPct,
        String cropMode,
        double[] mean,
        double[] std,
        String license,
        JsonNode weights) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    /**
     * Reads and checks a config.json.
     *
     * @throws HubException when it is not JSON or lacks what the import needs
     */
    public static HubConfig read(Path file) throws HubException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new HubException("config.json is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new HubException("config.json is not a JSON object");
        }
        String arch = root.path("architecture").asText("");
        if (arch.isEmpty()) {
            throw new HubException("config.json names no architecture");
        }
        JsonNode cfg = root.path("pretrained_cfg");
        int classes = root.path("num_classes").asInt(cfg.path("num_classes").asInt(0));
        if (classes <= 0) {
            throw new HubException("config.json gives no positive num_classes");
        }
        int[] input = {3, 224, 224};
        JsonNode in = cfg.path("input_size");
        if (in.isArray()) {
            if (in.size() != 3
                    || in.get(0).asInt() != 3
                    || in.get(1).asInt() <= 0
                    || in.get(2).asInt() <= 0) {
                throw new HubException("config.json input_size must be [3, H, W], got " + in);
            }
            input = new int[] {3, in.get(1).asInt(), in.get(2).asInt()};
        }
        return new HubConfig(
                arch,
                classes,
                root.path("model_args"),
                input,
                cfg.path("interpolation").asText("bicubic"),
                cfg.path("crop_pct").asDouble(0.875),
                cfg.path("crop_mode").asText("center"),
                triple(cfg.path("mean"), IMAGENET_MEAN, "mean"),
                triple(cfg.path("std"), IMAGENET_STD, "std"),
                cfg.path("license").asText(""),
                root.path("resnext_explorer_weights"));
    }

    private static double[] triple(JsonNode v, double[] fallback, String what) throws HubException {
        if (v.isMissingNode() || v.isNull()) {
            return fallback.clone();
        }
        if (!v.isArray() || v.size() != 3) {
            throw new HubException("config.json " + what + " must have 3 values, got " + v);
        }
        return new double[] {v.get(0).asDouble(), v.get(1).asDouble(), v.get(2).asDouble()};
    }

    /** The metadata {@code preprocess} object, as the Python exporter writes it. */
    public Map<String, Object> preprocess() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("input_size", List.of(inputSize[0], inputSize[1], inputSize[2]));
        p.put("interpolation", interpolation);
        p.put("crop_pct", cropPct);
        p.put("crop_mode", cropMode);
        p.put("mean", list(mean));
        p.put("std", list(std));
        return p;
    }

    private static List<Double> list(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return l;
    }

    /** True when the fixtures marked these weights as untrained. */
    public boolean untrained() {
        return weights.path("kind").asText("").equals("random-init");
    }
}
