package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real DragEvent and clipboard paths: a drag gesture from a source node carrying files onto the
 * canvas (the canvas's handlers read a real Dragboard), Ctrl+V, arrow keys, Ctrl+C. On the real
 * backend ({@link SessionCore}) with the committed tiny ResNeXt fixture.
 */
@ExtendWith(ApplicationExtension.class)
class CanvasDragAndDropTest {
    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Path models;
    private Explorer explorer;
    private volatile List<File> dragged = List.of();

    @Start
    void start(Stage stage) throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        Files.copy(
                ExportedModels.fixture(ExplorerWindowTest.BICUBIC),
                models.resolve(ExplorerWindowTest.BICUBIC));
        Label source = new Label("drag me");
        source.setId("drag-source");
        source.setMinSize(80, 80);
        source.setOnDragDetected(
                e -> {
                    Dragboard db = source.startDragAndDrop(TransferMode.COPY);
                    ClipboardContent c = new ClipboardContent();
                    c.putFiles(dragged);
                    db.setContent(c);
                    e.consume();
                });
        explorer =
                window.open(
                        stage,
                        models,
                        view -> {
                            HBox root = new HBox(source, view);
                            HBox.setHgrow(view, Priority.ALWAYS);
                            return root;
                        });
    }

    @Test
    void draggingFilesOntoTheCanvasClassifiesThem(FxRobot robot) throws Exception {
        window.modelFromFile(ExplorerWindowTest.BICUBIC);
        Path a = TestImages.png(dir.resolve("a.png"), 100, 80, 0x884422);
        Path b = TestImages.png(dir.resolve("b.png"), 80, 100, 0x224488);
        dragged = List.of(a.toFile(), b.toFile());
        robot.drag("#drag-source").dropTo("#canvas");
        until(
                () ->
                        explorer.session().images().size() == 2
                                && explorer.predictions().rows().size() == 5);
        assertThat(fx(() -> explorer.session().currentProperty().get().name())).isEqualTo("a.png");
        ExplorerWindowTest.assertRowsEqual(
                fx(() -> List.copyOf(explorer.predictions().rows())),
                ExplorerWindowTest.expected(models.resolve(ExplorerWindowTest.BICUBIC), a));
    }

    @Test
    void ctrlVPastesFilesAndArrowsMoveBetweenImagesAndCtrlCCopiesTheBars(FxRobot robot)
            throws Exception {
        window.modelFromFile(ExplorerWindowTest.BICUBIC);
        Path a = TestImages.png(dir.resolve("p1.png"), 60, 60, 0x123456);
        Path b = TestImages.png(dir.resolve("p2.png"), 60, 60, 0x654321);
        fx(
                () -> {
                    ClipboardContent c = new ClipboardContent();
                    c.putFiles(List.of(a.toFile(), b.toFile()));
                    return javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
                });
        robot.clickOn("#canvas");
        robot.press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        until(
                () ->
                        explorer.session().images().size() == 2
                                && explorer.predictions().rows().size() == 5);
        assertThat(fx(() -> explorer.session().currentIndexProperty().get())).isEqualTo(0);

        robot.type(KeyCode.RIGHT);
        until(() -> explorer.session().currentIndexProperty().get() == 1);
        robot.type(KeyCode.PAGE_UP);
        until(() -> explorer.session().currentIndexProperty().get() == 0);
        until(() -> explorer.predictions().rows().size() == 5);

        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        String text = fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        String top = fx(() -> explorer.predictions().rows().get(0).label());
        assertThat(text).startsWith("p1.png").contains(top).contains("%");
        // Header, weights line, the untrained warning (the fixture is random-init), five bars.
        assertThat(text).contains("UNTRAINED WEIGHTS: these are not predictions");
        assertThat(text.lines().count()).isEqualTo(8);
        // The copied bars are p1's, as the real service computes them.
        ExplorerWindowTest.assertRowsEqual(
                fx(() -> List.copyOf(explorer.predictions().rows())),
                ExplorerWindowTest.expected(models.resolve(ExplorerWindowTest.BICUBIC), a));
    }
}
