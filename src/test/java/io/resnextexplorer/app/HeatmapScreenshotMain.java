package io.resnextexplorer.app;

import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Screenshots of the heatmap view in the real window (light and dark, each method, side by side),
 * and the class-switch figure (change of class to the map ready to paint) printed per switch.
 * Usage: {@code HeatmapScreenshotMain OUT_DIR MODEL.onnx [IMAGE]} under Xvfb, e.g.
 *
 * <pre>
 * xvfb-run -a java -Dprism.order=sw -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
 *   io.resnextexplorer.app.HeatmapScreenshotMain target/screenshots target/models/resnext50_32x4d.onnx
 * </pre>
 */
public final class HeatmapScreenshotMain {
    private HeatmapScreenshotMain() {}

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        Path model = Path.of(args[1]).toAbsolutePath();
        Path work = Files.createTempDirectory("heatmap-shots");
        Path models = Files.createDirectories(work.resolve("models"));
        Files.createSymbolicLink(models.resolve(model.getFileName()), model);
        Path image =
                args.length > 2
                        ? Path.of(args[2])
                        : ScreenshotMain.photo(work.resolve("sunset-boat.png"), 640, 427, 1);
        Platform.setImplicitExit(false);
        Platform.startup(() -> {});
        int code = 0;
        try {
            for (boolean dark : new boolean[] {false, true}) {
                shoot(out, work, models, image, dark);
            }
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            code = 1;
        }
        Platform.exit();
        System.exit(code);
    }

    private static void shoot(Path out, Path work, Path models, Path image, boolean dark)
            throws Exception {
        Path home = Files.createDirectories(work.resolve(dark ? "home-dark" : "home-light"));
        System.setProperty(UserDirs.HOME_PROPERTY, home.toString());
        ExecutorService executor = App.newWorkerPool();
        SessionCore core = SessionCore.guarded(App::refuseOnFxThread);
        Settings settings = new Settings();
        settings.dark = dark;
        Stage[] stage = new Stage[1];
        Explorer e =
                fx(
                        () -> {
                            Explorer x =
                                    new Explorer(
                                            new UiContext(core, executor, Platform::runLater),
                                            settings,
                                            home.resolve("settings.json"),
                                            new GuiArgs(models, List.of()));
                            App.applyTheme(dark);
                            stage[0] = new Stage();
                            stage[0].setScene(new Scene(x.view(), 1360, 860));
                            stage[0].show();
                            return x;
                        });
        try {
            until(() -> e.session().modelProperty().get() != null);
            fx(() -> e.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(image))));
            until(() -> e.predictions().rows().size() == 5);
            fx(
                    () -> {
                        e.heatmap().activeProperty().set(true);
                        return null;
                    });
            until(() -> e.heatmap().mapProperty().get() != null);
            String theme = dark ? "dark" : "light";
            shot(stage[0], out.resolve("heatmap-cam-" + theme + ".png"));
            // Class switches: time from the change to the map ready to paint.
            for (int i = 1; i < 5; i++) {
                int row = i;
                int cls = fx(() -> e.predictions().rows().get(row).index());
                fx(
                        () -> {
                            e.predictions().choose(cls);
                            return null;
                        });
                until(() -> e.heatmap().mapProperty().get().classIndex() == cls);
                System.out.printf(
                        Locale.ROOT,
                        "class switch to %d: map ready to paint in %.2f ms%n",
                        cls,
                        fx(() -> e.heatmap().lastUpdateMsProperty().get()));
            }
            for (HeatmapMethod m :
                    List.of(HeatmapMethod.EIGEN_CAM, HeatmapMethod.stage("layer2"))) {
                fx(
                        () -> {
                            e.heatmap().methodProperty().set(m);
                            return null;
                        });
                until(() -> m.equals(e.heatmap().mapProperty().get().method()));
                shot(
                        stage[0],
                        out.resolve("heatmap-" + m.id().replace(':', '-') + "-" + theme + ".png"));
            }
            fx(
                    () -> {
                        e.heatmap().methodProperty().set(HeatmapMethod.CAM);
                        e.heatmap().sideBySideProperty().set(true);
                        return null;
                    });
            until(() -> e.heatmap().mapProperty().get().method().equals(HeatmapMethod.CAM));
            shot(stage[0], out.resolve("heatmap-side-by-side-" + theme + ".png"));
        } finally {
            ExplorerWindowFixture.closeLikeTheApp(e, executor, core);
            fx(
                    () -> {
                        stage[0].close();
                        return null;
                    });
        }
    }

    private static void shot(Stage stage, Path file) throws Exception {
        Thread.sleep(500);
        WritableImage img = fx(() -> stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
        System.out.println("wrote " + file);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        FutureTask<T> task = new FutureTask<>(c);
        Platform.runLater(task);
        return task.get(60, TimeUnit.SECONDS);
    }

    static void until(Callable<Boolean> c) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < end) {
            if (fx(c)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for the window");
    }
}
