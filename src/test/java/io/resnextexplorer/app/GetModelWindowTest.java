package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.untilSlow;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.PullService;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.HubTestServer;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window's "Get" against a local Hub-shaped server: on a first run with no models the empty
 * state offers it; a click downloads, builds and installs the model into the user's models folder,
 * the library lists and loads it, and a dropped photo is classified with it. The card repo is
 * served with the tiny fixture's weights (same files as timm's save_for_hf writes), so this stays
 * fast.
 */
@ExtendWith(ApplicationExtension.class)
class GetModelWindowTest {
    private static final Path TINY =
            ExportedModels.projectRoot()
                    .resolve("src/test/resources/fixtures/hub/hub/timm/resnext50_32x4d.tiny_test");

    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private HubTestServer hub;
    private Explorer explorer;

    @Start
    void start(Stage stage) throws Exception {
        Path root = dir.resolve("hub");
        for (String repo :
                List.of("timm/resnext50_32x4d.ra_in1k", "timm/resnext50d_32x4d.bt_in1k")) {
            copy(TINY, root.resolve(repo));
        }
        // resnext50d's repo holds a non-d architecture: its Get must fail in words.
        hub = new HubTestServer(root);
        System.setProperty(PullService.ENDPOINT_PROPERTY, hub.endpoint());
        explorer = window.open(stage, Files.createDirectories(dir.resolve("no-models")));
    }

    @AfterEach
    void stopServer() {
        System.clearProperty(PullService.ENDPOINT_PROPERTY);
        hub.close();
    }

    @Test
    void firstRunGetsAModelFromTheHubAndClassifiesWithIt(FxRobot robot) throws Exception {
        untilSlow(() -> robot.lookup("#empty-library").query().isVisible());
        Button get = robot.lookup("#empty-get .get-button").queryButton();
        assertThat(get.getText()).isEqualTo("Get (≈100 MB)");
        robot.clickOn(get);

        window.modelWithId("resnext50_32x4d");
        Path installed = window.home().resolve("models/resnext50_32x4d.onnx");
        assertThat(installed).isRegularFile();
        untilSlow(() -> !robot.lookup("#empty-library").query().isVisible());
        LoadedModel m = fx(() -> explorer.session().modelProperty().get());
        assertThat(m.info().weights().untrained())
                .as("fixture weights are flagged untrained")
                .isTrue();
        assertThat(m.info().metadata().get("resnext_explorer.weights"))
                .contains("timm/resnext50_32x4d.ra_in1k")
                .contains(HubTestServer.COMMIT);

        Path img = ExportedModels.fixture("images/chelsea.png");
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(img))));
        untilSlow(() -> explorer.predictions().rows().size() == 5);
        // The part files and the downloaded weights are gone; only the model stays.
        try (Stream<Path> s = Files.walk(window.home().resolve("models"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).containsExactly(installed);
        }
    }

    @Test
    void aFailedGetSaysWhyInTheLibraryAndTheWindowKeepsWorking(FxRobot robot) throws Exception {
        untilSlow(() -> robot.lookup("#get-resnext50d_32x4d").tryQuery().isPresent());
        robot.clickOn("#get-resnext50d_32x4d");
        untilSlow(
                () ->
                        robot.lookup("#get-error-resnext50d_32x4d")
                                .tryQuery()
                                .map(Node::isVisible)
                                .orElse(false));
        String error =
                fx(
                        () ->
                                explorer.library()
                                        .downloads()
                                        .download("resnext50d_32x4d")
                                        .errorProperty()
                                        .get());
        assertThat(error).contains("holds a resnext50_32x4d, not a resnext50d_32x4d");
        assertThat(window.home().resolve("models/resnext50d_32x4d.onnx")).doesNotExist();
        // Another Get still works.
        robot.clickOn(robot.lookup("#model-list #get-resnext50_32x4d").queryButton());
        window.modelWithId("resnext50_32x4d");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
