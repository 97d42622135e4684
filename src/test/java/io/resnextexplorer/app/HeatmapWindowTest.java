package io.resnextexplorer.app;

import static io.resnextexplorer.app.ExplorerWindowFixture.fx;
import static io.resnextexplorer.app.ExplorerWindowFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.HeatmapService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.heatmap.HeatmapView;
import io.resnextexplorer.ui.heatmap.HeatmapViewModel;
import io.resnextexplorer.ui.predictions.PredictionRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The heatmap view in the real window on the committed tiny fixtures: top-1 by default, a click on
 * a bar or a search shows another class's map (equal to the service's for the same file and image,
 * with no further inference), methods, opacity, side by side, saving.
 */
@ExtendWith(ApplicationExtension.class)
class HeatmapWindowTest {
    private static final String MODEL = "tiny_bicubic_095.onnx";

    @RegisterExtension final ExplorerWindowFixture window = new ExplorerWindowFixture();
    @TempDir Path dir;

    private Explorer explorer;
    private Path models;
    private Path image;

    @Start
    void start(Stage stage) throws Exception {
        models = Files.createDirectories(dir.resolve("models"));
        Files.copy(ExportedModels.fixture(MODEL), models.resolve(MODEL));
        image =
                Files.copy(
                        ExportedModels.projectRoot()
                                .resolve("src/test/resources/fixtures/images/chelsea.png"),
                        dir.resolve("chelsea.png"));
        explorer = window.open(stage, models);
    }

    private ActivationMap expected(HeatmapMethod m, int cls) throws Exception {
        ClassificationService service = new ClassificationService();
        try (LoadedModel model = service.load(models.resolve(MODEL), ExecutionProvider.CPU)) {
            Classification c = service.classify(model, image, 5, false);
            return new HeatmapService().map(model, c, m, cls);
        }
    }

    private void open(FxRobot robot) throws Exception {
        window.modelFromFile(MODEL);
        fx(() -> explorer.canvas().accept(CanvasViewModel.Drop.ofFiles(List.of(image))));
        until(() -> explorer.predictions().rows().size() == 5);
        robot.clickOn("#toggle-heatmap");
        until(() -> explorer.heatmap().mapProperty().get() != null);
    }

    private ActivationMap shown() throws Exception {
        return fx(() -> explorer.heatmap().mapProperty().get());
    }

    @Test
    void showsTheTop1CamAndAClickedBarsCamWithoutAnotherInference(FxRobot robot) throws Exception {
        open(robot);
        List<PredictionRow> rows = fx(() -> List.copyOf(explorer.predictions().rows()));
        ActivationMap top = shown();
        assertThat(top.classIndex()).isEqualTo(rows.get(0).index());
        assertThat(top.values())
                .containsExactly(expected(HeatmapMethod.CAM, top.classIndex()).values());
        assertThat(robot.lookup("#heatmap-title").queryAs(Label.class).getText())
                .contains("CAM")
                .contains(rows.get(0).label());
        assertThat(robot.lookup("#heatmap-sanity").queryAs(Label.class).getText())
                .startsWith("Check: mean before ReLU");
        assertThat(robot.lookup("#heatmap-overlay").queryAs(ImageView.class).getImage())
                .isNotNull();
        assertThat(robot.lookup("#heatmap-untrained").queryAs(Label.class).isVisible()).isTrue();
        long runs = window.core().stats().inferences();

        VBox bars = robot.lookup("#prediction-bars").queryAs(VBox.class);
        Node third = fx(() -> bars.getChildren().get(2));
        robot.clickOn(third);
        int cls = rows.get(2).index();
        until(() -> explorer.heatmap().mapProperty().get().classIndex() == cls);
        assertThat(shown().values()).containsExactly(expected(HeatmapMethod.CAM, cls).values());
        assertThat(window.core().stats().inferences()).isEqualTo(runs);

        TextField search = robot.lookup("#heatmap-class-search").queryAs(TextField.class);
        robot.clickOn(search).write("class 7").type(KeyCode.ENTER);
        until(() -> explorer.heatmap().mapProperty().get().classIndex() == 7);
        robot.clickOn("#heatmap-top1");
        until(() -> explorer.heatmap().mapProperty().get().classIndex() == rows.get(0).index());
        assertThat(window.core().stats().inferences()).isEqualTo(runs);
    }

    @Test
    void methodsColormapsOpacityAndSideBySideChangeWhatIsDrawn(FxRobot robot) throws Exception {
        open(robot);
        HeatmapViewModel vm = explorer.heatmap();
        assertThat(fx(() -> List.copyOf(vm.methods())))
                .extracting(HeatmapMethod::id)
                .containsExactly(
                        "cam",
                        "eigencam",
                        "stage:stem",
                        "stage:layer1",
                        "stage:layer2",
                        "stage:layer3",
                        "stage:layer4");
        fx(
                () -> {
                    vm.methodProperty().set(HeatmapMethod.EIGEN_CAM);
                    return null;
                });
        until(() -> vm.mapProperty().get().method().equals(HeatmapMethod.EIGEN_CAM));
        assertThat(shown().values())
                .containsExactly(expected(HeatmapMethod.EIGEN_CAM, -1).values());
        fx(
                () -> {
                    vm.methodProperty().set(HeatmapMethod.stage("layer1"));
                    vm.colormapProperty().set(Colormap.VIRIDIS);
                    return null;
                });
        until(() -> vm.mapProperty().get().method().equals(HeatmapMethod.stage("layer1")));
        assertThat(shown().width()).isEqualTo(16);
        assertThat(robot.lookup("#heatmap-sanity").queryAs(Label.class).getText()).isEmpty();
        // A click on a bar goes back to CAM for that class.
        fx(
                () -> {
                    explorer.predictions().choose(4);
                    return null;
                });
        until(() -> vm.mapProperty().get().method().equals(HeatmapMethod.CAM));

        ImageView overlay = robot.lookup("#heatmap-overlay").queryAs(ImageView.class);
        fx(
                () -> {
                    vm.opacityProperty().set(0.8);
                    return null;
                });
        assertThat(fx(overlay::getOpacity)).isEqualTo(0.8);
        robot.clickOn("#heatmap-side-mode");
        until(() -> robot.lookup("#heatmap-beside").queryAs(ImageView.class).isVisible());
        assertThat(fx(overlay::isVisible)).isFalse();
        robot.clickOn("#heatmap-overlay-mode");
        until(overlay::isVisible);
    }

    @Test
    void savesTheOverlayAndTheRawMap(FxRobot robot) throws Exception {
        open(robot);
        HeatmapView view = robot.lookup("#heatmap-view").queryAs(HeatmapView.class);
        Path png = dir.resolve("out/overlay.png");
        Path npy = dir.resolve("out/map.npy");
        Path csv = dir.resolve("out/map.csv");
        fx(
                () -> {
                    view.saveTo(png, HeatmapViewModel.SaveKind.PNG);
                    view.saveTo(npy, HeatmapViewModel.SaveKind.NPY);
                    view.saveTo(csv, HeatmapViewModel.SaveKind.CSV);
                    return null;
                });
        until(() -> Files.exists(png) && Files.exists(npy) && Files.exists(csv));
        var img = javax.imageio.ImageIO.read(png.toFile());
        var src = javax.imageio.ImageIO.read(image.toFile());
        assertThat(img.getWidth()).isEqualTo(src.getWidth());
        assertThat(Files.readAllLines(csv)).hasSize(2);
        assertThat(Files.size(npy)).isEqualTo(128 + 4 * 4);
    }
}
