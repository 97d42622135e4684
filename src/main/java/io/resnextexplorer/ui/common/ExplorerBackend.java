package io.resnextexplorer.ui.common;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import java.nio.file.Path;

/**
 * What the GUI needs from the service layer, in the GUI's own terms. The app wires it to {@code
 * ClassificationService}; tests pass a fake. Every method is slow and must be called off the FX
 * thread. Failures are unchecked exceptions whose message is written for the user.
 */
public interface ExplorerBackend extends AutoCloseable {

    /** Opens a model file on the requested provider (falls back to the CPU, saying why). */
    ModelHandle load(Path onnx, ExecutionProvider provider);

    /** Decodes an image file; throws with a user-readable message for anything else. */
    Picture decode(Path file);

    /** Decodes image bytes (dragged from a browser, pasted, fetched from a URL). */
    Picture decode(byte[] data, String name);

    /** Classifies one decoded image with one model. */
    Classification classify(ModelHandle model, Picture picture, int topK, boolean withLogits);

    /** The region of the original image the model sees (the center crop), in image pixels. */
    CropBox cropBox(ModelHandle model, int imageWidth, int imageHeight);

    /** Counts parameters and MACs in the model's graph (reads the whole file: slow). */
    GraphFigures inspect(Path onnx);

    @Override
    void close();
}
