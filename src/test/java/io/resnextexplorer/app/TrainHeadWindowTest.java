package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static io.resnextexplorer.app.ExplorerWindowFixture.untilSlow;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.session.HeadTrainerTest;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.library.ModelEntry;
import io.resnextexplorer.ui.predictions.PredictionRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * "Train your own classes" in the real window: trained on a small folder through the dialog, the
 * new model shows its accuracy and confusion matrix, joins the library, becomes the model in use
 * and classifies an image with the new classes (flagged as built on untrained features).
 */
@ExtendWith(ApplicationExtension.class)
class TrainHeadWindowTest {
    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;

    @Start
    void start(Stage stage) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.copy(
                ExportedModels.fixture("tiny_bicubic_095.onnx"),
                models.resolve("tiny_bicubic_095.onnx"));
        explorer = window.open(stage, models);
    }

    @Test
    void aHeadTrainedInTheWindowBecomesAModelThatClassifiesWithTheNewClasses(FxRobot robot)
            throws Exception {
        window.modelFromFile("tiny_bicubic_095.onnx");
        Path data = HeadTrainerTest.colourClasses(dir.resolve("colours"));
        Path out = dir.resolve("models").resolve("my-colours.onnx");

        robot.clickOn("#menu-bar .menu");
        robot.clickOn("#train-head-menu");
        until(() -> robot.lookup("#train-folder").tryQuery().isPresent());
        TextField folder = robot.lookup("#train-folder").queryAs(TextField.class);
        TextField file = robot.lookup("#train-out").queryAs(TextField.class);
        fx(
                () -> {
                    folder.setText(data.toString());
                    file.setText(out.toString());
                    return null;
                });
        robot.clickOn("#train-start");

        untilSlow(() -> explorer.trainHead().writtenProperty().get() != null);
        assertThat(fx(() -> explorer.trainHead().accuracyProperty().get()))
                .startsWith("Validation accuracy 100.0 %")
                .contains("UNTRAINED");
        String report = robot.lookup("#train-report").queryAs(TextArea.class).getText();
        assertThat(report).contains("Confusion matrix").contains("blue").contains("red");

        window.modelWithId("my-colours");
        assertThat(fx(() -> explorer.library().entries().stream().map(ModelEntry::id).toList()))
                .contains("my-colours", "tiny_bicubic_095");
        Path red = data.resolve("red/red5.png");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(red))));
        until(() -> explorer.predictions().rows().size() == 2);
        List<PredictionRow> rows = fx(() -> List.copyOf(explorer.predictions().rows()));
        assertThat(rows.get(0).label()).isEqualTo("red");
        assertThat(rows).extracting(PredictionRow::label).containsExactlyInAnyOrder("red", "blue");
        assertThat(fx(() -> explorer.predictions().untrainedProperty().get())).isTrue();
    }
}
