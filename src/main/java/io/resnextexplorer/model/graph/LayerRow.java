package io.resnextexplorer.model.graph;

/**
 * One counted node of the layer table: a node with multiply-accumulates (Conv, Gemm, MatMul) or
 * with initializer elements attributed to it.
 *
 * @param index position of the node in the graph (0-based, file order)
 * @param name node name ("" if the file has none)
 * @param module torch module path the node came from when the export records it, e.g. {@code
 *     layer1.0.conv2} (from weight names, dynamo name scopes or legacy node paths), else ""
 * @param opType operator, e.g. "Conv"
 * @param stage stage name ("stem", "layer1".."layer4", "head" or "other")
 * @param outputShape inferred shape of the first output (batch as its symbol), or null if unknown
 * @param params initializer elements first consumed by this node (shared initializers count once)
 * @param macs multiply-accumulates of one forward pass at the declared input shape (a symbolic
 *     batch counts as 1)
 * @param macsPercent share of the model's total MACs, 0..100
 */
public record LayerRow(
        int index,
        String name,
        String module,
        String opType,
        String stage,
        TensorShape outputShape,
        long params,
        long macs,
        double macsPercent) {}
