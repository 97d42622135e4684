package io.resnextexplorer.ui.common;

import java.util.List;

/**
 * What the ONNX graph itself says, counted by the graph inspector.
 *
 * @param params elements in all graph initializers
 * @param macs multiply-accumulates of one forward pass at the declared input shape
 * @param complete whether every node's MACs could be counted
 * @param stages per-stage figures in network order
 */
public record GraphFigures(long params, long macs, boolean complete, List<Stage> stages) {
    public GraphFigures {
        stages = List.copyOf(stages);
    }

    /** One stage (stem, layer1..4, head): parameters, MACs, share of all MACs in percent. */
    public record Stage(String name, long params, long macs, double macsPercent) {}
}
