package io.resnextexplorer.onnx;

import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.StageSummary;
import io.resnextexplorer.model.graph.TensorInfo;
import io.resnextexplorer.model.graph.TensorShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Computes parameter and MAC figures from an {@link OnnxModel}: totals, per stage and per node. See
 * {@link InspectionReport} for the MAC convention and {@link StageAssigner} for how nodes are put
 * into stages.
 */
public final class ModelInspector {

    /** Metadata key with the torch model's parameter count (our exports). */
    public static final String SOURCE_PARAMS_KEY = "resnext_explorer.source_params";

    /** Metadata key with the torch model's MACs (our exports). */
    public static final String SOURCE_MACS_KEY = "resnext_explorer.source_macs";

    static final List<String> STAGE_ORDER =
            List.of("stem", "layer1", "layer2", "layer3", "layer4", "head");

    private ModelInspector() {}

    /** Reads the file and inspects it, including its SHA-256. */
    public static InspectionReport inspect(Path file) throws IOException {
        return inspect(OnnxGraphReader.read(file));
    }

    /** Inspects a model; computes the file's SHA-256 when {@link OnnxModel#source()} is set. */
    public static InspectionReport inspect(OnnxModel model) throws IOException {
        return inspect(model, true);
    }

    /**
     * Inspects a model.
     *
     * @param model the graph structure
     * @param withSha256 whether to hash the source file (streams the whole file once)
     */
    public static InspectionReport inspect(OnnxModel model, boolean withSha256) throws IOException {
        String sha =
                withSha256 && model.source() != null && Files.isRegularFile(model.source())
                        ? sha256(model.source())
                        : null;
        return new Computation(model).report(sha);
    }

    /** SHA-256 of a file as lowercase hex, streamed in 1 MiB blocks. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Operators that carry multiply-accumulates, float and quantized. */
    static final Set<String> MAC_OPS =
            Set.of(
                    "Conv",
                    "Gemm",
                    "MatMul",
                    "QLinearConv",
                    "ConvInteger",
                    "QLinearMatMul",
                    "MatMulInteger");

    static boolean isMacOp(OnnxNode n) {
        return ShapeInference.isDefaultDomain(n.domain()) && MAC_OPS.contains(n.opType());
    }

    /**
     * Input positions that hold quantization scales and zero points: they describe how a tensor is
     * stored, they are not weights, so they are not counted as parameters (an int8 export then has
     * the parameters of its fp32 export).
     */
    static Set<Integer> quantizationInputs(OnnxNode n) {
        if (!ShapeInference.isDefaultDomain(n.domain())) {
            return Set.of();
        }
        return switch (n.opType()) {
            case "QuantizeLinear", "DequantizeLinear" -> Set.of(1, 2);
            case "QLinearConv", "QLinearMatMul" -> Set.of(1, 2, 4, 5, 6, 7);
            case "ConvInteger", "MatMulInteger" -> Set.of(2, 3);
            default -> Set.of();
        };
    }

    private static final class Computation {
        private final OnnxModel model;
        private final ShapeInference shapes;
        private final Map<String, String> aliases = new HashMap<>();
        private final Map<String, OnnxTensor> inits = new LinkedHashMap<>();
        private final Map<String, Integer> notCounted = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        Computation(OnnxModel model) {
            this.model = model;
            this.shapes = new ShapeInference(model);
            for (OnnxTensor t : model.initializers()) {
                inits.put(t.name(), t);
            }
        }

        InspectionReport report(String sha) {
            List<OnnxNode> nodes = model.nodes();
            // Identity of an initializer (legacy exporter's shared weights) is an alias, not a
            // layer; so is DequantizeLinear of one (a QDQ graph's int8 weights and int32 biases):
            // the Conv reading it gets the stored tensor's elements as its parameters.
            boolean[] alias = new boolean[nodes.size()];
            Set<String> quantParams = quantizationParameters(nodes);
            for (int i = 0; i < nodes.size(); i++) {
                OnnxNode n = nodes.get(i);
                boolean aliasOp =
                        n.opType().equals("Identity")
                                || (n.opType().equals("DequantizeLinear")
                                        && ShapeInference.isDefaultDomain(n.domain()));
                if (aliasOp && n.input(0) != null) {
                    String root = aliases.getOrDefault(n.input(0), n.input(0));
                    if (inits.containsKey(root)) {
                        aliases.put(n.outputs().get(0), root);
                        alias[i] = true;
                    }
                }
            }
            String[] stage = StageAssigner.assign(model, aliases, inits.keySet());

            long[] params = new long[nodes.size()];
            long[] macs = new long[nodes.size()];
            Set<String> attributed = new HashSet<>();
            Map<String, Set<Integer>> consumers = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                OnnxNode n = nodes.get(i);
                shapes.infer(n);
                if (!ShapeInference.isSupported(n)) {
                    String key =
                            ShapeInference.isDefaultDomain(n.domain())
                                    ? n.opType()
                                    : n.domain() + ":" + n.opType();
                    notCounted.merge(key, 1, Integer::sum);
                }
                if (alias[i]) {
                    continue;
                }
                for (String in : n.inputs()) {
                    String root = aliases.getOrDefault(in, in);
                    OnnxTensor t = quantParams.contains(root) ? null : inits.get(root);
                    if (t != null) {
                        consumers.computeIfAbsent(root, k -> new HashSet<>()).add(i);
                        if (attributed.add(root)) {
                            params[i] += t.elementCount();
                        }
                    }
                }
                if (isMacOp(n)) {
                    long m = macs(n);
                    if (m < 0) {
                        notCounted.merge(n.opType() + " (unknown shape)", 1, Integer::sum);
                    } else {
                        macs[i] = m;
                    }
                }
            }

            long totalMacs = 0;
            for (long m : macs) {
                totalMacs += m;
            }
            long quantElements = 0;
            for (String q : quantParams) {
                quantElements += inits.get(q).elementCount();
            }
            long initParams = model.initializerElements() - quantElements;
            if (!quantParams.isEmpty()) {
                notes.add(
                        String.format(
                                Locale.ROOT,
                                "quantized graph: %,d initializers (%,d elements) are scales and"
                                        + " zero points, not counted as parameters; weights count"
                                        + " one per stored element, as in the float graph",
                                quantParams.size(),
                                quantElements));
            }

            // Stages: nodes' figures, plus initializers no node consumes (by name, else other).
            Map<String, long[]> stageFig = new LinkedHashMap<>();
            Map<String, TensorShape> stageOut = new HashMap<>();
            Map<String, Integer> stageNodes = new HashMap<>();
            Set<String> constant = new HashSet<>(inits.keySet());
            for (int i = 0; i < nodes.size(); i++) {
                OnnxNode n = nodes.get(i);
                long[] f = stageFig.computeIfAbsent(stage[i], k -> new long[2]);
                f[0] += params[i];
                f[1] += macs[i];
                stageNodes.merge(stage[i], 1, Integer::sum);
                boolean allConst = !n.opType().equals("Shape");
                for (String in : n.inputs()) {
                    allConst &= in.isEmpty() || constant.contains(in);
                }
                if (allConst || n.opType().equals("Shape")) {
                    constant.addAll(n.outputs());
                } else if (!n.outputs().isEmpty()) {
                    TensorShape s = shapes.shape(n.outputs().get(0));
                    stageOut.put(stage[i], s);
                }
            }
            for (OnnxTensor t : model.initializers()) {
                if (!attributed.contains(t.name()) && !quantParams.contains(t.name())) {
                    String s = StageAssigner.fromTensorName(t.name());
                    String st = s != null && stageFig.containsKey(s) ? s : StageAssigner.OTHER;
                    stageFig.computeIfAbsent(st, k -> new long[2])[0] += t.elementCount();
                }
            }
            List<StageSummary> stages = new ArrayList<>();
            Set<String> order = new LinkedHashSet<>(STAGE_ORDER);
            List<String> layerStages = new ArrayList<>();
            for (String s : stageFig.keySet()) {
                if (s.startsWith("layer") && !order.contains(s)) {
                    layerStages.add(s);
                }
            }
            layerStages.sort((a, b) -> Integer.compare(layerNo(a), layerNo(b)));
            List<String> ordered = new ArrayList<>();
            ordered.add("stem");
            ordered.addAll(STAGE_ORDER.subList(1, 5));
            ordered.addAll(layerStages);
            ordered.add("head");
            ordered.add(StageAssigner.OTHER);
            for (String s : ordered) {
                long[] f = stageFig.get(s);
                if (f == null) {
                    continue;
                }
                stages.add(
                        new StageSummary(
                                s,
                                f[0],
                                f[1],
                                percent(f[1], totalMacs),
                                stageOut.get(s),
                                stageNodes.getOrDefault(s, 0)));
            }

            List<LayerRow> rows = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                OnnxNode n = nodes.get(i);
                if (alias[i] || (params[i] == 0 && macs[i] == 0 && !isMacOp(n))) {
                    continue;
                }
                rows.add(
                        new LayerRow(
                                i,
                                n.name(),
                                StageAssigner.modulePath(n, aliases, inits.keySet()),
                                n.opType(),
                                stage[i],
                                n.outputs().isEmpty() ? null : shapes.shape(n.outputs().get(0)),
                                params[i],
                                macs[i],
                                percent(macs[i], totalMacs)));
            }

            Long sourceParams = parseLong(model.metadata().get(SOURCE_PARAMS_KEY));
            Long sourceMacs = parseLong(model.metadata().get(SOURCE_MACS_KEY));
            int shared = 0;
            long savedBySharing = 0;
            for (Map.Entry<String, Set<Integer>> c : consumers.entrySet()) {
                if (c.getValue().size() > 1) {
                    shared++;
                    savedBySharing +=
                            inits.get(c.getKey()).elementCount() * (c.getValue().size() - 1);
                }
            }
            addSymbolNotes();
            checkOutputs();
            // MatMuls whose two inputs are both computed from the image: attention's Q.K^T and
            // weights.V once an exporter decomposes scaled_dot_product_attention.
            long activationMatMulMacs = 0;
            int activationMatMuls = 0;
            for (int i = 0; i < nodes.size(); i++) {
                OnnxNode n = nodes.get(i);
                if (n.opType().equals("MatMul")
                        && macs[i] > 0
                        && !constant.contains(n.input(0))
                        && !constant.contains(n.input(1))) {
                    activationMatMulMacs += macs[i];
                    activationMatMuls++;
                }
            }
            if (sourceMacs != null
                    && sourceMacs != totalMacs
                    && notCounted.isEmpty()
                    && activationMatMuls > 0
                    && totalMacs - activationMatMulMacs == sourceMacs) {
                notes.add(
                        String.format(
                                Locale.ROOT,
                                "MACs counted from the graph (%,d) exceed the metadata's"
                                        + " source_macs (%,d) by exactly the %,d MACs of %d"
                                        + " MatMuls between two activations (attention scores"
                                        + " and attention-weighted values): torch's"
                                        + " FlopCounterMode has no formula for the CPU fused"
                                        + " scaled_dot_product_attention kernel, so the source"
                                        + " figure leaves attention out",
                                totalMacs,
                                sourceMacs,
                                activationMatMulMacs,
                                activationMatMuls));
            } else if (sourceMacs != null && sourceMacs != totalMacs && notCounted.isEmpty()) {
                notes.add(
                        "MACs counted from the graph ("
                                + totalMacs
                                + ") differ from the metadata's source_macs ("
                                + sourceMacs
                                + ")");
            }
            String explanation =
                    explainParams(initParams, sourceParams, nodes, shared, savedBySharing);
            return new InspectionReport(
                    model.properties(),
                    model.inputs(),
                    model.outputs(),
                    model.fileSize(),
                    sha,
                    initParams,
                    sourceParams,
                    explanation,
                    totalMacs,
                    sourceMacs,
                    nodes.size(),
                    stages,
                    rows,
                    notCounted,
                    notes);
        }

        /**
         * Initializers used only as scales and zero points (see {@link #quantizationInputs}); one
         * that is also read as data elsewhere stays a parameter.
         */
        private Set<String> quantizationParameters(List<OnnxNode> nodes) {
            Set<String> quant = new HashSet<>();
            Set<String> data = new HashSet<>();
            for (OnnxNode n : nodes) {
                Set<Integer> q = quantizationInputs(n);
                for (int k = 0; k < n.inputs().size(); k++) {
                    String in = n.inputs().get(k);
                    if (inits.containsKey(in)) {
                        (q.contains(k) ? quant : data).add(in);
                    }
                }
            }
            quant.removeAll(data);
            return quant;
        }

        /** MACs of a Conv/Gemm/MatMul (or quantized) node, or -1 when a shape is unknown. */
        private long macs(OnnxNode n) {
            TensorShape out = n.outputs().isEmpty() ? null : shapes.shape(n.outputs().get(0));
            TensorShape a = shapes.shape(n.input(0));
            TensorShape b = shapes.shape(n.input(ShapeInference.weightInput(n)));
            if (out == null || a == null || b == null || a.rank() == 0 || b.rank() == 0) {
                return -1;
            }
            switch (n.opType()) {
                case "Conv", "QLinearConv", "ConvInteger" -> {
                    // Weight is [M, C/group, k...]: each output element uses C/group * prod(k).
                    long perOutput = 1;
                    for (int i = 1; i < b.rank(); i++) {
                        perOutput *= b.dim(i).countValue();
                    }
                    return out.countElements() * perOutput;
                }
                case "Gemm" -> {
                    if (a.rank() != 2 || b.rank() != 2) {
                        return -1;
                    }
                    Dim k = n.intAttr("transA", 0) != 0 ? a.dim(0) : a.dim(1);
                    return out.countElements() * k.countValue();
                }
                default -> {
                    Dim k = a.dim(a.rank() - 1);
                    return out.countElements() * k.countValue();
                }
            }
        }

        private void addSymbolNotes() {
            Set<String> symbols = new LinkedHashSet<>();
            boolean nonBatch = false;
            for (TensorInfo t : model.inputs()) {
                if (t.shape() == null) {
                    notes.add(
                            "input " + t.name() + " declares no shape; its consumers are unknown");
                    continue;
                }
                for (int i = 0; i < t.shape().rank(); i++) {
                    Dim d = t.shape().dim(i);
                    if (d.isSymbolic()) {
                        symbols.add(d.symbol());
                        nonBatch |= i > 0;
                    }
                }
            }
            if (!symbols.isEmpty()) {
                notes.add(
                        "symbolic input dimension(s) "
                                + String.join(", ", symbols)
                                + " counted as 1"
                                + (nonBatch
                                        ? "; a symbolic non-batch dimension makes MACs a lower"
                                                + " bound"
                                        : " (MACs are per image)"));
            }
        }

        private void checkOutputs() {
            for (TensorInfo t : model.outputs()) {
                TensorShape inferred = shapes.shape(t.name());
                if (t.shape() != null
                        && inferred != null
                        && !t.shape().toString().equals(inferred.toString())) {
                    notes.add(
                            "output "
                                    + t.name()
                                    + " is declared "
                                    + t.shape()
                                    + " but inferred "
                                    + inferred);
                }
            }
        }
    }

    /**
     * One line on how the initializer count relates to the source model's parameter count.
     *
     * @param sharedInitializers initializers consumed by more than one node
     * @param savedBySharing elements the sharing saves (size x extra consumers)
     */
    static String explainParams(
            long initParams,
            Long sourceParams,
            List<OnnxNode> nodes,
            int sharedInitializers,
            long savedBySharing) {
        String shared =
                sharedInitializers > 0
                        ? String.format(
                                Locale.ROOT,
                                "%d initializers are shared by several nodes (the exporter"
                                        + " deduplicated identical tensors, saving %,d"
                                        + " elements)",
                                sharedInitializers,
                                savedBySharing)
                        : null;
        if (sourceParams == null) {
            return "Parameters are the elements of the ONNX initializers; the file has no source"
                    + " parameter count to compare with"
                    + (shared == null ? "" : "; " + shared)
                    + ".";
        }
        long diff = initParams - sourceParams;
        if (diff == 0) {
            return "The ONNX initializers hold exactly the source model's parameter count"
                    + (shared == null ? "" : "; " + shared)
                    + ".";
        }
        boolean hasBn = nodes.stream().anyMatch(n -> n.opType().equals("BatchNormalization"));
        boolean hasConv = nodes.stream().anyMatch(n -> n.opType().equals("Conv"));
        List<String> why = new ArrayList<>();
        if (shared != null) {
            why.add(shared);
        }
        long missing = -diff;
        if (missing > 0 && missing <= savedBySharing) {
            // Sharing explains the whole shortfall; what is left over is non-parameter tensors.
            long perUse = initParams + savedBySharing;
            long extra = perUse - sourceParams;
            why.add(
                    extra == 0
                            ? "counted once per use they hold exactly the source model's count"
                            : String.format(
                                    Locale.ROOT,
                                    "counted once per use they would hold %,d, %,d more than the"
                                            + " source model: initializers that are not torch"
                                            + " parameters (shapes, axes, constants)",
                                    perUse,
                                    extra));
        } else if (missing > 0 && hasConv && !hasBn) {
            why.add(
                    String.format(
                            Locale.ROOT,
                            "%s%,d elements are not explained by sharing; the graph has"
                                    + " convolutions and no BatchNormalization node, as when batch"
                                    + " norm is folded into the convolutions at export (BN scale"
                                    + " and shift become conv weights and biases), though the"
                                    + " graph alone cannot rule out other merged or dropped"
                                    + " tensors",
                            savedBySharing > 0 ? "the other " : "",
                            missing - savedBySharing));
        } else if (why.isEmpty()) {
            why.add(
                    "initializers include buffers and constants, and exporters may merge or drop"
                            + " tensors");
        }
        return String.format(
                Locale.ROOT,
                "The ONNX initializers hold %,d elements, %,d %s than the source model's %,d"
                        + " parameters: %s.",
                initParams,
                Math.abs(diff),
                diff < 0 ? "fewer" : "more",
                sourceParams,
                String.join("; ", why));
    }

    private static int layerNo(String s) {
        try {
            return Integer.parseInt(s.substring(5));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }

    private static Long parseLong(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
