package io.resnextexplorer.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The architecture of one model of timm's ResNet family ({@code timm/models/resnet.py}): block
 * type, blocks per stage, cardinality and base width (ResNeXt), stem and downsampling style.
 *
 * @param timmName timm's architecture name, e.g. "resnext50d_32x4d"
 * @param bottleneck Bottleneck blocks (1x1, grouped 3x3, 1x1; expansion 4) rather than BasicBlock
 *     (3x3, 3x3; expansion 1)
 * @param layers blocks per stage (4 stages)
 * @param channels the "planes" of each stage (timm's {@code channels}, default 64,128,256,512)
 * @param cardinality groups of the 3x3 convolution (Bottleneck only)
 * @param baseWidth width per group at planes 64 (Bottleneck only)
 * @param stemWidth width of the deep stem's first two convolutions (its third has 2x)
 * @param deepStem three 3x3 convolutions (stride 2, 1, 1) instead of one 7x7 stride 2
 * @param avgDown shortcut downsampling by AvgPool2d(2, ceil_mode, count_include_pad=False) then a
 *     1x1 stride-1 convolution, instead of a 1x1 stride-2 convolution
 */
public record ResNetArchitecture(
        String timmName,
        boolean bottleneck,
        int[] layers,
        int[] channels,
        int cardinality,
        int baseWidth,
        int stemWidth,
        boolean deepStem,
        boolean avgDown) {

    private static final int[] DEFAULT_CHANNELS = {64, 128, 256, 512};
    private static final Map<String, ResNetArchitecture> FAMILY = new LinkedHashMap<>();

    static {
        int[] l18 = {2, 2, 2, 2};
        int[] l34 = {3, 4, 6, 3};
        int[] l101 = {3, 4, 23, 3};
        int[] l152 = {3, 8, 36, 3};
        plainAndD("resnet18", false, l18, 1, 64);
        plainAndD("resnet34", false, l34, 1, 64);
        plainAndD("resnet26", true, l18, 1, 64);
        plainAndD("resnet50", true, l34, 1, 64);
        plainAndD("resnet101", true, l101, 1, 64);
        plainAndD("resnet152", true, l152, 1, 64);
        add(
                new ResNetArchitecture(
                        "resnext50_32x4d", true, l34, DEFAULT_CHANNELS, 32, 4, 64, false, false));
        add(
                new ResNetArchitecture(
                        "resnext50d_32x4d", true, l34, DEFAULT_CHANNELS, 32, 4, 32, true, true));
        add(
                new ResNetArchitecture(
                        "resnext101_32x4d", true, l101, DEFAULT_CHANNELS, 32, 4, 64, false, false));
        add(
                new ResNetArchitecture(
                        "resnext101_32x8d", true, l101, DEFAULT_CHANNELS, 32, 8, 64, false, false));
        add(
                new ResNetArchitecture(
                        "resnext101_32x16d",
                        true,
                        l101,
                        DEFAULT_CHANNELS,
                        32,
                        16,
                        64,
                        false,
                        false));
        add(
                new ResNetArchitecture(
                        "resnext101_32x32d",
                        true,
                        l101,
                        DEFAULT_CHANNELS,
                        32,
                        32,
                        64,
                        false,
                        false));
        add(
                new ResNetArchitecture(
                        "resnext101_64x4d", true, l101, DEFAULT_CHANNELS, 64, 4, 64, false, false));
    }

    private static void plainAndD(String name, boolean bottleneck, int[] layers, int card, int bw) {
        add(
                new ResNetArchitecture(
                        name, bottleneck, layers, DEFAULT_CHANNELS, card, bw, 64, false, false));
        // timm's "d": deep stem of width 32 (32, 32, 64) and average-pool downsampling.
        add(
                new ResNetArchitecture(
                        name + "d",
                        bottleneck,
                        layers,
                        DEFAULT_CHANNELS,
                        card,
                        bw,
                        32,
                        true,
                        true));
    }

    private static void add(ResNetArchitecture a) {
        FAMILY.put(a.timmName(), a);
    }

    /** The timm architecture names this import builds, in a stable order. */
    public static Set<String> supportedNames() {
        return FAMILY.keySet();
    }

    /** The architecture timm registers under {@code timmName}, if it is one we build. */
    public static Optional<ResNetArchitecture> forName(String timmName) {
        return Optional.ofNullable(FAMILY.get(timmName));
    }

    /** Channels of the stem's output (the input of layer1). */
    public int stemOut() {
        return deepStem ? stemWidth * 2 : 64;
    }

    /** 4 for Bottleneck, 1 for BasicBlock. */
    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /** Channels of the last stage's output (the classifier's input). */
    public int numFeatures() {
        return channels[3] * expansion();
    }

    /** Width of the grouped 3x3 convolution of a Bottleneck block with {@code planes}. */
    public int bottleneckWidth(int planes) {
        // timm: int(math.floor(planes * (base_width / 64)) * cardinality)
        return (int) Math.floor(planes * (baseWidth / 64.0)) * cardinality;
    }

    private static final Set<String> OVERRIDABLE =
            Set.of(
                    "layers",
                    "channels",
                    "cardinality",
                    "base_width",
                    "stem_width",
                    "stem_type",
                    "avg_down");

    /**
     * This architecture with timm {@code model_args} from config.json applied (the keyword
     * arguments timm passes on to {@code ResNet(...)}).
     *
     * @throws HubException for an argument this import does not model (e.g. attention layers)
     */
    public ResNetArchitecture withModelArgs(JsonNode args) throws HubException {
        if (args == null || args.isNull() || args.isMissingNode()) {
            return this;
        }
        int[] l = layers;
        int[] ch = channels;
        int card = cardinality;
        int bw = baseWidth;
        int sw = stemWidth;
        boolean deep = deepStem;
        boolean avg = avgDown;
        for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "layers" -> l = ints(v, "layers");
                case "channels" -> ch = ints(v, "channels");
                case "cardinality" -> card = v.asInt();
                case "base_width" -> bw = v.asInt();
                case "stem_width" -> sw = v.asInt();
                case "stem_type" -> {
                    String t = v.asText();
                    if (!t.isEmpty() && !t.equals("deep")) {
                        throw new HubException(
                                "stem_type '" + t + "' is not supported (only '' and 'deep')");
                    }
                    deep = t.equals("deep");
                }
                case "avg_down" -> avg = v.asBoolean();
                default ->
                        throw new HubException(
                                "model_args '"
                                        + e.getKey()
                                        + "' is not supported by the Java import (supported: "
                                        + String.join(", ", OVERRIDABLE)
                                        + "); use onnx-export");
            }
        }
        ResNetArchitecture a =
                new ResNetArchitecture(timmName, bottleneck, l, ch, card, bw, sw, deep, avg);
        a.validate();
        return a;
    }

    private static int[] ints(JsonNode v, String what) throws HubException {
        if (!v.isArray() || v.size() != 4) {
            throw new HubException("model_args " + what + " must list 4 stages, got " + v);
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = v.get(i).asInt();
            if (out[i] <= 0) {
                throw new HubException("model_args " + what + " must be positive, got " + v);
            }
        }
        return out;
    }

    private void validate() throws HubException {
        if (!bottleneck && (cardinality != 1 || baseWidth != 64)) {
            // timm's BasicBlock asserts the same.
            throw new HubException("BasicBlock supports only cardinality 1 and base width 64");
        }
        if (cardinality <= 0 || baseWidth <= 0 || stemWidth <= 0) {
            throw new HubException("cardinality, base_width and stem_width must be positive");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNetArchitecture a
                && timmName.equals(a.timmName)
                && bottleneck == a.bottleneck
                && Arrays.equals(layers, a.layers)
                && Arrays.equals(channels, a.channels)
                && cardinality == a.cardinality
                && baseWidth == a.baseWidth
                && stemWidth == a.stemWidth
                && deepStem == a.deepStem
                && avgDown == a.avgDown;
    }

    @Override
    public int hashCode() {
        return timmName.hashCode() * 31 + Arrays.hashCode(layers);
    }

    @Override
    public String toString() {
        return timmName
                + (bottleneck ? " Bottleneck " : " BasicBlock ")
                + Arrays.toString(layers)
                + " channels "
                + Arrays.toString(channels)
                + " "
                + cardinality
                + "x"
                + baseWidth
                + "d"
                + (deepStem ? ", deep stem " + stemWidth : "")
                + (avgDown ? ", avg-pool downsample" : "");
    }
}
