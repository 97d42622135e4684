package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.postprocess.GlobalAveragePool;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.session.SessionImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * "Find similar" in the real window (tiny fixture model): the strip is sorted by cosine similarity
 * of the pooled features to the chosen image, each image shows its similarity, and images already
 * classified are not run again.
 */
@ExtendWith(ApplicationExtension.class)
class FindSimilarWindowTest {
    private static final List<String> IMAGES =
            List.of("astronaut", "chelsea", "coffee", "rocket", "camera_gray");

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
    void sortsTheStripBySimilarityWithoutRunningClassifiedImagesAgain(FxRobot robot)
            throws Exception {
        window.modelFromFile("tiny_bicubic_095.onnx");
        List<Path> files =
                IMAGES.stream().map(n -> ExportedModels.fixture("images/" + n + ".png")).toList();
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(files)));
        until(
                () ->
                        explorer.session().images().size() == IMAGES.size()
                                && explorer.session().images().stream()
                                        .allMatch(i -> i.status() == SessionImage.Status.DONE));
        long runsBefore = window.core().stats().inferences();
        fx(
                () -> {
                    explorer.session().select(2); // coffee
                    return null;
                });

        robot.clickOn("#find-similar");
        until(() -> explorer.session().similarityNoteProperty().get().startsWith("Most similar"));

        assertThat(window.core().stats().inferences()).isEqualTo(runsBefore);
        List<SessionImage> strip = fx(() -> List.copyOf(explorer.session().visibleImages()));
        assertThat(strip.get(0).name()).isEqualTo("coffee.png");
        assertThat(strip.get(0).similarity()).isEqualTo("1.000");
        assertThat(fx(() -> explorer.session().currentProperty().get().name()))
                .as("the chosen image stays the current one")
                .isEqualTo("coffee.png");
        LoadedModel m = fx(() -> explorer.session().modelProperty().get());
        float[] query =
                window.core().cached(strip.get(0).source(), m.key()).classification().embedding();
        double previous = 2;
        for (SessionImage img : strip) {
            ImageResult r = window.core().cached(img.source(), m.key());
            double expected = GlobalAveragePool.cosine(query, r.classification().embedding());
            assertThat(Double.parseDouble(img.similarity()))
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(5e-4));
            assertThat(expected).isLessThanOrEqualTo(previous);
            previous = expected;
        }
        assertThat(fx(() -> explorer.session().similarityNoteProperty().get()))
                .contains("coffee.png")
                .contains("UNTRAINED");
        assertThat(robot.lookup("#similarity-note").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup(".thumb-caption").queryAllAs(javafx.scene.control.Label.class))
                .anyMatch(l -> l.getText().startsWith("≈ 1.000"));
    }
}
