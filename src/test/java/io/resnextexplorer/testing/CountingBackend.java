package io.resnextexplorer.testing;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.ui.common.CropBox;
import io.resnextexplorer.ui.common.ExplorerBackend;
import io.resnextexplorer.ui.common.GraphFigures;
import io.resnextexplorer.ui.common.ModelHandle;
import io.resnextexplorer.ui.common.Picture;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/**
 * A spy around a real backend: every call goes to the delegate unchanged (same arguments, same
 * result, same exception); it only counts decodes and classifications and notes any call made on
 * the FX thread, where slow work must never run.
 */
public final class CountingBackend implements ExplorerBackend {
    private final ExplorerBackend delegate;

    /** Calls to {@link #classify}, successful or not. */
    public final AtomicInteger classifyCalls = new AtomicInteger();

    /** Calls to either {@code decode}, successful or not. */
    public final AtomicInteger decodeCalls = new AtomicInteger();

    /** Names of the methods that were called on the FX application thread (should stay empty). */
    public final List<String> callsOnFxThread = new CopyOnWriteArrayList<>();

    public CountingBackend(ExplorerBackend delegate) {
        this.delegate = delegate;
    }

    private void note(String method) {
        if (Platform.isFxApplicationThread()) {
            callsOnFxThread.add(method);
        }
    }

    @Override
    public ModelHandle load(Path onnx, ExecutionProvider provider) {
        note("load");
        return delegate.load(onnx, provider);
    }

    @Override
    public Picture decode(Path file) {
        note("decode");
        decodeCalls.incrementAndGet();
        return delegate.decode(file);
    }

    @Override
    public Picture decode(byte[] data, String name) {
        note("decode");
        decodeCalls.incrementAndGet();
        return delegate.decode(data, name);
    }

    @Override
    public Classification classify(
            ModelHandle model, Picture picture, int topK, boolean withLogits) {
        note("classify");
        classifyCalls.incrementAndGet();
        return delegate.classify(model, picture, topK, withLogits);
    }

    @Override
    public CropBox cropBox(ModelHandle model, int imageWidth, int imageHeight) {
        note("cropBox");
        return delegate.cropBox(model, imageWidth, imageHeight);
    }

    @Override
    public GraphFigures inspect(Path onnx) {
        note("inspect");
        return delegate.inspect(onnx);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
