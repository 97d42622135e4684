package io.resnextexplorer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.ui.FakeBackend;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.common.ModelHandle;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.UserDirs;
import io.resnextexplorer.ui.library.ModelEntry;
import io.resnextexplorer.ui.predictions.PredictionRow;
import io.resnextexplorer.ui.session.SessionImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The whole window, headless, with a fake backend: drops, errors, model switch, batches. */
@ExtendWith(ApplicationExtension.class)
class ExplorerWindowTest {
    @TempDir static Path home;
    @TempDir Path dir;

    private final FakeBackend backend = new FakeBackend();
    private ExecutorService executor;
    private Explorer explorer;
    private Path models;

    @Start
    void start(Stage stage) throws Exception {
        System.setProperty(UserDirs.HOME_PROPERTY, home.toString());
        models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("resnext50_32x4d.onnx"), "fake");
        Files.writeString(models.resolve("tv_resnext50_32x4d.onnx"), "fake");
        Files.writeString(models.resolve("my_random.onnx"), "fake");
        executor = App.newWorkerPool();
        explorer =
                new Explorer(
                        new UiContext(backend, executor, Platform::runLater),
                        new Settings(),
                        home.resolve("settings.json"),
                        new GuiArgs(models, List.of()));
        stage.setScene(new Scene(explorer.view(), 1280, 800));
        App.applyTheme(false);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        fx(
                () -> {
                    explorer.close();
                    return null;
                });
        executor.shutdownNow();
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    static void until(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(c));
    }

    private void modelLoaded(String id) throws Exception {
        until(
                () -> {
                    ModelHandle m = explorer.session().modelProperty().get();
                    return m != null && m.info().id().equals(id);
                });
    }

    @Test
    void droppedImageShowsFiveBarsEqualToTheBackendsResult(FxRobot robot) throws Exception {
        modelLoaded("resnext50_32x4d");
        Path img = FakeBackend.png(dir.resolve("cat.png"), 320, 200, 0x336699);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        until(() -> explorer.predictions().rows().size() == 5);

        ModelHandle m = fx(() -> explorer.session().modelProperty().get());
        Classification expected = backend.classify(m, backend.decode(img), 5, false);
        List<PredictionRow> rows = fx(() -> List.copyOf(explorer.predictions().rows()));
        for (int i = 0; i < 5; i++) {
            Prediction p = expected.top().get(i);
            assertThat(rows.get(i).label()).isEqualTo(p.label());
            assertThat(rows.get(i).probability()).isEqualTo(p.probability());
            assertThat(rows.get(i).index()).isEqualTo(p.index());
        }
        // The bars on screen: five rows, the first highlighted, its percentage shown.
        VBox bars = robot.lookup("#prediction-bars").queryAs(VBox.class);
        assertThat(fx(() -> bars.getChildren().size())).isEqualTo(5);
        Node first = fx(() -> bars.getChildren().get(0));
        assertThat(first.getStyleClass()).contains("top");
        assertThat(robot.lookup(".prediction-percent").queryAllAs(Label.class))
                .extracting(Label::getText)
                .contains(rows.get(0).percent());
        // The card shows the MACs the graph inspector counted, defaults marked as such.
        until(
                () ->
                        explorer.card().rows().stream()
                                .anyMatch(
                                        r ->
                                                r.name().equals("MACs (measured)")
                                                        && r.value().equals("4.26 G")));
        assertThat(fx(() -> List.copyOf(explorer.card().rows())))
                .filteredOn(r -> r.name().equals("Mean"))
                .singleElement()
                .matches(io.resnextexplorer.ui.metadata.CardRow::defaulted);
        // The crop outline is computed for the image and the model.
        assertThat(fx(() -> explorer.session().cropProperty().get())).isNotNull();
    }

    @Test
    void anImageDraggedFromABrowserIsFetchedAndClassified() throws Exception {
        modelLoaded("resnext50_32x4d");
        Path img = FakeBackend.png(dir.resolve("web.png"), 120, 90, 0x3366CC);
        try (io.resnextexplorer.ui.session.TinyHttpServer server =
                new io.resnextexplorer.ui.session.TinyHttpServer()) {
            server.put("/photos/web.png", Files.readAllBytes(img));
            fx(
                    () ->
                            explorer.canvas()
                                    .accept(
                                            CanvasViewModel.Drop.ofUrl(
                                                    server.url("/photos/web.png"))));
            until(() -> explorer.predictions().rows().size() == 5);
            assertThat(fx(() -> explorer.session().currentProperty().get().name()))
                    .isEqualTo("web.png");
            ModelHandle m = fx(() -> explorer.session().modelProperty().get());
            assertThat(fx(() -> explorer.predictions().rows().get(0).label()))
                    .isEqualTo(backend.classify(m, backend.decode(img), 5, false).top1().label());
            // A broken link fails inline on its own image.
            fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofUrl(server.url("/gone.png"))));
            until(() -> explorer.session().errorProperty().get().contains("HTTP 404"));
        }
    }

    @Test
    void badFileShowsAnInlineErrorAndTheNextImageIsStillClassified(FxRobot robot) throws Exception {
        modelLoaded("resnext50_32x4d");
        Path bad = Files.writeString(dir.resolve("notes.png"), "shopping list\nmilk\n");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(bad))));
        until(() -> !explorer.session().errorProperty().get().isEmpty());
        Label error = robot.lookup("#canvas-error").queryAs(Label.class);
        assertThat(fx(error::getText)).isEqualTo("not an image: looks like a text file");
        Node card = robot.lookup("#canvas-error-card").query();
        assertThat(fx(card::isVisible)).isTrue();
        assertThat(fx(() -> explorer.predictions().rows().isEmpty())).isTrue();
        SessionImage failed = fx(() -> explorer.session().images().get(0));
        until(() -> failed.status() == SessionImage.Status.ERROR);

        Path good = FakeBackend.png(dir.resolve("dog.png"), 200, 300, 0xAA8844);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(good))));
        until(() -> explorer.predictions().rows().size() == 5);
        assertThat(fx(() -> explorer.session().errorProperty().get())).isEmpty();
        assertThat(fx(card::isVisible)).isFalse();
        // Going back shows the error again, without a new decode attempt.
        fx(
                () -> {
                    explorer.session().previous();
                    return null;
                });
        until(() -> explorer.session().errorProperty().get().contains("text file"));
    }

    @Test
    void switchingModelRerunsTheCurrentImageAndCachesResults(FxRobot robot) throws Exception {
        modelLoaded("resnext50_32x4d");
        Path img = FakeBackend.png(dir.resolve("bird.png"), 256, 256, 0x55AA55);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        until(() -> explorer.predictions().rows().size() == 5);
        List<PredictionRow> before = fx(() -> List.copyOf(explorer.predictions().rows()));

        ModelEntry tv =
                fx(
                        () ->
                                explorer.library().entries().stream()
                                        .filter(e -> e.id().equals("tv_resnext50_32x4d"))
                                        .findFirst()
                                        .orElseThrow());
        fx(
                () -> {
                    explorer.library().select(tv);
                    return null;
                });
        modelLoaded("tv_resnext50_32x4d");
        until(
                () ->
                        explorer.predictions().rows().size() == 5
                                && !explorer.predictions().rows().equals(before));
        int calls = backend.classifyCalls.get();

        // Ctrl+1 goes back to the first model: bars come from the cache, no new inference.
        robot.clickOn("#canvas");
        robot.press(javafx.scene.input.KeyCode.CONTROL)
                .type(javafx.scene.input.KeyCode.DIGIT1)
                .release(javafx.scene.input.KeyCode.CONTROL);
        modelLoaded("resnext50_32x4d");
        until(() -> explorer.predictions().rows().equals(before));
        assertThat(backend.classifyCalls.get()).isEqualTo(calls);
    }

    @Test
    void thirtyFilesAllGetResultsWithProgressShown(FxRobot robot) throws Exception {
        modelLoaded("resnext50_32x4d");
        backend.delayMs = 15;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(
                    FakeBackend.png(
                            dir.resolve(String.format("img%02d.png", i)),
                            64,
                            48,
                            0x101010 * (i % 15)));
        }
        AtomicBoolean sawProgress = new AtomicBoolean();
        AtomicReference<Double> maxMid = new AtomicReference<>(0.0);
        fx(
                () -> {
                    explorer.session()
                            .progress()
                            .addListener(
                                    (o, a, b) -> {
                                        double p = b.doubleValue();
                                        if (p > 0
                                                && p < 1
                                                && explorer.session()
                                                        .batchRunningProperty()
                                                        .get()) {
                                            sawProgress.set(true);
                                            maxMid.set(Math.max(maxMid.get(), p));
                                        }
                                    });
                    return explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files));
                });
        until(() -> explorer.session().batchRunningProperty().get());
        assertThat(robot.lookup("#cancel-batch").queryButton().isVisible()).isTrue();
        until(
                () ->
                        explorer.session().images().size() == 30
                                && explorer.session().images().stream()
                                        .allMatch(i -> i.status() == SessionImage.Status.DONE));
        until(() -> !explorer.session().batchRunningProperty().get());
        assertThat(sawProgress).isTrue();
        assertThat(
                        fx(
                                () ->
                                        explorer.session().images().stream()
                                                .allMatch(i -> !i.top1().isEmpty())))
                .isTrue();
        assertThat(fx(() -> explorer.session().results().size())).isEqualTo(30);

        // File > Export: the session's results as CSV (one row per image x rank) and JSON.
        Path csv = dir.resolve("results.csv");
        Path json = dir.resolve("results.json");
        fx(
                () -> {
                    explorer.shell().export(csv);
                    explorer.shell().export(json);
                    return null;
                });
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> Files.exists(csv) && Files.exists(json));
        until(() -> explorer.shell().noticeProperty().get().startsWith("Exported 30 results"));
        assertThat(Files.readAllLines(csv)).hasSize(1 + 30 * 5);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).size())
                .isEqualTo(30);
    }

    @Test
    void twoHundredFilesFillInWhileTheFxThreadStaysResponsive() throws Exception {
        modelLoaded("resnext50_32x4d");
        backend.delayMs = 3;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            files.add(
                    FakeBackend.png(dir.resolve("m" + i + ".png"), 400, 300, 0x010203 * (i % 80)));
        }
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        until(() -> explorer.session().batchRunningProperty().get());
        long worst = 0;
        int samples = 0;
        while (fx(() -> explorer.session().batchRunningProperty().get())) {
            long t0 = System.nanoTime();
            fx(() -> null);
            worst = Math.max(worst, System.nanoTime() - t0);
            System.err.println(
                    "RT "
                            + samples
                            + " "
                            + (System.nanoTime() - t0) / 1_000_000
                            + " done="
                            + fx(() -> explorer.session().batchDoneProperty().get()));
            samples++;
            Thread.sleep(20);
        }
        assertThat(samples).isGreaterThan(5);
        assertThat(worst / 1_000_000).as("worst FX round trip, ms").isLessThan(300);
        assertThat(fx(() -> explorer.session().results().size())).isEqualTo(200);
    }

    @Test
    void cancelStopsTheBatchAndTheUiStaysUsable(FxRobot robot) throws Exception {
        modelLoaded("resnext50_32x4d");
        backend.delayMs = 40;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(FakeBackend.png(dir.resolve("c" + i + ".png"), 32, 32, 0x030303 * i));
        }
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        until(() -> explorer.session().batchDoneProperty().get() >= 2);
        robot.clickOn("#cancel-batch");
        until(() -> !explorer.session().batchRunningProperty().get());
        long done =
                fx(
                        () ->
                                explorer.session().images().stream()
                                        .filter(i -> i.status() == SessionImage.Status.DONE)
                                        .count());
        assertThat(done).isLessThan(30);
        // Selecting an unclassified image still classifies it.
        fx(
                () -> {
                    explorer.session().select(29);
                    return null;
                });
        until(() -> explorer.predictions().rows().size() == 5);
    }

    @Test
    void untrainedWeightsShowTheBannerAndCudaFallbackSaysWhy(FxRobot robot) throws Exception {
        modelLoaded("resnext50_32x4d");
        assertThat(robot.lookup("#untrained-banner").query().isVisible()).isFalse();
        ModelEntry random =
                fx(
                        () ->
                                explorer.library().entries().stream()
                                        .filter(e -> e.id().equals("my_random"))
                                        .findFirst()
                                        .orElseThrow());
        fx(
                () -> {
                    explorer.library().select(random);
                    return null;
                });
        modelLoaded("my_random");
        until(() -> robot.lookup("#untrained-banner").query().isVisible());
        fx(
                () -> {
                    explorer.library()
                            .providerProperty()
                            .set(io.resnextexplorer.inference.ExecutionProvider.CUDA);
                    return null;
                });
        until(() -> explorer.card().providerNoteProperty().get().contains("CPU-only"));
    }

    @Test
    void aNewerSelectionSupersedesAnOlderOneStillRunning() throws Exception {
        modelLoaded("resnext50_32x4d");
        Path a = FakeBackend.png(dir.resolve("first.png"), 64, 64, 0x111111);
        Path b = FakeBackend.png(dir.resolve("second.png"), 64, 64, 0xEEEEEE);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(a, b))));
        until(
                () ->
                        explorer.session().images().size() == 2
                                && explorer.predictions().rows().size() == 5);
        fx(
                () -> {
                    explorer.session().cancel();
                    return null;
                });
        // Switch model (slow now), then quickly move from image 0 to image 1: only image 1's
        // result may end up on screen.
        backend.delayMs = 150;
        ModelEntry tv =
                fx(
                        () ->
                                explorer.library().entries().stream()
                                        .filter(e -> e.id().equals("tv_resnext50_32x4d"))
                                        .findFirst()
                                        .orElseThrow());
        fx(
                () -> {
                    explorer.library().select(tv);
                    return null;
                });
        modelLoaded("tv_resnext50_32x4d");
        fx(
                () -> {
                    explorer.session().select(0);
                    explorer.session().select(1);
                    return null;
                });
        until(() -> explorer.predictions().rows().size() == 5);
        ModelHandle m = fx(() -> explorer.session().modelProperty().get());
        backend.delayMs = 0;
        Classification expected = backend.classify(m, backend.decode(b), 5, false);
        assertThat(fx(() -> explorer.predictions().rows().get(0).label()))
                .isEqualTo(expected.top1().label());
        assertThat(fx(() -> explorer.session().currentProperty().get().name()))
                .isEqualTo("second.png");
    }

    @Test
    void remembersLastModelThemeRecentFilesAndOpenedModels() throws Exception {
        modelLoaded("resnext50_32x4d");
        Path img = FakeBackend.png(dir.resolve("recent.png"), 32, 32, 0x222222);
        Path extra = Files.writeString(dir.resolve("dropped_model.onnx"), "fake");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img, extra))));
        modelLoaded("dropped_model");
        until(() -> explorer.predictions().rows().size() == 5);
        fx(
                () -> {
                    explorer.shell().darkProperty().set(true);
                    explorer.saveSettings();
                    return null;
                });
        Path file = home.resolve("settings.json");
        WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () ->
                        Files.exists(file)
                                && Settings.load(file).lastModel != null
                                && Settings.load(file).dark);
        Settings saved = Settings.load(file);
        assertThat(saved.lastModel).isEqualTo(extra.toAbsolutePath().toString());
        assertThat(saved.extraModels).containsExactly(extra.toAbsolutePath().toString());
        assertThat(saved.recentFiles).containsExactly(img.toAbsolutePath().toString());
    }

    @Test
    void theDarkToggleSwitchesTheWholeApplicationsTheme(FxRobot robot) throws Exception {
        modelLoaded("resnext50_32x4d");
        robot.clickOn("#toggle-dark");
        until(
                () ->
                        javafx.application.Application.getUserAgentStylesheet()
                                .equals(
                                        new atlantafx.base.theme.PrimerDark()
                                                .getUserAgentStylesheet()));
        robot.clickOn("#toggle-dark");
        until(
                () ->
                        javafx.application.Application.getUserAgentStylesheet()
                                .equals(
                                        new atlantafx.base.theme.PrimerLight()
                                                .getUserAgentStylesheet()));
    }

    @Test
    void missingSeedsAreListedWithTheirExportCommand() throws Exception {
        modelLoaded("resnext50_32x4d");
        List<ModelEntry> entries = fx(() -> List.copyOf(explorer.library().entries()));
        assertThat(entries)
                .extracting(ModelEntry::id)
                .startsWith(
                        "resnext50_32x4d",
                        "resnext50d_32x4d",
                        "tv_resnext50_32x4d",
                        "resnext101_32x8d");
        ModelEntry missing = entries.get(1);
        assertThat(missing.present()).isFalse();
        assertThat(missing.exportCommand())
                .isEqualTo(
                        "python onnx-export/export.py resnext50d_32x4d --out "
                                + home.resolve("models"));
    }
}
