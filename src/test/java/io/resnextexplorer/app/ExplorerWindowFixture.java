package io.resnextexplorer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.FxCallRecorder;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.UserDirs;
import io.resnextexplorer.ui.library.ModelEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole window on the real backend, for one test: a user home of its own (the settings file,
 * the default models folder), the worker pool, a session core guarded by a {@link FxCallRecorder},
 * and, after the test, the app's own close order and a check that nothing slow ran on the FX
 * thread. Register it with {@code @RegisterExtension} next to TestFX's {@code ApplicationExtension}
 * and call {@link #open} from the {@code @Start} method.
 *
 * <p>The home is set through {@link UserDirs#HOME_PROPERTY} and put back as it was after each test,
 * so no test class sees another's home.
 */
public final class ExplorerWindowFixture implements AfterEachCallback {
    /** Every slow call asked of the FX thread (checked empty after each test). */
    public final FxCallRecorder guard = new FxCallRecorder();

    private Path home;
    private String previousHome;
    private ExecutorService executor;
    private SessionCore core;
    private Explorer explorer;

    /**
     * This test's user home, created and made the app's home on first use. Called by {@link #open},
     * so a test that asks after opening the window gets the same folder.
     */
    public Path home() throws IOException {
        if (home == null) {
            home = Files.createTempDirectory("explorer-home");
            previousHome = System.getProperty(UserDirs.HOME_PROPERTY);
            System.setProperty(UserDirs.HOME_PROPERTY, home.toString());
        }
        return home;
    }

    /** Opens the window at 1280x800 in the light theme, listing the models in {@code models}. */
    public Explorer open(Stage stage, Path models) throws IOException {
        return open(stage, models, UnaryOperator.identity());
    }

    /**
     * Like {@link #open(Stage, Path)}, with the window's root placed in a scene root of the test's
     * making (e.g. next to a drag source).
     */
    public Explorer open(Stage stage, Path models, UnaryOperator<Parent> sceneRoot)
            throws IOException {
        return open(stage, models, List.of(), sceneRoot);
    }

    /**
     * Like {@link #open(Stage, Path)}, with images named on the command line (they arrive while the
     * first model is still loading, as at a real launch).
     */
    public Explorer open(
            Stage stage, Path models, List<Path> images, UnaryOperator<Parent> sceneRoot)
            throws IOException {
        Path settingsFile = home().resolve("settings.json");
        executor = App.newWorkerPool();
        core = SessionCore.guarded(guard);
        explorer =
                new Explorer(
                        new UiContext(core, executor, Platform::runLater),
                        new Settings(),
                        settingsFile,
                        new GuiArgs(models, images));
        stage.setScene(new Scene(sceneRoot.apply(explorer.view()), 1280, 800));
        App.applyMinimumSize(stage);
        App.applyTheme(false);
        stage.show();
        return explorer;
    }

    public Explorer explorer() {
        return explorer;
    }

    /** The worker pool the window hands its background work to. */
    public ExecutorService executor() {
        return executor;
    }

    public SessionCore core() {
        return core;
    }

    /** Selects the library entry with this id, as a click in the model list would. */
    public void selectEntry(String id) throws Exception {
        ModelEntry entry =
                fx(
                        () ->
                                explorer.library().entries().stream()
                                        .filter(e -> e.id().equals(id))
                                        .findFirst()
                                        .orElseThrow());
        fx(
                () -> {
                    explorer.library().select(entry);
                    return null;
                });
    }

    /** Waits until the model in use is the one read from the file named {@code fileName}. */
    public void modelFromFile(String fileName) throws Exception {
        untilSlow(
                () -> {
                    LoadedModel m = explorer.session().modelProperty().get();
                    return m != null && m.info().file().getFileName().toString().equals(fileName);
                });
    }

    /** Waits until the model in use has the id {@code id} (from its metadata, else its name). */
    public void modelWithId(String id) throws Exception {
        untilSlow(
                () -> {
                    LoadedModel m = explorer.session().modelProperty().get();
                    return m != null && m.info().id().equals(id);
                });
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (explorer != null) {
                closeLikeTheApp(explorer, executor, core);
                // Nothing slow ran on the FX thread during the test (load, decode, classify, ...).
                assertThat(guard.callsOnFxThread).isEmpty();
            }
        } finally {
            restoreHome();
        }
    }

    private void restoreHome() throws IOException {
        if (home == null) {
            return;
        }
        if (previousHome == null) {
            System.clearProperty(UserDirs.HOME_PROPERTY);
        } else {
            System.setProperty(UserDirs.HOME_PROPERTY, previousHome);
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        home = null;
    }

    /**
     * Closes in App.stop()'s order: cancel, let the workers finish, and only then close the native
     * ONNX Runtime sessions and the backend. Closing a session while a worker still runs inference
     * on it crashes the JVM (SIGSEGV in libonnxruntime), which a fake backend never showed.
     */
    public static void closeLikeTheApp(
            Explorer explorer, ExecutorService executor, SessionCore core) throws Exception {
        fx(
                () -> {
                    explorer.session().cancel();
                    return null;
                });
        executor.shutdown();
        assertThat(executor.awaitTermination(120, TimeUnit.SECONDS))
                .as("workers finished, so no session is in use when it is closed")
                .isTrue();
        fx(
                () -> {
                    explorer.close();
                    return null;
                });
        core.close();
    }

    /** Runs {@code c} on the FX thread and returns its result. */
    public static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    /** Waits (checking on the FX thread) until {@code c} holds. */
    public static void until(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(c));
    }

    /** Longer waits, for loading and inspecting a full-size model on a busy machine. */
    public static void untilSlow(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> fx(c));
    }
}
