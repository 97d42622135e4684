package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.untilSlow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.cli.Cli;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.predictions.PredictionRow;
import io.resnextexplorer.ui.session.SessionImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window on the REAL service with full-size random-init exports of two seed variants: the bars
 * equal the service's and the CLI's results for the same model and image, a bad file fails inline,
 * switching models changes the bars, 30 files all get results.
 */
@Tag("python")
@ExtendWith(ApplicationExtension.class)
class RealServiceWindowTest {
    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

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
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.createSymbolicLink(models.resolve("resnext50_32x4d.onnx"), model50);
        Files.createSymbolicLink(models.resolve("tv_resnext50_32x4d.onnx"), modelTv);
        explorer = window.open(stage, models);
    }

    @Test
    void barsEqualTheServiceAndTheCliForTheSameModelAndImage() throws Exception {
        window.modelWithId("resnext50_32x4d");
        Path img = ScreenshotMain.photo(dir.resolve("boat.png"), 500, 333, 1);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        untilSlow(() -> explorer.predictions().rows().size() == 5);
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
        untilSlow(
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
        window.modelWithId("resnext50_32x4d");
        Path bad = Files.writeString(dir.resolve("notes.jpg"), "not a picture\n");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(bad))));
        untilSlow(() -> !explorer.session().errorProperty().get().isEmpty());
        assertThat(fx(() -> explorer.session().errorProperty().get())).contains("not an image");

        Path good = ScreenshotMain.photo(dir.resolve("good.png"), 300, 300, 3);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(good))));
        untilSlow(() -> explorer.predictions().rows().size() == 5);
        List<PredictionRow> before = fx(() -> List.copyOf(explorer.predictions().rows()));

        window.selectEntry("tv_resnext50_32x4d");
        window.modelWithId("tv_resnext50_32x4d");
        untilSlow(
                () ->
                        explorer.predictions().rows().size() == 5
                                && !explorer.predictions().rows().equals(before));

        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(ScreenshotMain.photo(dir.resolve("s" + i + ".png"), 160, 120, i));
        }
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        untilSlow(() -> explorer.session().batch().runningProperty().get());
        untilSlow(
                () ->
                        explorer.session().images().size() == 32
                                && explorer.session().images().stream()
                                                .filter(i -> i.status() == SessionImage.Status.DONE)
                                                .count()
                                        == 31
                                && !explorer.session().batch().runningProperty().get());
    }
}
