package io.resnextexplorer.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a global-average-pool + linear head in a graph from its operators alone (no metadata), so
 * CAMs work on plain classifier exports too: timm's {@code onnx_export} (GlobalAveragePool,
 * Flatten, Gemm) and the dynamo exporter's graphs (ReduceMean over axes 2,3, Reshape, Gemm), or
 * MatMul + Add heads. Also names each stage's output tensor for stage activation maps.
 */
public final class HeadFinder {
    /** Ops between the pool and the linear layer that only reshape (or do nothing at inference). */
    private static final Set<String> PASS_THROUGH =
            Set.of("Flatten", "Reshape", "Squeeze", "Identity", "Dropout");

    private HeadFinder() {}

    /** Looks for the head of {@code model}; never throws for an unusual graph. */
    public static ClassifierHead.Search find(OnnxModel model) {
        Map<String, OnnxTensor> inits = new HashMap<>();
        for (OnnxTensor t : model.initializers()) {
            inits.put(t.name(), t);
        }
        Map<String, String> aliases = new HashMap<>();
        Map<String, List<OnnxNode>> consumers = new HashMap<>();
        Map<String, OnnxNode> constants = new HashMap<>();
        for (OnnxNode n : model.nodes()) {
            if (n.opType().equals("Identity") && n.input(0) != null) {
                String root = aliases.getOrDefault(n.input(0), n.input(0));
                if (inits.containsKey(root)) {
                    aliases.put(n.outputs().get(0), root);
                }
            }
            if (n.opType().equals("Constant") && !n.outputs().isEmpty()) {
                constants.put(n.outputs().get(0), n);
            }
            for (String in : n.inputs()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        Set<String> graphOutputs = new java.util.HashSet<>();
        model.outputs().forEach(o -> graphOutputs.add(o.name()));

        List<OnnxNode> pools = new ArrayList<>();
        for (OnnxNode n : model.nodes()) {
            if (isGlobalAveragePool(n, inits, constants)) {
                pools.add(n);
            }
        }
        if (pools.isEmpty()) {
            return none("no global average pool over a 2-D feature map in the graph");
        }
        String lastReason = null;
        // The pool nearest the output is the classifier's; earlier ones (squeeze-excite) are not.
        for (int p = pools.size() - 1; p >= 0; p--) {
            OnnxNode pool = pools.get(p);
            String tensor = pool.outputs().get(0);
            OnnxNode next = single(consumers.get(tensor));
            while (next != null && PASS_THROUGH.contains(next.opType())) {
                tensor = next.outputs().get(0);
                next = single(consumers.get(tensor));
            }
            if (next == null) {
                lastReason = "the global average pool does not feed a single linear layer";
                continue;
            }
            ClassifierHead.Search s =
                    linear(model, pool, tensor, next, inits, aliases, consumers, graphOutputs);
            if (s.found()) {
                return s;
            }
            lastReason = s.reason();
        }
        return none(lastReason);
    }

    private static ClassifierHead.Search linear(
            OnnxModel model,
            OnnxNode pool,
            String pooled,
            OnnxNode lin,
            Map<String, OnnxTensor> inits,
            Map<String, String> aliases,
            Map<String, List<OnnxNode>> consumers,
            Set<String> graphOutputs) {
        String feature = pool.input(0);
        if (lin.opType().equals("Gemm")) {
            if (!pooled.equals(lin.input(0)) || lin.intAttr("transA", 0) != 0) {
                return none("the classifier Gemm does not take the pooled features as its A input");
            }
            String w = initializer(lin.input(1), inits, aliases);
            if (w == null || inits.get(w).dims().size() != 2) {
                return none("the classifier's weights are computed in the graph, not stored");
            }
            String b = lin.input(2) == null ? null : initializer(lin.input(2), inits, aliases);
            if (lin.input(2) != null && b == null) {
                return none("the classifier's bias is computed in the graph, not stored");
            }
            String out = lin.outputs().get(0);
            if (!graphOutputs.contains(out)) {
                return none("the linear layer after the pool is not the model's output");
            }
            float alpha = lin.attribute("alpha") == null ? 1f : lin.attribute("alpha").floatValue();
            float beta = lin.attribute("beta") == null ? 1f : lin.attribute("beta").floatValue();
            return found(
                    model,
                    feature,
                    pool,
                    "Gemm",
                    w,
                    lin.intAttr("transB", 0) == 1,
                    b,
                    alpha,
                    beta,
                    out,
                    aliases,
                    inits);
        }
        if (lin.opType().equals("MatMul")) {
            if (!pooled.equals(lin.input(0))) {
                return none("the classifier MatMul does not take the pooled features first");
            }
            String w = initializer(lin.input(1), inits, aliases);
            if (w == null || inits.get(w).dims().size() != 2) {
                return none("the classifier's weights are computed in the graph, not stored");
            }
            String out = lin.outputs().get(0);
            String bias = null;
            OnnxNode add = single(consumers.get(out));
            if (add != null && add.opType().equals("Add")) {
                String other = out.equals(add.input(0)) ? add.input(1) : add.input(0);
                bias = initializer(other, inits, aliases);
                if (bias == null) {
                    return none("the classifier's bias is computed in the graph, not stored");
                }
                out = add.outputs().get(0);
            }
            if (!graphOutputs.contains(out)) {
                return none("the linear layer after the pool is not the model's output");
            }
            return found(
                    model, feature, pool, "MatMul", w, false, bias, 1f, 1f, out, aliases, inits);
        }
        return none(
                "the global average pool feeds "
                        + lin.opType()
                        + ", not a linear layer (Gemm or MatMul)");
    }

    private static ClassifierHead.Search found(
            OnnxModel model,
            String feature,
            OnnxNode pool,
            String linearOp,
            String weight,
            boolean classesFirst,
            String bias,
            float alpha,
            float beta,
            String logits,
            Map<String, String> aliases,
            Map<String, OnnxTensor> inits) {
        Map<String, String> stages = stageOutputs(model, aliases, inits.keySet(), feature);
        return new ClassifierHead.Search(
                new ClassifierHead(
                        feature,
                        pool.opType(),
                        linearOp,
                        weight,
                        classesFirst,
                        bias,
                        alpha,
                        beta,
                        logits,
                        stages),
                null);
    }

    /**
     * Per stage, the tensor it hands on: produced by one of its nodes and read by a node of another
     * stage. The last stage's output is the feature map itself.
     */
    static Map<String, String> stageOutputs(
            OnnxModel model, Map<String, String> aliases, Set<String> initNames, String feature) {
        String[] stage = StageAssigner.assign(model, aliases, initNames);
        List<OnnxNode> nodes = model.nodes();
        Map<String, String> stageOf = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).outputs()) {
                stageOf.put(o, stage[i]);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String consumer = stage[i];
            for (String in : nodes.get(i).inputs()) {
                String producer = stageOf.get(in);
                if (producer == null
                        || producer.equals(consumer)
                        || !(producer.equals("stem") || producer.startsWith("layer"))
                        || StageAssigner.OTHER.equals(consumer)) {
                    continue;
                }
                // The first hand-over wins: a stage's output is read first by the next stage.
                out.putIfAbsent(producer, in);
            }
        }
        if (out.isEmpty() || !out.containsValue(feature)) {
            return Map.of();
        }
        return out;
    }

    private static boolean isGlobalAveragePool(
            OnnxNode n, Map<String, OnnxTensor> inits, Map<String, OnnxNode> constants) {
        if (n.opType().equals("GlobalAveragePool")) {
            return true;
        }
        if (!n.opType().equals("ReduceMean")) {
            return false;
        }
        List<Long> axes = n.intsAttr("axes");
        if (axes == null && n.input(1) != null) {
            OnnxTensor t = inits.get(n.input(1));
            if (t == null && constants.containsKey(n.input(1))) {
                OnnxAttribute v = constants.get(n.input(1)).attribute("value");
                t = v == null ? null : v.tensor();
            }
            axes = t == null ? null : t.int64Values();
        }
        if (axes == null || axes.size() != 2) {
            return false;
        }
        // Rank 4 is implied by a 2-D pool over H and W; -2,-1 say the same for NCHW.
        return (axes.contains(2L) && axes.contains(3L))
                || (axes.contains(-2L) && axes.contains(-1L));
    }

    private static String initializer(
            String name, Map<String, OnnxTensor> inits, Map<String, String> aliases) {
        if (name == null) {
            return null;
        }
        String root = aliases.getOrDefault(name, name);
        return inits.containsKey(root) ? root : null;
    }

    private static OnnxNode single(List<OnnxNode> list) {
        return list != null && list.size() == 1 ? list.get(0) : null;
    }

    private static ClassifierHead.Search none(String reason) {
        return new ClassifierHead.Search(null, reason);
    }
}
