package io.resnextexplorer.ui.inspector;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.UiContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TableColumn;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Opens the real inspector window on a display and saves screenshots: {@code java ...
 * InspectorScreenshotMain OUT_DIR MODEL.onnx BROKEN.onnx}. Writes inspector.png (summary),
 * inspector-layers.png (sorted by MACs), inspector-metadata.png, inspector-small.png (1024x680) and
 * inspector-error.png, then inspector-dark.png (Primer Dark, no card).
 */
public final class InspectorScreenshotMain {
    private InspectorScreenshotMain() {}

    private static Path out;
    private static Path model;
    private static Path broken;

    public static void main(String[] args) {
        out = Path.of(args[0]);
        model = Path.of(args[1]);
        broken = Path.of(args[2]);
        // Not an Application subclass itself: the java launcher would insist on JavaFX modules.
        Application.launch(Shots.class, args);
    }

    /** The application that opens the window and takes the screenshots. */
    public static final class Shots extends Application {
        @Override
        public void start(Stage ignored) throws Exception {
            InspectorScreenshotMain.start();
        }
    }

    private static void start() throws Exception {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        InspectorViewModel vm =
                new InspectorViewModel(
                        new UiContext(SessionCore.withDefaults(), executor, Platform::runLater));
        Stage stage = InspectorWindow.show(null, vm, model, card(model));
        InspectorView view = (InspectorView) stage.getScene().getRoot();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                await(vm, 120);
                                Thread.sleep(800);
                                shot(stage, "inspector.png");
                                fx(
                                        () -> {
                                            view.showTab("Layers");
                                            TableColumn<?, ?> macs = view.macsColumn;
                                            macs.setSortType(TableColumn.SortType.DESCENDING);
                                            view.layerTable()
                                                    .getSortOrder()
                                                    .setAll(List.of(view.macsColumn));
                                            return null;
                                        });
                                Thread.sleep(500);
                                shot(stage, "inspector-layers.png");
                                fx(
                                        () -> {
                                            view.showTab("Metadata");
                                            return null;
                                        });
                                Thread.sleep(500);
                                shot(stage, "inspector-metadata.png");
                                fx(
                                        () -> {
                                            view.showTab("Summary");
                                            stage.setWidth(1024);
                                            stage.setHeight(680);
                                            return null;
                                        });
                                Thread.sleep(800);
                                shot(stage, "inspector-small.png");
                                fx(
                                        () -> {
                                            vm.inspect(broken, null);
                                            return null;
                                        });
                                await(vm, 30);
                                Thread.sleep(500);
                                shot(stage, "inspector-error.png");
                                fx(
                                        () -> {
                                            Application.setUserAgentStylesheet(
                                                    new PrimerDark().getUserAgentStylesheet());
                                            stage.setWidth(1280);
                                            stage.setHeight(820);
                                            vm.inspect(model, null);
                                            return null;
                                        });
                                await(vm, 120);
                                Thread.sleep(800);
                                shot(stage, "inspector-dark.png");
                                executor.shutdownNow();
                                Platform.exit();
                            } catch (Throwable e) {
                                e.printStackTrace();
                                System.exit(1);
                            }
                        },
                        "screenshots");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The card figures as the main window passes them: read by the one metadata reader when the
     * model is loaded (not parsed again here).
     */
    private static CardFigures card(Path file) {
        // Opening a native session needs a big stack: never on the FX thread (this runs in
        // start()), whose default stack made this child JVM die with SIGSEGV under load.
        return NativeThreads.callWithBigStack(
                "screenshot-card",
                () -> {
                    try (LoadedModel m =
                            new ClassificationService().load(file, ExecutionProvider.CPU)) {
                        return m.info().card();
                    }
                });
    }

    private static void await(InspectorViewModel vm, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread.sleep(200);
        while (fx(vm::getState) == InspectorViewModel.State.LOADING) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("inspection did not finish");
            }
            Thread.sleep(100);
        }
    }

    private static void shot(Stage stage, String name) throws Exception {
        Files.createDirectories(out);
        File f = out.resolve(name).toFile();
        fx(
                () -> {
                    ImageIO.write(
                            SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null),
                            "png",
                            f);
                    return null;
                });
        System.out.println("wrote " + f);
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        FutureTask<T> task = new FutureTask<>(c);
        Platform.runLater(task);
        return task.get(30, TimeUnit.SECONDS);
    }
}
