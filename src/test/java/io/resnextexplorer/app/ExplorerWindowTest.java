package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static io.resnextexplorer.app.ExplorerWindowFixture.untilSlow;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.InspectionService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.FxCallRecorder;
import io.resnextexplorer.testing.TestImages;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.library.ModelEntry;
import io.resnextexplorer.ui.metadata.CardRow;
import io.resnextexplorer.ui.predictions.PredictionRow;
import io.resnextexplorer.ui.session.SessionImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole window, headless, on the real backend ({@link SessionCore}: ONNX Runtime, the real
 * decoder and preprocessing) with the committed tiny ResNeXt fixtures: drops, errors, model switch,
 * batches. The backend is wrapped in a session core whose guard notes any slow call made on the FX
 * thread.
 */
@ExtendWith(ApplicationExtension.class)
class ExplorerWindowTest {
    /** Listed first among the fixtures, so it is the model the window starts with. */
    static final String BICUBIC = "tiny_bicubic_095.onnx";

    static final String BILINEAR = "tiny_bilinear_0875.onnx";
    static final String PLAIN = "tiny_plain.onnx";

    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;
    private Path models;

    @Start
    void start(Stage stage) throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        for (String f : List.of(BICUBIC, BILINEAR, PLAIN)) {
            Files.copy(ExportedModels.fixture(f), models.resolve(f));
        }
        explorer = window.open(stage, models);
    }

    /** What the real service, on its own session, says about this image with this model file. */
    static Classification expected(Path model, Path image) throws Exception {
        ClassificationService service = new ClassificationService();
        try (LoadedModel m = service.load(model, ExecutionProvider.CPU)) {
            return service.classify(m, image, 5, false);
        }
    }

    static void assertRowsEqual(List<PredictionRow> rows, Classification expected) {
        assertThat(rows).hasSize(5);
        for (int i = 0; i < 5; i++) {
            Prediction p = expected.top().get(i);
            assertThat(rows.get(i).label()).isEqualTo(p.label());
            assertThat(rows.get(i).probability()).isEqualTo(p.probability());
            assertThat(rows.get(i).index()).isEqualTo(p.index());
        }
    }

    private List<PredictionRow> rows() throws Exception {
        return fx(() -> List.copyOf(explorer.predictions().rows()));
    }

    /** A card row's value; call on the FX thread. */
    private String cardValue(String name) {
        return explorer.card().rows().stream()
                .filter(r -> r.name().equals(name))
                .map(CardRow::value)
                .findFirst()
                .orElse("");
    }

    @Tag("python")
    @Test
    void droppedImageShowsFiveBarsEqualToTheBackendsResult(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        Path img = TestImages.png(dir.resolve("cat.png"), 320, 200, 0x336699);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        until(() -> explorer.predictions().rows().size() == 5);

        List<PredictionRow> rows = rows();
        assertRowsEqual(rows, expected(models.resolve(BICUBIC), img));
        // The bars on screen: five rows, the first highlighted, its percentage shown.
        VBox bars = robot.lookup("#prediction-bars").queryAs(VBox.class);
        assertThat(fx(() -> bars.getChildren().size())).isEqualTo(5);
        Node first = fx(() -> bars.getChildren().get(0));
        assertThat(first.getStyleClass()).contains("top");
        assertThat(robot.lookup(".prediction-percent").queryAllAs(Label.class))
                .extracting(Label::getText)
                .contains(rows.get(0).percent());
        // The crop outline is the real service's crop for this image and model (crop_pct 0.95).
        until(() -> explorer.session().cropProperty().get() != null);
        ClassificationService service = new ClassificationService();
        CropGeometry g;
        try (LoadedModel m = service.load(models.resolve(BICUBIC), ExecutionProvider.CPU)) {
            g = service.cropGeometry(m, 320, 200);
        }
        io.resnextexplorer.model.CropBox crop = fx(() -> explorer.session().cropProperty().get());
        assertThat(crop.x()).isEqualTo(g.sourceX());
        assertThat(crop.y()).isEqualTo(g.sourceY());
        assertThat(crop.width()).isEqualTo(g.sourceWidth());
        assertThat(crop.height()).isEqualTo(g.sourceHeight()).isBetween(180.0, 200.0);

        // The card shows the MACs the graph inspector counted on this file (not the export's).
        long tinyMacs = new InspectionService().inspect(models.resolve(BICUBIC)).totalMacs();
        // In the card's own unit (a tiny model's MACs read in M, not "0.08 G").
        String tinyMacsText = io.resnextexplorer.ui.common.Units.count(tinyMacs);
        assertThat(tinyMacsText).endsWith(" M");
        until(() -> cardValue("MACs (measured)").equals(tinyMacsText));
        // Full metadata: the mean is the model's own; a plain ONNX file's is marked as a default.
        assertThat(fx(() -> List.copyOf(explorer.card().rows())))
                .filteredOn(r -> r.name().equals("Mean"))
                .singleElement()
                .matches(r -> !r.defaulted());
        window.selectEntry("tiny_plain");
        window.modelFromFile(PLAIN);
        until(
                () ->
                        explorer.card().rows().stream()
                                .anyMatch(r -> r.name().equals("Mean") && r.defaulted()));
        assertThat(fx(() -> List.copyOf(explorer.card().rows())))
                .filteredOn(r -> r.name().equals("Mean"))
                .singleElement()
                .matches(CardRow::defaulted);

        // A full-size ResNeXt-50 32x4d opened from disk: the card shows the 4.23 GMACs the
        // inspector counts on its graph (torch's FLOP counter agrees: FullSizeResNeXtTest).
        // Exported once per build (python) on the test thread, never on the FX thread; here, not in
        // a @BeforeAll, so the rest of the class runs without Python (mvn test -Pfast).
        Path resnext50 = ExportedModels.seed("resnext50_32x4d");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(resnext50))));
        untilSlow(
                () -> {
                    LoadedModel m = explorer.session().modelProperty().get();
                    return m != null && m.info().id().equals("resnext50_32x4d");
                });
        untilSlow(() -> cardValue("MACs (measured)").equals("4.23 G"));
    }

    @Test
    void anImageDraggedFromABrowserIsFetchedAndClassified() throws Exception {
        window.modelFromFile(BICUBIC);
        Path img = TestImages.png(dir.resolve("web.png"), 120, 90, 0x3366CC);
        try (io.resnextexplorer.testing.TinyHttpServer server =
                new io.resnextexplorer.testing.TinyHttpServer()) {
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
            // The fetched bytes are the file's: the bars equal the service's for the file.
            assertRowsEqual(rows(), expected(models.resolve(BICUBIC), img));
            // A broken link fails inline on its own image.
            fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofUrl(server.url("/gone.png"))));
            until(() -> explorer.session().errorProperty().get().contains("HTTP 404"));
        }
    }

    @Test
    void badFileShowsAnInlineErrorAndTheNextImageIsStillClassified(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        Path bad = Files.writeString(dir.resolve("notes.png"), "shopping list\nmilk\n");
        // The message the real decoder gives for this file, word for word.
        String message = null;
        try {
            new ClassificationService().decode(bad);
        } catch (io.resnextexplorer.imageio.ImageReadException e) {
            message = e.getMessage();
        }
        assertThat(message).isNotNull().contains("not an image: it looks like a text file");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(bad))));
        until(() -> !explorer.session().errorProperty().get().isEmpty());
        Label error = robot.lookup("#canvas-error").queryAs(Label.class);
        assertThat(fx(error::getText)).isEqualTo(message);
        Node card = robot.lookup("#canvas-error-card").query();
        assertThat(fx(card::isVisible)).isTrue();
        assertThat(fx(() -> explorer.predictions().rows().isEmpty())).isTrue();
        SessionImage failed = fx(() -> explorer.session().images().get(0));
        until(() -> failed.status() == SessionImage.Status.ERROR);

        Path good = TestImages.png(dir.resolve("dog.png"), 200, 300, 0xAA8844);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(good))));
        until(() -> explorer.predictions().rows().size() == 5);
        assertThat(fx(() -> explorer.session().errorProperty().get())).isEmpty();
        assertThat(fx(card::isVisible)).isFalse();
        assertRowsEqual(rows(), expected(models.resolve(BICUBIC), good));
        // Going back shows the error again, without a new decode attempt.
        until(
                () ->
                        !explorer.session().busyProperty().get()
                                && !explorer.session().batch().runningProperty().get());
        workersDrained();
        long decodes = window.core().stats().decodes();
        fx(
                () -> {
                    explorer.session().previous();
                    return null;
                });
        until(() -> explorer.session().errorProperty().get().contains("text file"));
        assertThat(fx(error::getText)).isEqualTo(message);
        assertThat(window.core().stats().decodes()).isEqualTo(decodes);
    }

    @Test
    void switchingModelRerunsTheCurrentImageAndCachesResults(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        Path img = TestImages.png(dir.resolve("bird.png"), 256, 256, 0x55AA55);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        until(() -> explorer.predictions().rows().size() == 5);
        List<PredictionRow> before = rows();
        assertRowsEqual(before, expected(models.resolve(BICUBIC), img));

        window.selectEntry("tiny_bilinear_0875");
        window.modelFromFile(BILINEAR);
        until(
                () ->
                        explorer.predictions().rows().size() == 5
                                && !explorer.predictions().rows().equals(before));
        assertRowsEqual(rows(), expected(models.resolve(BILINEAR), img));
        workersDrained();
        long calls = window.core().stats().inferences();

        // Ctrl+1 goes back to the first model: bars come from the cache, no new inference.
        robot.clickOn("#canvas");
        robot.press(javafx.scene.input.KeyCode.CONTROL)
                .type(javafx.scene.input.KeyCode.DIGIT1)
                .release(javafx.scene.input.KeyCode.CONTROL);
        window.modelFromFile(BICUBIC);
        until(() -> explorer.predictions().rows().equals(before));
        assertThat(window.core().stats().inferences()).isEqualTo(calls);
    }

    @Test
    void thirtyFilesAllGetResultsWithProgressShown(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(
                    TestImages.png(
                            dir.resolve(String.format("img%02d.png", i)),
                            640,
                            480,
                            0x101010 * (i % 15)));
        }
        javafx.scene.control.Button cancel = robot.lookup("#cancel-batch").queryButton();
        AtomicBoolean sawProgress = new AtomicBoolean();
        AtomicBoolean sawCancelWhileRunning = new AtomicBoolean();
        AtomicReference<Double> maxMid = new AtomicReference<>(0.0);
        fx(
                () -> {
                    // Listeners, not polling: a fast machine may finish the batch between polls.
                    explorer.session()
                            .batch()
                            .runningProperty()
                            .addListener(
                                    (o, a, b) -> {
                                        if (b && cancel.isVisible()) {
                                            sawCancelWhileRunning.set(true);
                                        }
                                    });
                    explorer.session()
                            .batch()
                            .progress()
                            .addListener(
                                    (o, a, b) -> {
                                        double p = b.doubleValue();
                                        if (p > 0
                                                && p < 1
                                                && explorer.session()
                                                        .batch()
                                                        .runningProperty()
                                                        .get()) {
                                            sawProgress.set(true);
                                            maxMid.set(Math.max(maxMid.get(), p));
                                        }
                                    });
                    return explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files));
                });
        until(
                () ->
                        explorer.session().images().size() == 30
                                && explorer.session().images().stream()
                                        .allMatch(i -> i.status() == SessionImage.Status.DONE));
        until(() -> !explorer.session().batch().runningProperty().get());
        assertThat(sawCancelWhileRunning).as("cancel shown while the batch ran").isTrue();
        assertThat(fx(cancel::isVisible)).isFalse();
        assertThat(sawProgress).isTrue();
        assertThat(
                        fx(
                                () ->
                                        explorer.session().images().stream()
                                                .allMatch(i -> !i.top1().isEmpty())))
                .isTrue();
        assertThat(fx(() -> explorer.session().results().size())).isEqualTo(30);
        // Each image's top-1 in the strip is the real service's for that file.
        List<String> strip =
                fx(() -> explorer.session().images().stream().map(SessionImage::top1).toList());
        ClassificationService service = new ClassificationService();
        try (LoadedModel m = service.load(models.resolve(BICUBIC), ExecutionProvider.CPU)) {
            for (int i = 0; i < 30; i++) {
                Prediction p = service.classify(m, files.get(i), 5, false).top1();
                assertThat(strip.get(i))
                        .isEqualTo(
                                String.format(
                                        Locale.ROOT,
                                        "%.1f%% %s",
                                        p.probability() * 100,
                                        p.label()));
            }
        }

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
        com.fasterxml.jackson.databind.JsonNode records =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(json.toFile())
                        .get("results");
        assertThat(records).hasSize(30);
        // Pasted elsewhere, no record of these untrained weights can pass for a prediction.
        records.forEach(r -> assertThat(r.at("/weights/untrained").asBoolean()).isTrue());
    }

    @Test
    void twoHundredFilesFillInWhileTheFxThreadStaysResponsive() throws Exception {
        window.modelFromFile(BICUBIC);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            files.add(TestImages.png(dir.resolve("m" + i + ".png"), 400, 300, 0x010203 * (i % 80)));
        }
        // Park a worker inside the first classify: while it waits the batch is certainly
        // running, and the FX thread must still answer (no sleeping and sampling, which passed or
        // failed with the machine's speed). The guard also proves no classify ran on the FX thread.
        FxCallRecorder.Hold hold = window.guard.holdNext("classify");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        try {
            assertThat(hold.awaitHeld()).as("a worker is inside classify").isTrue();
            assertThat(fx(() -> explorer.session().batch().runningProperty().get())).isTrue();
            assertThat(fx(() -> explorer.session().batch().doneProperty().get())).isLessThan(200);
        } finally {
            hold.release();
        }
        untilSlow(() -> !explorer.session().batch().runningProperty().get());
        assertThat(fx(() -> explorer.session().results().size())).isEqualTo(200);
        assertThat(window.guard.callsOnFxThread).isEmpty();
    }

    @Test
    void cancelStopsTheBatchAndTheUiStaysUsable(FxRobot robot) throws Exception {
        window.modelFromFile(BICUBIC);
        // Real slow work: each 2400x1800 PNG takes a real decode and a Pillow-exact downscale.
        Path big = TestImages.png(dir.resolve("c0.png"), 2400, 1800, 0x030303);
        List<Path> files = new ArrayList<>(List.of(big));
        for (int i = 1; i < 30; i++) {
            files.add(Files.copy(big, dir.resolve("c" + i + ".png")));
        }
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        until(() -> explorer.session().batch().doneProperty().get() >= 2);
        robot.clickOn("#cancel-batch");
        until(() -> !explorer.session().batch().runningProperty().get());
        long done =
                fx(
                        () ->
                                explorer.session().images().stream()
                                        .filter(i -> i.status() == SessionImage.Status.DONE)
                                        .count());
        assertThat(done).isLessThan(30);
        assertThat(fx(() -> explorer.session().images().get(29).status()))
                .isNotEqualTo(SessionImage.Status.DONE);
        // Selecting an unclassified image still classifies it.
        fx(
                () -> {
                    explorer.session().select(29);
                    return null;
                });
        until(() -> explorer.predictions().rows().size() == 5);
        assertRowsEqual(rows(), expected(models.resolve(BICUBIC), files.get(29)));
    }

    @Test
    void untrainedWeightsShowTheBannerAndCudaFallbackSaysWhy(FxRobot robot) throws Exception {
        // The fixtures say "random-init" in their metadata: the banner is real.
        window.modelFromFile(BICUBIC);
        assertThat(fx(() -> explorer.session().modelProperty().get().info().weights().untrained()))
                .isTrue();
        until(() -> robot.lookup("#untrained-banner").query().isVisible());
        // A plain ONNX file says nothing about its weights: no banner.
        window.selectEntry("tiny_plain");
        window.modelFromFile(PLAIN);
        until(() -> !robot.lookup("#untrained-banner").query().isVisible());
        window.selectEntry("tiny_bicubic_095");
        window.modelFromFile(BICUBIC);
        until(() -> robot.lookup("#untrained-banner").query().isVisible());
        // This build has the CPU-only ONNX Runtime: asking for CUDA really falls back, saying why.
        fx(
                () -> {
                    explorer.library()
                            .providerProperty()
                            .set(io.resnextexplorer.model.ExecutionProvider.CUDA);
                    return null;
                });
        until(() -> explorer.card().providerNoteProperty().get().contains("CPU-only"));
        LoadedModel m = fx(() -> explorer.session().modelProperty().get());
        assertThat(m.provider().requested()).isEqualTo(ExecutionProvider.CUDA);
        assertThat(m.provider().used()).isEqualTo(ExecutionProvider.CPU);
    }

    @Test
    void aNewerSelectionSupersedesAnOlderOneStillRunning() throws Exception {
        window.modelFromFile(BICUBIC);
        // Image 0 is big (its Pillow-exact downscale of 7 MP takes a while), image 1 is small: the
        // older request for image 0 finishes AFTER the newer one for image 1, so a stale result
        // that were not dropped would end up on screen last.
        Path a = TestImages.png(dir.resolve("first.png"), 3200, 2400, 0x111111);
        Path b = TestImages.png(dir.resolve("second.png"), 64, 64, 0xEEEEEE);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(a, b))));
        until(
                () ->
                        explorer.session().images().size() == 2
                                && explorer.predictions().rows().size() == 5
                                && !explorer.session().batch().runningProperty().get());
        fx(
                () -> {
                    explorer.session().select(1);
                    return null;
                });
        until(() -> explorer.predictions().rows().size() == 5);
        // The two images give different bars with the new model, so showing image 0's would fail.
        Classification expectedA = expected(models.resolve(BILINEAR), a);
        Classification expectedB = expected(models.resolve(BILINEAR), b);
        assertThat(expectedA.top()).isNotEqualTo(expectedB.top());

        // Switch model on image 1: it is re-run at once. The user cancels the new model's batch
        // the moment it starts (a listener, so it never reaches big image 0): both worker threads
        // stay free for what the user picks next.
        AtomicBoolean cancelNextBatch = new AtomicBoolean(true);
        fx(
                () -> {
                    explorer.session()
                            .batch()
                            .runningProperty()
                            .addListener(
                                    (o, was, running) -> {
                                        if (running && cancelNextBatch.getAndSet(false)) {
                                            explorer.session().cancel();
                                        }
                                    });
                    return null;
                });
        window.selectEntry("tiny_bilinear_0875");
        window.modelFromFile(BILINEAR);
        until(() -> explorer.predictions().rows().size() == 5);
        assertThat(cancelNextBatch).isFalse();
        assertRowsEqual(rows(), expectedB);
        // Then quickly move to image 0 (its classification with the new model starts: slow) and
        // back to image 1 (cached: at once).
        fx(
                () -> {
                    explorer.session().select(0);
                    return null;
                });
        fx(
                () -> {
                    explorer.session().select(1);
                    return null;
                });
        workersDrained();
        // Only image 1's result is on screen, even though image 0's arrived after it.
        assertRowsEqual(rows(), expectedB);
        assertThat(fx(() -> explorer.session().currentProperty().get().name()))
                .isEqualTo("second.png");
    }

    /**
     * Waits until every task already handed to the worker pool has finished, and what those tasks
     * posted to the FX thread has run: each worker thread takes one barrier task, which it can only
     * reach once its earlier tasks are done (the pool's queue is FIFO).
     */
    private void workersDrained() throws Exception {
        ExecutorService executor = window.executor();
        int threads = ((java.util.concurrent.ThreadPoolExecutor) executor).getMaximumPoolSize();
        java.util.concurrent.CyclicBarrier all =
                new java.util.concurrent.CyclicBarrier(threads + 1);
        for (int i = 0; i < threads; i++) {
            executor.execute(
                    () -> {
                        try {
                            all.await(60, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            Thread.currentThread().interrupt();
                        }
                    });
        }
        all.await(60, TimeUnit.SECONDS);
        fx(() -> null);
    }

    @Test
    void remembersLastModelThemeRecentFilesAndOpenedModels() throws Exception {
        window.modelFromFile(BICUBIC);
        Path img = TestImages.png(dir.resolve("recent.png"), 32, 32, 0x222222);
        // A real model under another name; without metadata its id is the file name.
        Path extra = Files.copy(ExportedModels.fixture(PLAIN), dir.resolve("dropped_model.onnx"));
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img, extra))));
        window.modelWithId("dropped_model");
        until(() -> explorer.predictions().rows().size() == 5);
        fx(
                () -> {
                    explorer.shell().darkProperty().set(true);
                    explorer.saveSettings();
                    return null;
                });
        Path file = window.home().resolve("settings.json");
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
        window.modelFromFile(BICUBIC);
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
        window.modelFromFile(BICUBIC);
        List<ModelEntry> entries = fx(() -> List.copyOf(explorer.library().entries()));
        assertThat(entries)
                .extracting(ModelEntry::id)
                .containsExactly(
                        "resnext50_32x4d",
                        "resnext50d_32x4d",
                        "tv_resnext50_32x4d",
                        "resnext101_32x8d",
                        "tiny_bicubic_095",
                        "tiny_bilinear_0875",
                        "tiny_plain");
        // No seed is in this models folder: each is listed with the command that exports it.
        for (ModelEntry missing : entries.subList(0, 4)) {
            assertThat(missing.present()).isFalse();
            assertThat(missing.exportCommand())
                    .isEqualTo(
                            "python onnx-export/export.py "
                                    + missing.id()
                                    + " --out "
                                    + window.home().resolve("models"));
        }
        assertThat(entries.subList(4, 7)).allMatch(ModelEntry::present);
    }
}
