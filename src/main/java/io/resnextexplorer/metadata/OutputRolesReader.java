package io.resnextexplorer.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.ModelSignature;
import io.resnextexplorer.model.OutputRoles;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which graph output is which: read from {@code resnext_explorer.outputs} (role -> output name, as
 * the exporter writes it), else guessed from shapes for plain ONNX files: an output named "logits"
 * or the first [N, classes] output with a fixed class count is the logits; the first other 4-D
 * output is the feature map.
 */
public final class OutputRolesReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputRolesReader() {}

    /**
     * @throws MetadataException when the metadata names outputs the graph lacks, gives logits a
     *     shape that is not [N, classes], or the graph has no [N, classes] output at all
     */
    public static OutputRoles read(
            Map<String, String> metadata, ModelSignature signature, Path file) {
        String raw = metadata.get(MetadataKeys.OUTPUTS);
        if (raw == null) {
            return guess(signature, file);
        }
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw new MetadataException(MetadataKeys.OUTPUTS + " is not valid JSON: " + raw, e);
        }
        if (node == null || !node.isObject()) {
            throw new MetadataException(
                    MetadataKeys.OUTPUTS + " must be a JSON object of role -> output name");
        }
        Map<String, String> byRole = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getValue().asText();
            if (!e.getValue().isTextual() || !signature.outputs().containsKey(name)) {
                throw new MetadataException(
                        MetadataKeys.OUTPUTS
                                + " names output '"
                                + e.getValue().asText()
                                + "' for "
                                + e.getKey()
                                + ", but the graph's outputs are "
                                + signature.outputs().keySet());
            }
            byRole.put(e.getKey(), name);
        }
        String logits = byRole.get(OutputRoles.LOGITS);
        if (logits == null) {
            throw new MetadataException(MetadataKeys.OUTPUTS + " names no logits output");
        }
        if (!isLogitsShape(signature.outputs().get(logits))) {
            throw notAClassifier(file);
        }
        return new OutputRoles(byRole, false);
    }

    private static OutputRoles guess(ModelSignature signature, Path file) {
        String logits = null;
        if (isLogitsShape(signature.outputs().get(OutputRoles.LOGITS))) {
            logits = OutputRoles.LOGITS;
        } else {
            for (Map.Entry<String, long[]> e : signature.outputs().entrySet()) {
                if (isLogitsShape(e.getValue())) {
                    logits = e.getKey();
                    break;
                }
            }
        }
        if (logits == null) {
            throw notAClassifier(file);
        }
        Map<String, String> byRole = new LinkedHashMap<>();
        byRole.put(OutputRoles.LOGITS, logits);
        for (Map.Entry<String, long[]> e : signature.outputs().entrySet()) {
            if (!e.getKey().equals(logits) && e.getValue().length == 4) {
                byRole.put(OutputRoles.FEATURES, e.getKey());
                break;
            }
        }
        return new OutputRoles(byRole, true);
    }

    private static boolean isLogitsShape(long[] shape) {
        return shape != null && shape.length == 2 && shape[1] > 0;
    }

    private static MetadataException notAClassifier(Path file) {
        return new MetadataException(
                "not an image classifier: "
                        + file.getFileName()
                        + " has no [N, classes] output with a fixed number of classes");
    }
}
