package io.resnextexplorer.app;

import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.UserDirs;
import io.resnextexplorer.ui.compare.CompareView;
import io.resnextexplorer.ui.compare.CompareViewModel;
import io.resnextexplorer.ui.library.ModelLibrary;
import io.resnextexplorer.ui.session.SessionImage;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Opens the REAL window (no Monocle: run it under a display or {@code xvfb-run -a}) in a few states
 * and saves screenshots: empty state, a classified image, an error, the dark theme, a batch. Usage:
 * {@code ScreenshotMain OUT_DIR [MODELS_DIR]}. Always the real service; without a folder of ONNX
 * models it uses copies of the committed tiny fixtures (random-init, so the untrained banner
 * shows).
 */
public final class ScreenshotMain {
    private final Path out;
    private final Path work;
    private final Path models;
    private Stage stage;

    private ScreenshotMain(Path out, Path models) throws IOException {
        this.out = Files.createDirectories(out);
        this.work = Files.createTempDirectory("screenshots");
        this.models = models;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshots");
        Path models = args.length > 1 ? Path.of(args[1]) : null;
        if (models == null) {
            models = Files.createTempDirectory("fixture-models");
            for (String f :
                    List.of(
                            "tiny_bicubic_095.onnx",
                            "tiny_bilinear_0875.onnx",
                            "tiny_plain.onnx")) {
                Files.copy(ExportedModels.fixture(f), models.resolve(f));
            }
        }
        Platform.setImplicitExit(false);
        Platform.startup(() -> {});
        int code = 0;
        try {
            new ScreenshotMain(out, models).run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            code = 1;
        }
        Platform.exit();
        System.exit(code);
    }

    private void run() throws Exception {
        Path images = Files.createDirectories(work.resolve("images"));
        Path photo = photo(images.resolve("sunset-boat.png"), 640, 427, 1);
        Path notes = Files.writeString(images.resolve("notes.jpg"), "shopping list\nmilk\nbread\n");
        if ("compare".equals(System.getProperty("screenshots.only"))) {
            compareShots(images, photo); // -Dscreenshots.only=compare: just the compare window
            return;
        }

        // 1. First run: no models anywhere.
        Path emptyModels = Files.createDirectories(work.resolve("no-models"));
        try (Session s = open(emptyModels, "home-empty", false)) {
            s.until(() -> s.explorer.library().scannedProperty().get());
            s.shot("01-empty-state.png");
        }
        // 2. A classified image, crop outlined.
        try (Session s = open(models, "home-light", false)) {
            s.until(() -> s.explorer.session().modelProperty().get() != null);
            s.shot("05-ready-no-images.png");
            s.fx(() -> s.explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(photo))));
            s.until(
                    () ->
                            s.explorer.predictions().rows().size() == 5
                                    && s.explorer.session().pictureProperty().get() != null);
            s.shot("02-classified.png");
            // 3. An error on one image; the rest keep working.
            s.fx(() -> s.explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(notes))));
            s.until(() -> !s.explorer.session().errorProperty().get().isEmpty());
            s.shot("03-error.png");
        }
        // 4. Dark theme, untrained weights, several images in the strip.
        try (Session s = open(models, "home-dark", true)) {
            s.until(() -> s.explorer.session().modelProperty().get() != null);
            var random =
                    s.fx(
                            () ->
                                    s.explorer.library().entries().stream()
                                            .filter(e -> e.present() && e.id().contains("random"))
                                            .findFirst()
                                            .orElse(null));
            if (random != null) {
                s.fx(
                        () -> {
                            s.explorer.library().select(random);
                            return null;
                        });
                s.until(
                        () ->
                                s.explorer.session().modelProperty().get() != null
                                        && s.explorer
                                                .session()
                                                .modelProperty()
                                                .get()
                                                .info()
                                                .weights()
                                                .untrained());
            }
            List<Path> many = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                many.add(photo(images.resolve("scene-" + i + ".png"), 480 + 40 * i, 360, i + 2));
            }
            many.add(notes);
            s.fx(() -> s.explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(many)));
            s.until(
                    () ->
                            s.explorer.session().images().size() == 7
                                    && s.explorer.session().images().stream()
                                            .allMatch(
                                                    i ->
                                                            i.status() == SessionImage.Status.DONE
                                                                    || i.status()
                                                                            == SessionImage.Status
                                                                                    .ERROR)
                                    && s.explorer.predictions().rows().size() == 5);
            s.fx(
                    () -> {
                        s.explorer.session().select(1);
                        return null;
                    });
            s.until(
                    () ->
                            s.explorer.predictions().rows().size() == 5
                                    && s.explorer.session().pictureProperty().get() != null);
            s.shot("04-dark.png");
        }
        compareShots(images, photo);
    }

    /**
     * 6-8: the compare window with the four seed variants (target/models, random-init exports) when
     * they are there, else the tiny fixtures: one image, a folder, an evaluation.
     */
    private void compareShots(Path images, Path photo) throws Exception {
        Path seeds = ExportedModels.projectRoot().resolve("target/models");
        Path dir = models;
        if (ModelLibrary.SEEDS.stream()
                .allMatch(id -> Files.isRegularFile(seeds.resolve(id + ".onnx")))) {
            dir = seeds;
        }
        try (Session s = open(dir, "home-compare", false)) {
            s.until(() -> s.explorer.library().scannedProperty().get());
            CompareViewModel vm = s.fx(() -> s.explorer.openCompare());
            s.fx(
                    () -> {
                        vm.compareImage(io.resnextexplorer.session.ImageSource.file(photo));
                        return null;
                    });
            s.until(
                    () ->
                            vm.columns().size() == vm.chosen().size()
                                    && vm.agreementProperty().get() != null
                                    && !vm.heatLabelProperty().get().isEmpty());
            Thread.sleep(1500); // the heatmaps are drawn one column after another
            s.shotWindow("Compare models", "06-compare-image.png");

            Path folder = Files.createDirectories(work.resolve("compare-folder"));
            for (int i = 0; i < 8; i++) {
                photo(folder.resolve("harbour-" + i + ".png"), 400 + 30 * i, 300, 10 + i);
            }
            CompareView view =
                    s.fx(() -> (CompareView) windowNamed("Compare models").getScene().getRoot());
            s.fx(
                    () -> {
                        view.showTab("Folder");
                        vm.compareFolder(List.of(folder));
                        return null;
                    });
            s.until(() -> vm.folderProperty().get() != null);
            s.shotWindow("Compare models", "07-compare-folder.png");

            // A labelled folder: three ImageNet synsets, one class by name, one unknown name.
            Path labelled = Files.createDirectories(work.resolve("labelled"));
            // "suit" is what the untrained resnext50 says of these pictures: a non-zero figure.
            String[] classes = {
                "n01440764", "n02391049", "n03126707", "goldfish", "suit", "my-holiday"
            };
            int k = 0;
            for (String c : classes) {
                Path d = Files.createDirectories(labelled.resolve(c));
                for (int i = 0; i < 3; i++) {
                    if (c.equals("suit")) {
                        photo(d.resolve(c + "-" + i + ".png"), 400 + 30 * i, 300, 10 + i);
                    } else {
                        photo(d.resolve(c + "-" + i + ".png"), 360 + 20 * i, 280, 30 + k++);
                    }
                }
            }
            s.fx(
                    () -> {
                        view.showTab("Evaluation");
                        vm.evaluate(labelled, null);
                        return null;
                    });
            s.until(() -> !vm.evalRunningProperty().get() && !vm.reports().isEmpty());
            s.shotWindow("Compare models", "08-evaluation.png");
            s.fx(
                    () -> {
                        App.applyTheme(true);
                        view.showTab("Image");
                        return null;
                    });
            s.shotWindow("Compare models", "09-compare-dark.png");
            s.fx(
                    () -> {
                        App.applyTheme(false);
                        return null;
                    });
            s.fx(
                    () -> {
                        windowNamed("Compare models").hide();
                        return null;
                    });
        }
    }

    private static Stage windowNamed(String title) {
        return javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof Stage st && title.equals(st.getTitle()))
                .map(w -> (Stage) w)
                .findFirst()
                .orElseThrow();
    }

    private Session open(Path modelsDir, String home, boolean dark) throws Exception {
        Path h = Files.createDirectories(work.resolve(home));
        System.setProperty(UserDirs.HOME_PROPERTY, h.toString());
        return new Session(modelsDir, h, dark);
    }

    private final class Session implements AutoCloseable {
        final ExecutorService executor = App.newWorkerPool();
        final SessionCore core = SessionCore.guarded(App::refuseOnFxThread);
        final Explorer explorer;

        Session(Path modelsDir, Path home, boolean dark) throws Exception {
            Settings settings = new Settings();
            settings.dark = dark;
            explorer =
                    fx(
                            () -> {
                                Explorer e =
                                        new Explorer(
                                                new UiContext(core, executor, Platform::runLater),
                                                settings,
                                                home.resolve("settings.json"),
                                                new GuiArgs(modelsDir, List.of()));
                                App.applyTheme(dark);
                                if (stage == null) {
                                    stage = new Stage();
                                    stage.setTitle("ResNeXt Explorer");
                                    stage.getIcons().addAll(App.icons());
                                }
                                stage.setScene(new Scene(e.view(), 1360, 860));
                                stage.show();
                                return e;
                            });
        }

        <T> T fx(Callable<T> c) throws Exception {
            FutureTask<T> task = new FutureTask<>(c);
            Platform.runLater(task);
            return task.get(30, TimeUnit.SECONDS);
        }

        void until(Callable<Boolean> c) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < end) {
                if (fx(c)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("timed out waiting for the window");
        }

        void shot(String name) throws Exception {
            Thread.sleep(400); // let layout, CSS and animations settle
            WritableImage img = fx(() -> stage.getScene().snapshot(null));
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.resolve(name).toFile());
            System.out.println("wrote " + out.resolve(name));
        }

        void shotWindow(String title, String name) throws Exception {
            Thread.sleep(600);
            WritableImage img = fx(() -> windowNamed(title).getScene().snapshot(null));
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.resolve(name).toFile());
            System.out.println("wrote " + out.resolve(name));
        }

        @Override
        public void close() {
            try {
                ExplorerWindowFixture.closeLikeTheApp(explorer, executor, core);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A synthetic "photo": sky gradient, sun, sea, a boat; {@code seed} varies the colours. */
    static Path photo(Path file, int w, int h, int seed) throws IOException {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = bi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float hue = (seed * 0.13f) % 1f;
        g.setPaint(
                new GradientPaint(
                        0,
                        0,
                        Color.getHSBColor(hue + 0.55f, 0.6f, 0.55f),
                        0,
                        h * 0.6f,
                        Color.getHSBColor(hue + 0.08f, 0.7f, 0.98f)));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.getHSBColor(hue + 0.12f, 0.8f, 1f));
        g.fillOval(w * 55 / 100, h * 28 / 100, h / 4, h / 4);
        g.setPaint(
                new GradientPaint(
                        0,
                        h * 0.6f,
                        Color.getHSBColor(hue + 0.58f, 0.7f, 0.45f),
                        0,
                        h,
                        Color.getHSBColor(hue + 0.6f, 0.8f, 0.2f)));
        g.fillRect(0, h * 6 / 10, w, h);
        g.setColor(new Color(40, 30, 25));
        int bx = w * 25 / 100;
        int by = h * 62 / 100;
        g.fillPolygon(
                new int[] {bx, bx + w / 4, bx + w / 5, bx + w / 20},
                new int[] {by, by, by + h / 14, by + h / 14},
                4);
        g.fillRect(bx + w / 9, by - h / 4, 4, h / 4);
        g.setColor(new Color(245, 240, 230));
        g.fillPolygon(
                new int[] {bx + w / 9 + 5, bx + w / 9 + 5, bx + w / 5},
                new int[] {by - h / 4, by - 6, by - 6},
                3);
        g.dispose();
        ImageIO.write(bi, "png", file.toFile());
        return file;
    }
}
