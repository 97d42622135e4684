package io.resnextexplorer.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A global-average-pool + linear classifier head found in a graph, and the tensors a heatmap needs.
 *
 * <p>The logits are {@code y[c] = alpha * sum_k W[c,k] * mean_ij(A[k,i,j]) + beta * b[c]}, with A
 * the feature map that feeds the pool. Weights are named, not loaded: read them with {@link
 * InitializerValues}.
 *
 * @param featureTensor the [N, C, h, w] tensor feeding the global average pool
 * @param poolOp "GlobalAveragePool" or "ReduceMean"
 * @param linearOp "Gemm" or "MatMul"
 * @param weightName initializer holding the classifier weights
 * @param weightClassesFirst true when the initializer is [classes, C] (Gemm transB=1), false when
 *     [C, classes]
 * @param biasName initializer holding the bias ([classes], [1, classes] or a scalar), or null
 * @param alpha Gemm alpha (1 for MatMul)
 * @param beta Gemm beta (1 for MatMul + Add)
 * @param logitsOutput the graph output the linear layer writes
 * @param stageOutputs stage ("stem", "layer1", ...) -> the tensor that stage hands to the next, in
 *     graph order; empty when the graph's stages cannot be told apart
 */
public record ClassifierHead(
        String featureTensor,
        String poolOp,
        String linearOp,
        String weightName,
        boolean weightClassesFirst,
        String biasName,
        float alpha,
        float beta,
        String logitsOutput,
        Map<String, String> stageOutputs) {
    public ClassifierHead {
        stageOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(stageOutputs));
    }

    /**
     * The result of looking for a head: either one, or why the graph has none in one line.
     *
     * @param head the head, or null
     * @param reason why there is no CAM for this model, or null when {@code head} is set
     */
    public record Search(ClassifierHead head, String reason) {
        public boolean found() {
            return head != null;
        }
    }
}
