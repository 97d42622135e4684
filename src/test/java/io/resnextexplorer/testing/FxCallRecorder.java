package io.resnextexplorer.testing;

import io.resnextexplorer.app.App;
import io.resnextexplorer.session.SessionCore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The window's own guard ({@link App#refuseOnFxThread}) that also notes each refused call, so a
 * test can assert that no slow work was ever asked of the FX thread, even where the window caught
 * the exception.
 */
public final class FxCallRecorder implements SessionCore.SlowCallGuard {
    /** Operations that were called on the FX application thread (should stay empty). */
    public final List<String> callsOnFxThread = new CopyOnWriteArrayList<>();

    private volatile Hold hold;

    /**
     * The next worker call of {@code operation} waits inside the guard until the hold is released,
     * so a test can look at the window while a background call is certainly in progress.
     */
    public Hold holdNext(String operation) {
        Hold h = new Hold(operation);
        hold = h;
        return h;
    }

    @Override
    public void check(String operation) {
        try {
            App.refuseOnFxThread(operation);
        } catch (IllegalStateException e) {
            callsOnFxThread.add(operation);
            throw e;
        }
        Hold h = hold;
        if (h != null && h.operation.equals(operation)) {
            hold = null;
            h.block();
        }
    }

    /** One held call: {@link #awaitHeld} until a worker is inside it, then {@link #release}. */
    public static final class Hold {
        private final String operation;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String operation) {
            this.operation = operation;
        }

        private void block() {
            entered.countDown();
            try {
                // Bounded so a failed test cannot leave a worker parked for ever.
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** True once a worker thread is waiting inside the held call. */
        public boolean awaitHeld() throws InterruptedException {
            return entered.await(60, TimeUnit.SECONDS);
        }

        public void release() {
            released.countDown();
        }
    }
}
