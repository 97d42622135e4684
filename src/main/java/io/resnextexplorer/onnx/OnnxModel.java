package io.resnextexplorer.onnx;

import io.resnextexplorer.model.graph.ModelProperties;
import io.resnextexplorer.model.graph.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The structure of an ONNX file as read by {@link OnnxGraphReader}: no weights, only names, shapes
 * and types.
 *
 * @param source the file read, or null
 * @param fileSize size of the .onnx file in bytes (external data files not included)
 * @param properties model-level fields and metadata
 * @param inputs graph inputs that are not initializers
 * @param outputs graph outputs
 * @param nodes nodes in file (topological) order
 * @param initializers graph initializers (weights), payload not loaded
 * @param valueInfo shapes the file declares for intermediate tensors, by name
 */
public record OnnxModel(
        Path source,
        long fileSize,
        ModelProperties properties,
        List<TensorInfo> inputs,
        List<TensorInfo> outputs,
        List<OnnxNode> nodes,
        List<OnnxTensor> initializers,
        Map<String, TensorInfo> valueInfo) {

    public OnnxModel {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        nodes = List.copyOf(nodes);
        initializers = List.copyOf(initializers);
        valueInfo = Map.copyOf(valueInfo);
    }

    /** The metadata_props (string to string), for the metadata reader to reuse. */
    public Map<String, String> metadata() {
        return properties.metadata();
    }

    /** Sum of the element counts of all initializers. */
    public long initializerElements() {
        long n = 0;
        for (OnnxTensor t : initializers) {
            n += t.elementCount();
        }
        return n;
    }
}
