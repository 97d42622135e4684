package io.resnextexplorer.hub;

import io.resnextexplorer.onnx.OnnxModelWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the ONNX graph of a timm ResNet/ResNeXt from its safetensors state dict, the same graph
 * contract as the Python exporter: input {@code input} float32 [N,3,H,W] (N dynamic), outputs
 * {@code logits} [N,classes] and {@code features} [N,C,h,w] (the last stage, before pooling).
 *
 * <p>Every BatchNorm is folded into the convolution before it, in double precision, with timm's eps
 * 1e-5: {@code w' = w * gamma / sqrt(var + eps)}, {@code b' = beta - mean * gamma / sqrt(var +
 * eps)}. The layer structure follows {@code timm/models/resnet.py}: stem (7x7 stride 2, or the deep
 * 3x3 stride 2, 3x3, 3x3), 3x3 stride-2 max pool with padding 1, blocks with the stride on the
 * (grouped) 3x3 convolution, shortcuts as a 1x1 stride-s convolution or, for "d" models, {@code
 * AvgPool2d(2, s, ceil_mode=True, count_include_pad=False)} then a 1x1 convolution, global average
 * pool, fc.
 *
 * <p>While building it also counts, per stage, timm's parameters (conv weights, BN weight and bias,
 * fc) and the MACs of one image (convolutions and fc, timm's FlopCounterMode convention), and
 * checks that the file holds exactly the tensors this architecture has, with their shapes.
 */
public final class ResNetOnnxBuilder {
    /** BatchNorm epsilon of timm's ResNets (torch's default). */
    public static final double BN_EPS = 1e-5;

    /** The stages the metadata's reference figures are split into. */
    public static final List<String> STAGES =
            List.of("stem", "layer1", "layer2", "layer3", "layer4", "head");

    private final ResNetArchitecture arch;
    private final Safetensors weights;
    private final int numClasses;
    private final OnnxModelWriter writer;
    private final Set<String> used = new HashSet<>();
    private final Map<String, long[]> stageFigures = new LinkedHashMap<>();
    private String stage = "stem";
    private int height;
    private int width;
    private int counter;

    /** Parameter and MAC counts of the source model, per stage and in total. */
    public record Figures(Map<String, long[]> stages, long params, long macs, long onnxParams) {
        /** The metadata's {@code reference} object (see docs/metadata-schema.md). */
        public Map<String, Object> reference() {
            Map<String, Object> st = new LinkedHashMap<>();
            stages.forEach(
                    (k, v) -> {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("params", v[0]);
                        one.put("macs", v[1]);
                        st.put(k, one);
                    });
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("onnx_initializer_params", onnxParams);
            ref.put("torch_flop_counter_flops", macs * 2);
            ref.put("stages", st);
            return ref;
        }
    }

    private ResNetOnnxBuilder(
            ResNetArchitecture arch, Safetensors weights, int numClasses, OnnxModelWriter writer) {
        this.arch = arch;
        this.weights = weights;
        this.numClasses = numClasses;
        this.writer = writer;
        for (String s : STAGES) {
            stageFigures.put(s, new long[2]);
        }
    }

    /**
     * Adds the whole graph to {@code writer} (which must be empty) and returns the figures.
     *
     * @param inputHeight input height in pixels (the graph's fixed H)
     * @param inputWidth input width in pixels
     * @throws HubException when the tensors do not match the architecture (missing, extra, wrong
     *     shape)
     */
    public static Figures build(
            ResNetArchitecture arch,
            Safetensors weights,
            int numClasses,
            int inputHeight,
            int inputWidth,
            OnnxModelWriter writer)
            throws HubException {
        ResNetOnnxBuilder b = new ResNetOnnxBuilder(arch, weights, numClasses, writer);
        return b.buildGraph(inputHeight, inputWidth);
    }

    private Figures buildGraph(int inputHeight, int inputWidth) throws HubException {
        height = inputHeight;
        width = inputWidth;
        writer.input("input", "batch", 3L, (long) inputHeight, (long) inputWidth);

        String x = "input";
        stage = "stem";
        if (arch.deepStem()) {
            int sw = arch.stemWidth();
            x = convBn("/conv1/conv1.0/Conv", x, "conv1.0", "conv1.1", 3, sw, 3, 2, 1, 1);
            x = relu("/conv1/conv1.2/Relu", x);
            x = convBn("/conv1/conv1.3/Conv", x, "conv1.3", "conv1.4", sw, sw, 3, 1, 1, 1);
            x = relu("/conv1/conv1.5/Relu", x);
            x = convBn("/conv1/conv1.6/Conv", x, "conv1.6", "bn1", sw, arch.stemOut(), 3, 1, 1, 1);
        } else {
            x = convBn("/conv1/Conv", x, "conv1", "bn1", 3, 64, 7, 2, 3, 1);
        }
        x = relu("/act1/Relu", x);
        String pooled = value();
        writer.node("MaxPool", "/maxpool/MaxPool", List.of(x), List.of(pooled))
                .attr("kernel_shape", 3L, 3L)
                .attr("strides", 2L, 2L)
                .attr("pads", 1L, 1L, 1L, 1L);
        height = (height + 2 - 3) / 2 + 1;
        width = (width + 2 - 3) / 2 + 1;
        x = pooled;

        int inplanes = arch.stemOut();
        for (int s = 0; s < 4; s++) {
            stage = "layer" + (s + 1);
            int planes = arch.channels()[s];
            for (int blk = 0; blk < arch.layers()[s]; blk++) {
                int stride = (blk == 0 && s > 0) ? 2 : 1;
                boolean last = s == 3 && blk == arch.layers()[s] - 1;
                x = block(stage + "." + blk, x, inplanes, planes, stride, last);
                inplanes = planes * arch.expansion();
            }
        }

        stage = "head";
        String gap = value();
        writer.node(
                "GlobalAveragePool",
                "/global_pool/pool/GlobalAveragePool",
                List.of(x),
                List.of(gap));
        String flat = value();
        writer.node("Flatten", "/global_pool/flatten/Flatten", List.of(gap), List.of(flat))
                .attr("axis", 1L);
        int features = arch.numFeatures();
        tensor("fc.weight", numClasses, features);
        tensor("fc.bias", numClasses);
        writer.initializer("fc.weight", new long[] {numClasses, features}, read("fc.weight"));
        writer.initializer("fc.bias", new long[] {numClasses}, read("fc.bias"));
        writer.node("Gemm", "/fc/Gemm", List.of(flat, "fc.weight", "fc.bias"), List.of("logits"))
                .attr("transB", 1L);
        count((long) numClasses * features + numClasses, (long) numClasses * features);
        writer.output("logits", "batch", (long) numClasses);
        writer.output("features", "batch", (long) features, (long) height, (long) width);

        checkAllUsed();
        long params = 0;
        long macs = 0;
        for (long[] f : stageFigures.values()) {
            params += f[0];
            macs += f[1];
        }
        return new Figures(stageFigures, params, macs, writer.initializerElements());
    }

    private String block(
            String prefix, String x, int inplanes, int planes, int stride, boolean last)
            throws HubException {
        int out = planes * arch.expansion();
        int h0 = height;
        int w0 = width;
        String path = "/" + stage + "/" + prefix;
        String y;
        if (arch.bottleneck()) {
            int w = arch.bottleneckWidth(planes);
            y =
                    convBn(
                            path + "/conv1/Conv",
                            x,
                            prefix + ".conv1",
                            prefix + ".bn1",
                            inplanes,
                            w,
                            1,
                            1,
                            0,
                            1);
            y = relu(path + "/act1/Relu", y);
            y =
                    convBn(
                            path + "/conv2/Conv",
                            y,
                            prefix + ".conv2",
                            prefix + ".bn2",
                            w,
                            w,
                            3,
                            stride,
                            1,
                            arch.cardinality());
            y = relu(path + "/act2/Relu", y);
            y =
                    convBn(
                            path + "/conv3/Conv",
                            y,
                            prefix + ".conv3",
                            prefix + ".bn3",
                            w,
                            out,
                            1,
                            1,
                            0,
                            1);
        } else {
            y =
                    convBn(
                            path + "/conv1/Conv",
                            x,
                            prefix + ".conv1",
                            prefix + ".bn1",
                            inplanes,
                            planes,
                            3,
                            stride,
                            1,
                            1);
            y = relu(path + "/act1/Relu", y);
            y =
                    convBn(
                            path + "/conv2/Conv",
                            y,
                            prefix + ".conv2",
                            prefix + ".bn2",
                            planes,
                            planes,
                            3,
                            1,
                            1,
                            1);
        }
        int h1 = height;
        int w1 = width;
        String shortcut = x;
        if (stride != 1 || inplanes != out) {
            height = h0;
            width = w0;
            String d = prefix + ".downsample";
            if (arch.avgDown()) {
                String in = x;
                if (stride != 1) {
                    in = value();
                    writer.node(
                                    "AveragePool",
                                    path + "/downsample/downsample.0/AveragePool",
                                    List.of(x),
                                    List.of(in))
                            .attr("kernel_shape", 2L, 2L)
                            .attr("strides", (long) stride, (long) stride)
                            .attr("ceil_mode", 1L)
                            .attr("count_include_pad", 0L);
                    // ceil_mode with no padding: every window starts inside the input.
                    height = ceilDiv(height - 2, stride) + 1;
                    width = ceilDiv(width - 2, stride) + 1;
                }
                shortcut =
                        convBn(
                                path + "/downsample/downsample.1/Conv",
                                in,
                                d + ".1",
                                d + ".2",
                                inplanes,
                                out,
                                1,
                                1,
                                0,
                                1);
            } else {
                shortcut =
                        convBn(
                                path + "/downsample/downsample.0/Conv",
                                x,
                                d + ".0",
                                d + ".1",
                                inplanes,
                                out,
                                1,
                                stride,
                                0,
                                1);
            }
            if (height != h1 || width != w1) {
                throw new HubException("shortcut and branch differ in size at " + prefix);
            }
        }
        String sum = value();
        writer.node("Add", path + "/Add", List.of(y, shortcut), List.of(sum));
        String o = last ? "features" : value();
        writer.node("Relu", path + "/act3/Relu", List.of(sum), List.of(o));
        return o;
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }

    /** A convolution with its BatchNorm folded in; updates the running spatial size. */
    private String convBn(
            String nodeName,
            String x,
            String conv,
            String bn,
            int in,
            int out,
            int k,
            int stride,
            int pad,
            int groups)
            throws HubException {
        if (in % groups != 0 || out % groups != 0) {
            throw new HubException(
                    conv
                            + ": "
                            + in
                            + "->"
                            + out
                            + " channels do not split into "
                            + groups
                            + " groups");
        }
        String w = conv + ".weight";
        tensor(w, out, in / groups, k, k);
        for (String p : List.of(".weight", ".bias", ".running_mean", ".running_var")) {
            tensor(bn + p, out);
        }
        used.add(bn + ".num_batches_tracked");
        String wName = conv + ".weight";
        String bName = conv + ".bias";
        int perOut = (in / groups) * k * k;
        writer.initializer(
                wName, new long[] {out, in / groups, k, k}, () -> foldWeight(w, bn, out, perOut));
        writer.initializer(bName, new long[] {out}, () -> foldBias(bn, out));
        String y = value();
        writer.node("Conv", nodeName, List.of(x, wName, bName), List.of(y))
                .attr("kernel_shape", (long) k, (long) k)
                .attr("strides", (long) stride, (long) stride)
                .attr("pads", (long) pad, (long) pad, (long) pad, (long) pad)
                .attr("group", (long) groups)
                .attr("dilations", 1L, 1L);
        height = (height + 2 * pad - k) / stride + 1;
        width = (width + 2 * pad - k) / stride + 1;
        if (height <= 0 || width <= 0) {
            throw new HubException("the input size is too small for " + conv);
        }
        long weightsCount = (long) out * perOut;
        count(weightsCount + 2L * out, weightsCount * height * width);
        return y;
    }

    private float[] foldWeight(String w, String bn, int out, int perOut) {
        float[] weight = load(w);
        double[] scale = scale(bn, out);
        float[] folded = new float[weight.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < perOut; i++) {
                folded[o * perOut + i] = (float) (weight[o * perOut + i] * scale[o]);
            }
        }
        return folded;
    }

    private float[] foldBias(String bn, int out) {
        double[] scale = scale(bn, out);
        float[] beta = load(bn + ".bias");
        float[] mean = load(bn + ".running_mean");
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            b[o] = (float) (beta[o] - mean[o] * scale[o]);
        }
        return b;
    }

    private double[] scale(String bn, int out) {
        float[] gamma = load(bn + ".weight");
        float[] var = load(bn + ".running_var");
        double[] s = new double[out];
        for (int o = 0; o < out; o++) {
            s[o] = gamma[o] / Math.sqrt((double) var[o] + BN_EPS);
        }
        return s;
    }

    private java.util.function.Supplier<float[]> read(String name) {
        return () -> load(name);
    }

    private float[] load(String name) {
        try {
            return weights.floats(name);
        } catch (HubException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    private String relu(String nodeName, String x) {
        String y = value();
        writer.node("Relu", nodeName, List.of(x), List.of(y));
        return y;
    }

    private String value() {
        return "v" + (counter++);
    }

    private void count(long params, long macs) {
        long[] f = stageFigures.get(stage);
        f[0] += params;
        f[1] += macs;
    }

    /** Checks that the tensor exists with this shape and marks it used. */
    private void tensor(String name, long... shape) throws HubException {
        Safetensors.TensorInfo t = weights.tensors().get(name);
        if (t == null) {
            throw new HubException(
                    "model.safetensors lacks '"
                            + name
                            + "' that "
                            + arch.timmName()
                            + " has: not the weights of this architecture");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new HubException(
                    "'"
                            + name
                            + "' has shape "
                            + Arrays.toString(t.shape())
                            + ", "
                            + arch.timmName()
                            + " needs "
                            + Arrays.toString(shape));
        }
        used.add(name);
    }

    private void checkAllUsed() throws HubException {
        for (String name : weights.tensors().keySet()) {
            if (!used.contains(name)) {
                throw new HubException(
                        "model.safetensors has '"
                                + name
                                + "', which a plain "
                                + arch.timmName()
                                + " does not: this import cannot build it; use onnx-export");
            }
        }
    }

    /** Sum of the element counts of the file's parameters (all tensors but BN running stats). */
    public static long fileParameters(Safetensors weights) {
        long n = 0;
        for (Map.Entry<String, Safetensors.TensorInfo> e : weights.tensors().entrySet()) {
            String k = e.getKey();
            if (!k.endsWith(".running_mean")
                    && !k.endsWith(".running_var")
                    && !k.endsWith(".num_batches_tracked")) {
                n += e.getValue().elements();
            }
        }
        return n;
    }
}
