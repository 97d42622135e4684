package io.resnextexplorer.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.shell.MainView;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: builds the executor, the session core and the window; closes them on
 * exit.
 */
public final class App extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    static final List<Integer> ICON_SIZES = List.of(16, 32, 48, 64, 128, 256, 512);

    private ExecutorService executor;
    private SessionCore core;
    private Explorer explorer;
    private Settings settings;
    private Path settingsFile;

    private java.util.concurrent.CompletableFuture<List<Image>> icons;

    /**
     * Reads the settings file on the launcher thread, not the FX thread; the icons (seven PNGs,
     * ~150 ms) load meanwhile on their own thread, so the window does not wait for them.
     */
    @Override
    public void init() {
        settingsFile = Settings.file();
        settings = Prewarm.settings(settingsFile);
        icons = java.util.concurrent.CompletableFuture.supplyAsync(App::icons, App::iconThread);
    }

    @Override
    public void start(Stage stage) {
        GuiArgs args;
        try {
            args = GuiArgs.parse(getParameters().getRaw());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}", e.getMessage());
            args = new GuiArgs(null, List.of());
        }
        executor = newWorkerPool();
        core = SessionCore.guarded(App::refuseOnFxThread);
        explorer =
                new Explorer(
                        new UiContext(core, executor, Platform::runLater),
                        settings,
                        settingsFile,
                        args);

        Scene scene = new Scene(explorer.view(), settings.windowWidth, settings.windowHeight);
        stage.setTitle("ResNeXt Explorer");
        icons.thenAccept(list -> Platform.runLater(() -> stage.getIcons().setAll(list)))
                .exceptionally(
                        e -> {
                            LOG.warn("window icons could not be read: {}", e.toString());
                            return null;
                        });
        applyMinimumSize(stage);
        stage.setScene(scene);
        restoreGeometry(stage);
        StartupLog startup = new StartupLog();
        stage.setOnShown(e -> startup.windowShown());
        explorer.session()
                .resultProperty()
                .addListener(
                        (obs, was, now) -> {
                            var model = explorer.session().modelProperty().get();
                            if (now != null && model != null) {
                                startup.firstPrediction(model.info().id());
                            }
                        });
        stage.show();
    }

    /**
     * The core's guard in the window: decoding, inference and I/O on the FX thread would freeze it,
     * so such a call is a bug; it fails loudly where it is made instead of stalling.
     */
    public static void refuseOnFxThread(String operation) {
        if (Platform.isFxApplicationThread()) {
            IllegalStateException e =
                    new IllegalStateException(operation + " must not run on the FX thread");
            LOG.error("slow call on the FX thread", e);
            throw e;
        }
    }

    /** AtlantaFX Primer light or dark for the whole application. */
    static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(
                dark
                        ? new PrimerDark().getUserAgentStylesheet()
                        : new PrimerLight().getUserAgentStylesheet());
    }

    private static void iconThread(Runnable r) {
        Thread t = new Thread(r, "icons");
        t.setDaemon(true);
        t.start();
    }

    /** The window icons, from the PNGs rendered from icons/resnext-explorer.svg. */
    static List<Image> icons() {
        return ICON_SIZES.stream()
                .map(s -> App.class.getResourceAsStream("icons/icon-" + s + ".png"))
                .filter(java.util.Objects::nonNull)
                .map(
                        in -> {
                            try (InputStream i = in) {
                                return new Image(i);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                .toList();
    }

    /**
     * The smallest window that still shows image, bars and card ({@link MainView#MIN_WIDTH} x
     * {@link MainView#MIN_HEIGHT}); below {@link MainView#COMPACT_WIDTH} the library folds away.
     */
    public static void applyMinimumSize(Stage stage) {
        stage.setMinWidth(MainView.MIN_WIDTH);
        stage.setMinHeight(MainView.MIN_HEIGHT);
    }

    private void restoreGeometry(Stage stage) {
        if (!Double.isNaN(settings.windowX) && !Double.isNaN(settings.windowY)) {
            // Only restore a position that is still on some screen (monitors change).
            boolean visible =
                    Screen.getScreens().stream()
                            .map(Screen::getVisualBounds)
                            .anyMatch(
                                    (Rectangle2D b) ->
                                            b.intersects(
                                                    settings.windowX,
                                                    settings.windowY,
                                                    Math.max(100, settings.windowWidth),
                                                    Math.max(100, settings.windowHeight)));
            if (visible) {
                stage.setX(settings.windowX);
                stage.setY(settings.windowY);
            }
        }
        stage.setMaximized(settings.maximized);
    }

    @Override
    public void stop() {
        Stage stage = null;
        if (explorer != null) {
            javafx.stage.Window w =
                    explorer.view().getScene() == null
                            ? null
                            : explorer.view().getScene().getWindow();
            if (w instanceof Stage s) {
                stage = s;
            }
        }
        if (stage != null) {
            settings.maximized = stage.isMaximized();
            if (!stage.isMaximized()) {
                settings.windowX = stage.getX();
                settings.windowY = stage.getY();
                settings.windowWidth = stage.getWidth();
                settings.windowHeight = stage.getHeight();
            }
        }
        if (explorer != null) {
            explorer.saveSettings(); // queued on the executor, written before it terminates
            explorer.session().cancel();
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        // Close native sessions only when no worker can still be using them.
        if (explorer != null) {
            explorer.close();
        }
        if (core != null) {
            core.close();
        }
    }

    /**
     * The background executor: two daemon workers (decoding, inference, I/O) with stacks big enough
     * for ONNX Runtime ({@link NativeThreads}).
     */
    public static ExecutorService newWorkerPool() {
        ThreadPoolExecutor pool =
                (ThreadPoolExecutor)
                        Executors.newFixedThreadPool(
                                2, NativeThreads.daemonFactory("explorer-worker"));
        // The queue is unbounded, so only work handed in after shutdown is refused: e.g. a model
        // load that finishes while the window closes asks the card to count MACs. Drop it rather
        // than throw on the FX thread.
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        return pool;
    }
}
