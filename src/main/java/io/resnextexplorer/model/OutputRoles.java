package io.resnextexplorer.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which graph output plays which role: {@code logits} ([N, classes], always present), {@code
 * features} (the last stage's [N, C, h, w] map, for heatmaps and embeddings), and later stage
 * activations. Read from our metadata ({@code resnext_explorer.outputs}); for plain ONNX files
 * guessed from the output shapes, and then {@link #guessed()} says so.
 *
 * @param byRole role -> output name, in the file's order
 * @param guessed true when the roles come from shapes, not from the file's metadata
 */
public record OutputRoles(Map<String, String> byRole, boolean guessed) {
    public static final String LOGITS = "logits";
    public static final String FEATURES = "features";

    public OutputRoles {
        byRole = Collections.unmodifiableMap(new LinkedHashMap<>(byRole));
        if (!byRole.containsKey(LOGITS)) {
            throw new IllegalArgumentException("no logits output among " + byRole);
        }
    }

    /** The output name for {@code role}, or null. */
    public String name(String role) {
        return byRole.get(role);
    }

    public String logits() {
        return byRole.get(LOGITS);
    }

    /** The last-stage feature map's output name, or null when the graph has none. */
    public String features() {
        return byRole.get(FEATURES);
    }
}
