package io.resnextexplorer.onnx;

import java.util.List;
import java.util.Map;

/**
 * One graph node in file order (ONNX requires topological order).
 *
 * @param name node name, may be empty
 * @param opType operator, e.g. "Conv"
 * @param domain operator domain, "" for the default ONNX domain
 * @param inputs input tensor names ("" marks an omitted optional input)
 * @param outputs output tensor names
 * @param attributes attributes by name, in file order
 * @param metadata the node's metadata_props (the dynamo exporter writes module scopes here)
 */
public record OnnxNode(
        String name,
        String opType,
        String domain,
        List<String> inputs,
        List<String> outputs,
        Map<String, OnnxAttribute> attributes,
        Map<String, String> metadata) {

    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public OnnxAttribute attribute(String attributeName) {
        return attributes.get(attributeName);
    }

    long intAttr(String attributeName, long fallback) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null ? fallback : a.intValue();
    }

    List<Long> intsAttr(String attributeName) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null ? null : a.ints();
    }

    String stringAttr(String attributeName, String fallback) {
        OnnxAttribute a = attributes.get(attributeName);
        return a == null || a.stringValue() == null ? fallback : a.stringValue();
    }

    /** Input at {@code i}, or null when absent or omitted (""). */
    String input(int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty() ? inputs.get(i) : null;
    }
}
