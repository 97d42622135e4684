package io.resnextexplorer.model.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model-level fields of an ONNX file.
 *
 * @param irVersion ONNX IR version
 * @param opsetImports operator set version by domain ("" = default ONNX domain)
 * @param producerName e.g. "pytorch"
 * @param producerVersion e.g. "2.14.1"
 * @param domain model domain, often empty
 * @param modelVersion model_version field, 0 if unset
 * @param docString model doc string, "" if unset
 * @param graphName graph name, "" if unset
 * @param metadata all metadata_props in file order (our {@code resnext_explorer.*} keys and any
 *     others)
 */
public record ModelProperties(
        long irVersion,
        Map<String, Long> opsetImports,
        String producerName,
        String producerVersion,
        String domain,
        long modelVersion,
        String docString,
        String graphName,
        Map<String, String> metadata) {

    public ModelProperties {
        opsetImports = Collections.unmodifiableMap(new LinkedHashMap<>(opsetImports));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Opset of the default ONNX domain, or 0 if not imported. */
    public long defaultOpset() {
        Long v = opsetImports.get("");
        if (v == null) {
            v = opsetImports.get("ai.onnx");
        }
        return v == null ? 0 : v;
    }
}
