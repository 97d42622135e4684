package io.resnextexplorer.ui.common;

import io.resnextexplorer.model.graph.InspectionReport;
import java.util.List;

/**
 * What the model card shows of the graph inspector's report: totals and per-stage figures.
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

    /** The card's summary of a full inspection report. */
    public static GraphFigures of(InspectionReport r) {
        return new GraphFigures(
                r.initializerParams(),
                r.totalMacs(),
                r.complete(),
                r.stages().stream()
                        .map(st -> new Stage(st.name(), st.params(), st.macs(), st.macsPercent()))
                        .toList());
    }

    /** One stage (stem, layer1..4, head): parameters, MACs, share of all MACs in percent. */
    public record Stage(String name, long params, long macs, double macsPercent) {}
}
