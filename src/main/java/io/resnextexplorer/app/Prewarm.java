package io.resnextexplorer.app;

import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.ui.common.Settings;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work the window will need, started from {@code main} while JavaFX starts its toolkit (~0.5 s in
 * which the FX thread does not exist yet): the settings file, and ONNX Runtime's and the metadata
 * reader's one-time start-up for the first model load. Each result is used if ready and waited for
 * if not; when nothing was started (a test launching {@link App} itself) the caller does the work.
 */
final class Prewarm {
    private static final Logger LOG = LoggerFactory.getLogger(Prewarm.class);

    private static volatile CompletableFuture<Settings> settings;
    private static volatile Path settingsFile;

    private Prewarm() {}

    static void start() {
        Path file = Settings.file();
        settingsFile = file;
        settings = CompletableFuture.supplyAsync(() -> Settings.load(file), Prewarm::daemon);
        // Native library loading on a thread with the stack native calls need (NativeThreads).
        Thread native_ =
                new Thread(
                        null,
                        () -> {
                            try {
                                ClassificationService.warmUp();
                            } catch (RuntimeException | LinkageError e) {
                                // The first load will meet the same problem and report it.
                                LOG.debug("warm-up failed: {}", e.toString());
                            }
                        },
                        "warm-up",
                        NativeThreads.stackBytes());
        native_.setDaemon(true);
        native_.start();
    }

    /** The settings read from {@code file}: the early read's when it was of that file. */
    static Settings settings(Path file) {
        CompletableFuture<Settings> early = settings;
        if (early != null && file.equals(settingsFile)) {
            try {
                return early.join();
            } catch (java.util.concurrent.CompletionException e) {
                LOG.debug("early settings read failed: {}", e.toString());
            }
        }
        return Settings.load(file);
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "settings");
        t.setDaemon(true);
        t.start();
    }
}
