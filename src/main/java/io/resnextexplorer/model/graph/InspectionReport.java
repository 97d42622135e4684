package io.resnextexplorer.model.graph;

import io.resnextexplorer.onnx.ModelInspector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ModelInspector} found out about a model: properties, parameter and MAC counts per
 * stage and per layer, and what could not be counted.
 *
 * <p>MAC convention: one multiply-accumulate per weight per output element of Conv ({@code
 * out_elems * in_channels/group * kh * kw}), Gemm and MatMul ({@code M*N*K}); bias adds, batch
 * norm, activations, pooling and residual adds count 0. This equals PyTorch's {@code
 * FlopCounterMode} total / 2. FLOPs are 2 x MACs. A symbolic batch dimension counts as 1.
 *
 * @param properties model-level fields and metadata
 * @param inputs graph inputs (not initializers) with declared shapes
 * @param outputs graph outputs with declared shapes
 * @param fileSize size of the .onnx file in bytes (external data not included)
 * @param sha256 SHA-256 of the .onnx file as lowercase hex, or null if not computed
 * @param initializerParams elements in all graph initializers
 * @param sourceParams parameter count of the source torch model from our metadata ({@code
 *     resnext_explorer.source_params}), or null for files without it
 * @param paramsExplanation one line on why the two parameter figures differ (or agree)
 * @param totalMacs MACs of one forward pass at the declared input shape (a symbolic batch counts as
 *     1)
 * @param sourceMacs MACs from our metadata ({@code resnext_explorer.source_macs}), or null
 * @param nodeCount number of graph nodes
 * @param stages per-stage figures in network order; they add up to the totals
 * @param layers one row per counted node in graph order
 * @param notCountedOps operators whose MACs are not counted, with how many nodes: unknown operators
 *     by op type ("domain:Op" outside the default domain), and "Conv (unknown shape)" style entries
 *     for MAC-bearing nodes whose shapes could not be inferred
 * @param notes remarks a reader should see (symbolic dims counted as 1, shape cross-checks)
 */
public record InspectionReport(
        ModelProperties properties,
        List<TensorInfo> inputs,
        List<TensorInfo> outputs,
        long fileSize,
        String sha256,
        long initializerParams,
        Long sourceParams,
        String paramsExplanation,
        long totalMacs,
        Long sourceMacs,
        int nodeCount,
        List<StageSummary> stages,
        List<LayerRow> layers,
        Map<String, Integer> notCountedOps,
        List<String> notes) {

    public InspectionReport {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        stages = List.copyOf(stages);
        layers = List.copyOf(layers);
        notCountedOps = Collections.unmodifiableMap(new LinkedHashMap<>(notCountedOps));
        notes = List.copyOf(notes);
    }

    /** Floating-point operations, counted as 2 x {@link #totalMacs()}. */
    public long totalFlops() {
        return 2 * totalMacs;
    }

    /** True when every node's MACs could be counted. */
    public boolean complete() {
        return notCountedOps.isEmpty();
    }

    /** The stage with this name, or null. */
    public StageSummary stage(String name) {
        for (StageSummary s : stages) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * A JSON-ready tree of plain maps, lists, strings and numbers (shapes as lists with numbers for
     * known and strings for symbolic dimensions; null for unknown).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        ModelProperties p = properties;
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ir_version", p.irVersion());
        props.put("opset_imports", p.opsetImports());
        props.put("producer_name", p.producerName());
        props.put("producer_version", p.producerVersion());
        props.put("domain", p.domain());
        props.put("model_version", p.modelVersion());
        props.put("doc_string", p.docString());
        props.put("graph_name", p.graphName());
        props.put("metadata", p.metadata());
        m.put("properties", props);
        m.put("inputs", tensors(inputs));
        m.put("outputs", tensors(outputs));
        m.put("file_size", fileSize);
        m.put("sha256", sha256);
        m.put("initializer_params", initializerParams);
        m.put("source_params", sourceParams);
        m.put("params_explanation", paramsExplanation);
        m.put("total_macs", totalMacs);
        m.put("total_flops", totalFlops());
        m.put("source_macs", sourceMacs);
        m.put("node_count", nodeCount);
        List<Object> st = new ArrayList<>();
        for (StageSummary s : stages) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.name());
            e.put("params", s.params());
            e.put("macs", s.macs());
            e.put("macs_percent", s.macsPercent());
            e.put("output_shape", shape(s.outputShape()));
            e.put("node_count", s.nodeCount());
            st.add(e);
        }
        m.put("stages", st);
        List<Object> rows = new ArrayList<>();
        for (LayerRow r : layers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", r.index());
            e.put("name", r.name());
            e.put("module", r.module());
            e.put("op", r.opType());
            e.put("stage", r.stage());
            e.put("output_shape", shape(r.outputShape()));
            e.put("params", r.params());
            e.put("macs", r.macs());
            e.put("macs_percent", r.macsPercent());
            rows.add(e);
        }
        m.put("layers", rows);
        m.put("not_counted_ops", notCountedOps);
        m.put("notes", notes);
        return m;
    }

    private static Object shape(TensorShape s) {
        return s == null ? null : s.toJson();
    }

    private static List<Object> tensors(List<TensorInfo> list) {
        List<Object> out = new ArrayList<>();
        for (TensorInfo t : list) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name());
            e.put("element_type", t.elementType());
            e.put("shape", shape(t.shape()));
            out.add(e);
        }
        return out;
    }
}
