package io.resnextexplorer.ui.common;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every view model gets injected: the backend, an executor for slow work (decoding, inference,
 * I/O) and an executor that publishes onto the FX thread ({@code Platform::runLater} in the app;
 * tests may run both on the calling thread).
 */
public record UiContext(ExplorerBackend backend, Executor background, Executor fx) {
    public UiContext {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(fx, "fx");
    }
}
