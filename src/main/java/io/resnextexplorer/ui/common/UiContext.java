package io.resnextexplorer.ui.common;

import io.resnextexplorer.session.SessionCore;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every view model gets injected: the session core, an executor for slow work (decoding,
 * inference, I/O) and an executor that publishes onto the FX thread ({@code Platform::runLater} in
 * the app; tests may run both on the calling thread).
 */
public record UiContext(SessionCore core, Executor background, Executor fx) {
    public UiContext {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(fx, "fx");
    }
}
