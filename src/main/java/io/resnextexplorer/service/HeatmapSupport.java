package io.resnextexplorer.service;

import io.resnextexplorer.heatmap.LinearHead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a loaded model can draw heatmaps, and what with: the classifier head found in its graph
 * (global average pool + linear layer) and the outputs added to its in-memory copy.
 */
public final class HeatmapSupport {
    private final LinearHead head;
    private final String featureOutput;
    private final Map<String, String> stageTensors;
    private final String reason;

    private HeatmapSupport(
            LinearHead head,
            String featureOutput,
            Map<String, String> stageTensors,
            String reason) {
        this.head = head;
        this.featureOutput = featureOutput;
        this.stageTensors =
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stageTensors));
        this.reason = reason;
    }

    static HeatmapSupport of(
            LinearHead head, String featureOutput, Map<String, String> stageTensors) {
        return new HeatmapSupport(head, featureOutput, stageTensors, null);
    }

    static HeatmapSupport unavailable(String reason) {
        return new HeatmapSupport(null, null, Map.of(), reason);
    }

    /** True when CAMs can be drawn for this model. */
    public boolean available() {
        return head != null;
    }

    /** Why there are no heatmaps for this model, in one line; null when {@link #available()}. */
    public String reason() {
        return reason;
    }

    /** Stages with an activation map ("stem", "layer1", ...), in depth order; may be empty. */
    public List<String> stages() {
        return List.copyOf(stageTensors.keySet());
    }

    /** Stage -> graph tensor name. */
    Map<String, String> stageTensors() {
        return stageTensors;
    }

    /** The graph tensor the CAM is computed from (the feature map feeding the pool). */
    public String featureOutput() {
        return featureOutput;
    }

    LinearHead head() {
        return head;
    }
}
