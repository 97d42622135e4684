package io.resnextexplorer.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.FxCallRecorder;
import io.resnextexplorer.testing.TestImages;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.library.ModelLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The compare view, headless, on two committed fixture models with real ONNX Runtime sessions; the
 * core refuses slow calls on the FX thread and records them.
 */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {
    private static final Path BICUBIC = ExportedModels.fixture("tiny_bicubic_095.onnx");
    private static final Path BILINEAR = ExportedModels.fixture("tiny_bilinear_0875.onnx");

    @TempDir Path tmp;

    private final FxCallRecorder guard = new FxCallRecorder();
    private SessionCore core;
    private ExecutorService executor;
    private CompareViewModel vm;
    private CompareView view;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        core = SessionCore.guarded(guard);
        executor = Executors.newFixedThreadPool(2, NativeThreads.daemonFactory("compare-test"));
        vm = new CompareViewModel(new UiContext(core, executor, Platform::runLater));
        vm.offer(List.of(BICUBIC, BILINEAR), ModelLibrary.SEEDS);
        view = new CompareView(vm);
        stage.setScene(new Scene(view, 1280, 860));
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
        core.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(c));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Path image(String name) {
        return ExportedModels.projectRoot().resolve("src/test/resources/fixtures/images/" + name);
    }

    @Test
    void oneImageShowsAColumnPerModelAsResultsArriveThenAgreementAndHeatmaps() throws Exception {
        assertThat(fx(() -> List.copyOf(vm.chosen()))).containsExactly(BICUBIC, BILINEAR);
        FxCallRecorder.Hold hold = guard.holdNext("classify");
        fx(
                () -> {
                    vm.compareImage(ImageSource.file(image("chelsea.png")));
                    return null;
                });
        assertThat(hold.awaitHeld()).isTrue();
        // The first model's run is held inside the core: the window still answers, no column yet.
        assertThat(fx(() -> vm.columns().size())).isZero();
        assertThat(fx(() -> vm.agreementNoteProperty().get())).contains("Classifying");
        hold.release();
        waitFor(() -> vm.columns().size() == 2 && vm.agreementProperty().get() != null);
        waitFor(() -> !vm.heatLabelProperty().get().isEmpty());

        List<Prediction> expected =
                core.classify(
                                ImageSource.file(image("chelsea.png")),
                                core.load(BILINEAR, ExecutionProvider.CPU))
                        .classification()
                        .top();
        assertThat(fx(() -> vm.columns().get(1).topProperty().get()))
                .extracting(Prediction::index)
                .containsExactlyElementsOf(expected.stream().map(Prediction::index).toList());
        assertThat(fx(() -> vm.heatClassProperty().get()))
                .as("the first column's top-1")
                .isEqualTo(fx(() -> vm.columns().get(0).topProperty().get().get(0).index()));
        assertThat(fx(() -> view.columnsBox().getChildren().size())).isEqualTo(2);
        assertThat(fx(() -> view.lookupAll(".untrained").size())).isEqualTo(2);
        assertThat(
                        fx(
                                () ->
                                        ((javafx.scene.control.Label)
                                                        view.lookup("#compare-agreement"))
                                                .getText()))
                .contains("Jensen–Shannon divergence")
                .contains("bits")
                .contains("untrained");
        assertThat(fx(() -> vm.columns().get(0).heatmapNoteProperty().get())).isNotEmpty();

        // Another class for every column.
        int other = fx(() -> vm.columns().get(0).topProperty().get().get(2).index());
        fx(
                () -> {
                    vm.showHeatmaps(other);
                    return null;
                });
        waitFor(() -> vm.heatLabelProperty().get().startsWith("class " + other));
        assertThat(guard.callsOnFxThread).isEmpty();
    }

    @Test
    void folderFillsTheTableHighlightsAndFiltersDisagreementsAndExports() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("imgs"));
        for (String n : List.of("chelsea.png", "coffee.png", "rocket.png", "astronaut.png")) {
            Files.copy(image(n), dir.resolve(n));
        }
        TestImages.png(dir.resolve("board.png"), 90, 70, 0x44aa22);
        Files.write(
                dir.resolve("broken.png"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        fx(
                () -> {
                    view.showTab("Folder");
                    vm.compareFolder(List.of(dir));
                    return null;
                });
        waitFor(() -> vm.folderProperty().get() != null);
        FolderAgreement f = fx(() -> vm.folderProperty().get());
        assertThat(f.rows()).hasSize(6);
        assertThat(fx(() -> view.table().getItems().size())).isEqualTo(6);
        assertThat(fx(() -> view.table().getColumns().size())).isEqualTo(3);
        FolderAgreement.Row broken =
                f.rows().stream()
                        .filter(r -> r.name().equals("broken.png"))
                        .findFirst()
                        .orElseThrow();
        assertThat(broken.cells()).noneMatch(FolderAgreement.Cell::ok);
        long disagree = f.rows().stream().filter(FolderAgreement.Row::disagree).count();
        assertThat(f.disagreements()).isEqualTo(disagree);
        assertThat(fx(() -> view.matrix().getChildren().size())).isEqualTo(8);

        fx(
                () -> {
                    vm.onlyDisagreementsProperty().set(true);
                    return null;
                });
        assertThat(fx(() -> view.table().getItems().size())).isEqualTo((int) disagree);
        assertThat(fx(() -> List.copyOf(view.table().getItems())))
                .allMatch(FolderAgreement.Row::disagree);
        if (disagree > 0) {
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(fx(() -> view.table().lookupAll(".disagree").size())).isPositive();
        }

        Path json = tmp.resolve("out.json");
        fx(
                () -> {
                    vm.exportFolder(json);
                    return null;
                });
        waitFor(() -> vm.noticeProperty().get().startsWith("Wrote"));
        assertThat(Files.readString(json))
                .contains("\"top1_agreement\"")
                .contains("\"untrained\" : true")
                .contains("broken.png");
        assertThat(guard.callsOnFxThread).isEmpty();
    }

    @Test
    void evaluationShowsEachModelsFiguresFlaggedUntrained() throws Exception {
        Path root = tmp.resolve("labelled");
        Files.createDirectories(root.resolve("class 1"));
        Files.createDirectories(root.resolve("class 4"));
        Files.createDirectories(root.resolve("zebra"));
        Files.copy(image("coffee.png"), root.resolve("class 1/coffee.png"));
        Files.copy(image("chelsea.png"), root.resolve("class 1/chelsea.png"));
        Files.copy(image("rocket.png"), root.resolve("class 4/rocket.png"));
        Files.copy(image("astronaut.png"), root.resolve("zebra/astronaut.png"));
        fx(
                () -> {
                    view.showTab("Evaluation");
                    vm.evaluate(root, null);
                    return null;
                });
        waitFor(() -> !vm.evalRunningProperty().get() && vm.reports().size() == 2);
        assertThat(fx(() -> vm.reports().get(0).images())).isEqualTo(3);
        assertThat(fx(() -> vm.reports().get(1).untrained())).isTrue();
        assertThat(fx(() -> vm.evalStatusProperty().get())).contains("done");
        assertThat(fx(() -> view.lookupAll(".untrained").size())).isEqualTo(2);
        assertThat(fx(() -> vm.matches().get(0).unmatched()))
                .extracting(u -> u.folder())
                .containsExactly("zebra");
        assertThat(guard.callsOnFxThread).isEmpty();
    }
}
