package io.resnextexplorer.testing;

import io.resnextexplorer.app.App;
import io.resnextexplorer.session.SessionCore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The window's own guard ({@link App#refuseOnFxThread}) that also notes each refused call, so a
 * test can assert that no slow work was ever asked of the FX thread, even where the window caught
 * the exception.
 */
public final class FxCallRecorder implements SessionCore.SlowCallGuard {
    /** Operations that were called on the FX application thread (should stay empty). */
    public final List<String> callsOnFxThread = new CopyOnWriteArrayList<>();

    @Override
    public void check(String operation) {
        try {
            App.refuseOnFxThread(operation);
        } catch (IllegalStateException e) {
            callsOnFxThread.add(operation);
            throw e;
        }
    }
}
