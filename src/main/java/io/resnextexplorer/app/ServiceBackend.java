package io.resnextexplorer.app;

import io.resnextexplorer.inference.ExecutionProvider;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.ui.common.CropBox;
import io.resnextexplorer.ui.common.ExplorerBackend;
import io.resnextexplorer.ui.common.ModelHandle;
import io.resnextexplorer.ui.common.Picture;
import java.nio.file.Path;

/**
 * TEMPORARY: stands in for the adapter to ClassificationService until the service layer compiles on
 * main (it waits for imageio/preprocess). Every call says so; the window still opens.
 */
final class ServiceBackend implements ExplorerBackend {
    private static final String WHY =
            "the classification service is not in this build yet (merge main)";

    @Override
    public ModelHandle load(Path onnx, ExecutionProvider provider) {
        throw new IllegalStateException(WHY);
    }

    @Override
    public Picture decode(Path file) {
        throw new IllegalStateException(WHY);
    }

    @Override
    public Picture decode(byte[] data, String name) {
        throw new IllegalStateException(WHY);
    }

    @Override
    public Classification classify(
            ModelHandle model, Picture picture, int topK, boolean withLogits) {
        throw new IllegalStateException(WHY);
    }

    @Override
    public CropBox cropBox(ModelHandle model, int imageWidth, int imageHeight) {
        throw new IllegalStateException(WHY);
    }

    @Override
    public void close() {}
}
