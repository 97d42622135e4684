package io.resnextexplorer.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors a model file declares, as far as classification needs them.
 *
 * @param inputName the image input
 * @param inputShape its shape, NCHW; -1 for a dynamic dimension
 * @param outputs every output's name and shape (-1 for dynamic), in declaration order
 */
public record ModelSignature(String inputName, long[] inputShape, Map<String, long[]> outputs) {
    public ModelSignature {
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
