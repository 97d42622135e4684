package io.resnextexplorer.service;

import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.onnx.ModelInspector;
import io.resnextexplorer.onnx.OnnxGraphReader;
import java.io.IOException;
import java.nio.file.Path;

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
}
