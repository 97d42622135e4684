package io.resnextexplorer.model.graph;

/**
 * Figures for one stage of a ResNet-style network.
 *
 * @param name "stem", "layer1".."layer4", "head" or "other"
 * @param params initializer elements attributed to the stage's nodes
 * @param macs multiply-accumulates of the stage at the declared input shape (a symbolic batch
 *     counts as 1)
 * @param macsPercent share of the model's total MACs, 0..100
 * @param outputShape shape of the stage's last output, or null if unknown
 * @param nodeCount number of graph nodes assigned to the stage
 */
public record StageSummary(
        String name,
        long params,
        long macs,
        double macsPercent,
        TensorShape outputShape,
        int nodeCount) {}
