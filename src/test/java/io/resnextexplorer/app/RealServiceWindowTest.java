package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowTest.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.cli.Cli;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.UserDirs;
import io.resnextexplorer.ui.library.ModelEntry;
import io.resnextexplorer.ui.predictions.PredictionRow;
import io.resnextexplorer.ui.session.SessionImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window on the REAL service with full-size random-init exports of two seed variants: the bars
 * equal the service's and the CLI's results for the same model and image, a bad file fails inline,
 * switching models changes the bars, 30 files all get results.
 */
@ExtendWith(ApplicationExtension.class)
class RealServiceWindowTest {
    @TempDir static Path home;
    @TempDir Path dir;

    private ExecutorService executor;
    private SessionCore core;
    private Explorer explorer;
    private static Path model50;
    private static Path modelTv;

    /** Exports (once per build, python) before any window exists: never on the FX thread. */
    @BeforeAll
    static void exportModels() {
        model50 = ExportedModels.seed("resnext50_32x4d");
        modelTv = ExportedModels.seed("tv_resnext50_32x4d");
    }

    @Start
    void start(Stage stage) throws Exception {
        System.setProperty(UserDirs.HOME_PROPERTY, home.toString());
        Path models = Files.createDirectories(dir.resolve("models"));
        model50 = ExportedModels.seed("resnext50_32x4d");
        Files.createSymbolicLink(models.resolve("resnext50_32x4d.onnx"), model50);
        Files.createSymbolicLink(
                models.resolve("tv_resnext50_32x4d.onnx"),
                ExportedModels.seed("tv_resnext50_32x4d"));
        executor = App.newWorkerPool();
        core = SessionCore.guarded(App::refuseOnFxThread);
        explorer =
                new Explorer(
                        new UiContext(core, executor, Platform::runLater),
                        new Settings(),
                        home.resolve("settings.json"),
                        new GuiArgs(models, List.of()));
        stage.setScene(new Scene(explorer.view(), 1280, 800));
        App.applyTheme(false);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        ExplorerWindowTest.closeLikeTheApp(explorer, executor, core);
    }

    static void until(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> fx(c));
    }

    private void modelLoaded(String id) throws Exception {
        until(
                () -> {
                    LoadedModel m = explorer.session().modelProperty().get();
                    return m != null && m.info().id().equals(id);
                });
    }

    @Test
    void barsEqualTheServiceAndTheCliForTheSameModelAndImage() throws Exception {
        modelLoaded("resnext50_32x4d");
        Path img = ScreenshotMain.photo(dir.resolve("boat.png"), 500, 333, 1);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        until(() -> explorer.predictions().rows().size() == 5);
        List<PredictionRow> rows = fx(() -> List.copyOf(explorer.predictions().rows()));

        Classification expected;
        ClassificationService service = new ClassificationService();
        try (LoadedModel m = service.load(model50, ExecutionProvider.CPU)) {
            expected = service.classify(m, img, 5, false);
        }
        StringWriter out = new StringWriter();
        int code =
                Cli.run(
                        new String[] {
                            "classify", "--model", model50.toString(), "--json", img.toString()
                        },
                        new PrintWriter(out, true),
                        new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        JsonNode cliTop =
                new ObjectMapper().readTree(out.toString()).get("results").get(0).get("top");
        for (int i = 0; i < 5; i++) {
            assertThat(rows.get(i).label()).isEqualTo(expected.top().get(i).label());
            assertThat(rows.get(i).index()).isEqualTo(expected.top().get(i).index());
            assertThat(rows.get(i).probability()).isEqualTo(expected.top().get(i).probability());
            assertThat(rows.get(i).label()).isEqualTo(cliTop.get(i).get("label").asText());
            assertThat(rows.get(i).probability())
                    .isCloseTo(
                            cliTop.get(i).get("probability").asDouble(),
                            org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(fx(() -> explorer.predictions().untrainedProperty().get())).isTrue();
        // The graph inspector's count replaces the exporter's figure in the card.
        until(
                () ->
                        explorer.card().rows().stream()
                                .anyMatch(
                                        r ->
                                                r.name().equals("MACs (measured)")
                                                        && r.value().endsWith(" G")
                                                        && !r.value().contains("export")));
    }

    @Test
    void badFileFailsInlineThenModelSwitchAndThirtyFilesWork() throws Exception {
        modelLoaded("resnext50_32x4d");
        Path bad = Files.writeString(dir.resolve("notes.jpg"), "not a picture\n");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(bad))));
        until(() -> !explorer.session().errorProperty().get().isEmpty());
        assertThat(fx(() -> explorer.session().errorProperty().get())).contains("not an image");

        Path good = ScreenshotMain.photo(dir.resolve("good.png"), 300, 300, 3);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(good))));
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

        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(ScreenshotMain.photo(dir.resolve("s" + i + ".png"), 160, 120, i));
        }
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        until(() -> explorer.session().batch().runningProperty().get());
        until(
                () ->
                        explorer.session().images().size() == 32
                                && explorer.session().images().stream()
                                                .filter(i -> i.status() == SessionImage.Status.DONE)
                                                .count()
                                        == 31
                                && !explorer.session().batch().runningProperty().get());
    }
}
