package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.InspectionService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.inspector.InspectorView;
import io.resnextexplorer.ui.metadata.CardRow;
import io.resnextexplorer.ui.predictions.PredictionRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window on the real service with the committed tiny fixtures (fast): bars equal the service's,
 * crop geometry follows the model's crop_pct, and a plain ONNX file's defaulted values are marked
 * in the card.
 */
@ExtendWith(ApplicationExtension.class)
class FixtureServiceWindowTest {
    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;

    @Start
    void start(Stage stage) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        for (String f : List.of("tiny_bicubic_095.onnx", "tiny_plain.onnx")) {
            Files.copy(ExportedModels.fixture(f), models.resolve(f));
        }
        explorer = window.open(stage, models);
    }

    @Test
    void barsEqualTheServiceAndPlainOnnxDefaultsAreMarked(FxRobot robot) throws Exception {
        window.modelFromFile("tiny_bicubic_095.onnx");
        Path img = ExportedModels.fixture("images/chelsea.png");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        until(() -> explorer.predictions().rows().size() == 5);
        List<PredictionRow> rows = fx(() -> List.copyOf(explorer.predictions().rows()));
        LoadedModel handle = fx(() -> explorer.session().modelProperty().get());
        ClassificationService service = new ClassificationService();
        try (LoadedModel m = service.load(handle.info().file(), ExecutionProvider.CPU)) {
            Classification expected = service.classify(m, img, 5, false);
            for (int i = 0; i < 5; i++) {
                assertThat(rows.get(i).label()).isEqualTo(expected.top().get(i).label());
                assertThat(rows.get(i).probability())
                        .isEqualTo(expected.top().get(i).probability());
            }
        }
        // The crop outline: crop_pct 0.95 of the short side (100 px) of a 151x100 image.
        until(() -> explorer.session().cropProperty().get() != null);
        double side = fx(() -> explorer.session().cropProperty().get().height());
        assertThat(side).isBetween(90.0, 100.0);

        window.selectEntry("tiny_plain");
        window.modelFromFile("tiny_plain.onnx");
        until(() -> explorer.predictions().rows().size() == 5);
        List<CardRow> card = fx(() -> List.copyOf(explorer.card().rows()));
        assertThat(card)
                .filteredOn(CardRow::defaulted)
                .extracting(CardRow::name)
                .contains("Interpolation", "Crop pct", "Mean", "Std");
        assertThat(robot.lookup(".card-value.defaulted").queryAllAs(Label.class))
                .isNotEmpty()
                .allMatch(l -> l.getText().endsWith("(default)"));
    }

    @Test
    void inspectButtonOpensTheGraphInspectorOnTheModelInUse(FxRobot robot) throws Exception {
        window.modelFromFile("tiny_bicubic_095.onnx");
        robot.clickOn("#inspect-model");
        until(
                () ->
                        robot.listWindows().stream()
                                .anyMatch(
                                        w ->
                                                w instanceof Stage st
                                                        && st.getTitle() != null
                                                        && st.getTitle()
                                                                .contains(
                                                                        "tiny_bicubic_095.onnx")));
        InspectorView view =
                robot.lookup((javafx.scene.Node n) -> n instanceof InspectorView).query();
        until(() -> fx(() -> view.getChildrenUnmodifiable().size() > 0));
        InspectionReport expected =
                new InspectionService().inspect(ExportedModels.fixture("tiny_bicubic_095.onnx"));
        until(
                () ->
                        robot.lookup(".table-view").queryAll().stream()
                                .anyMatch(
                                        t ->
                                                t instanceof javafx.scene.control.TableView<?> tv
                                                        && tv.getItems().size()
                                                                == expected.layers().size()));
    }
}
