package io.resnextexplorer.service;

import io.resnextexplorer.metadata.ModelMetadataReader;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelSignature;
import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.TensorInfo;
import io.resnextexplorer.model.graph.TensorShape;
import io.resnextexplorer.onnx.ModelInspector;
import io.resnextexplorer.onnx.OnnxGraphReader;
import io.resnextexplorer.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inspect use-case shared by the GUI and the CLI: parameters, MACs, stages and layers read from
 * any ONNX graph (no ONNX Runtime session needed). Slow for large files (reads and hashes the whole
 * file): call it off the FX thread.
 */
public final class InspectionService {

    /**
     * Inspects a model file.
     *
     * @throws IOException with a message for people when the file is missing, truncated or not ONNX
     *     ({@link io.resnextexplorer.onnx.OnnxFormatException})
     */
    public InspectionReport inspect(Path file) throws IOException {
        return inspect(file, true);
    }

    /**
     * Inspects a model file, optionally without hashing it (the hash reads the whole file again:
     * about half a second for a 355 MB model; a summary that does not show it should skip it).
     */
    public InspectionReport inspect(Path file, boolean withSha256) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
        return ModelInspector.inspect(OnnxGraphReader.read(file), withSha256);
    }

    /**
     * The model as {@link ClassificationService#load} would describe it (id, weights, classes,
     * labels, preprocessing, output roles, card), read from the graph's declared inputs and outputs
     * and its metadata by our own reader: no native ONNX Runtime session, so a file that would
     * crash the runtime cannot take the process with it. The rules for "image classifier" are those
     * of loading: one float32 input of rank 4 with 3 channels (or a dynamic channel count).
     *
     * @throws IOException when the file is missing, truncated or not ONNX
     */
    public ModelDescription describe(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
        OnnxModel graph = OnnxGraphReader.read(file);
        ModelSignature signature;
        try {
            signature = signature(graph, file);
        } catch (IllegalArgumentException e) {
            return new ModelDescription(null, e.getMessage());
        }
        long opset = graph.properties().defaultOpset();
        try {
            ModelInfo info =
                    ModelMetadataReader.read(
                            file,
                            graph.fileSize(),
                            graph.metadata(),
                            signature,
                            opset > 0 ? opset : null);
            return new ModelDescription(info, null);
        } catch (RuntimeException e) {
            return new ModelDescription(null, e.getMessage());
        }
    }

    private static ModelSignature signature(OnnxModel graph, Path file) {
        TensorInfo image = null;
        for (TensorInfo t : graph.inputs()) {
            if (t.shape() != null && t.shape().rank() == 4) {
                image = t;
                break;
            }
        }
        if (image == null) {
            throw new IllegalArgumentException(
                    "not an image classifier: "
                            + file.getFileName()
                            + " has no 4-D image input [N, 3, H, W] (inputs: "
                            + graph.inputs().stream()
                                    .map(t -> t.name() + " " + t.elementType() + " " + t.shape())
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + ")");
        }
        if (graph.inputs().size() != 1) {
            throw new IllegalArgumentException(
                    "not a single-input image classifier: "
                            + file.getFileName()
                            + " needs "
                            + graph.inputs().size()
                            + " inputs");
        }
        if (!"float32".equals(image.elementType())) {
            throw new IllegalArgumentException(
                    "unsupported input type "
                            + image.elementType()
                            + " in "
                            + file.getFileName()
                            + " (expected float32)");
        }
        long[] shape = dims(image.shape());
        if (shape[1] != 3 && shape[1] > 0) {
            throw new IllegalArgumentException(
                    "not an RGB image classifier: the input has "
                            + shape[1]
                            + " channels, expected 3");
        }
        Map<String, long[]> outputs = new LinkedHashMap<>();
        for (TensorInfo t : graph.outputs()) {
            if (t.shape() != null) {
                outputs.put(t.name(), dims(t.shape()));
            }
        }
        return new ModelSignature(image.name(), shape, outputs);
    }

    /** Declared dims, -1 for symbolic ones (as ONNX Runtime reports them). */
    private static long[] dims(TensorShape shape) {
        long[] out = new long[shape.rank()];
        for (int i = 0; i < out.length; i++) {
            Dim d = shape.dim(i);
            out[i] = d.isSymbolic() ? -1 : d.factor();
        }
        return out;
    }
}
