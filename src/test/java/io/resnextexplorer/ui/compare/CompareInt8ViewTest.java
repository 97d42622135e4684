package io.resnextexplorer.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.FxCallRecorder;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The compare view, headless, with a fixture model and its int8 variant (quantize.py, in the test):
 * the int8 column says how it was quantized, and the folder's figures give each model's ms per
 * image measured in the run beside their top-1 agreement.
 */
@Tag("python")
@ExtendWith(ApplicationExtension.class)
class CompareInt8ViewTest {
    private static final Path FP32 = ExportedModels.fixture("tiny_bicubic_095.onnx");

    @TempDir static Path tmp;
    private static Path int8;

    private final FxCallRecorder guard = new FxCallRecorder();
    private SessionCore core;
    private ExecutorService executor;
    private CompareViewModel vm;
    private CompareView view;

    @BeforeAll
    static void quantize() {
        int8 = ExportedModels.int8(FP32, tmp.resolve("tiny_bicubic_095-int8.onnx"));
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        core = SessionCore.guarded(guard);
        executor = Executors.newFixedThreadPool(2, NativeThreads.daemonFactory("compare-int8"));
        vm = new CompareViewModel(new UiContext(core, executor, Platform::runLater));
        vm.offer(List.of(FP32, int8), ModelLibrary.SEEDS);
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
    void int8ColumnSaysHowItWasQuantizedAndShowsItsLatencyBesideFp32() throws Exception {
        assertThat(fx(() -> List.copyOf(vm.chosen()))).containsExactly(FP32, int8);
        fx(
                () -> {
                    vm.compareImage(ImageSource.file(image("chelsea.png")));
                    return null;
                });
        waitFor(() -> vm.columns().size() == 2 && vm.agreementProperty().get() != null);

        CompareColumn q = fx(() -> vm.columns().get(1));
        assertThat(q.model()).isEqualTo("tiny_bicubic_095-int8");
        assertThat(q.weights()).contains("int8 (static, per-channel U8S8 QDQ");
        assertThat(fx(() -> q.latencyProperty().get())).matches("inference [0-9.]+ ms");
        assertThat(guard.callsOnFxThread).isEmpty();
    }

    @Test
    void folderGivesTop1AgreementAndEachModelsMsPerImageWithInt8sSpeedBesideFp32()
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("imgs"));
        for (String n : List.of("chelsea.png", "coffee.png", "rocket.png", "astronaut.png")) {
            Files.copy(image(n), dir.resolve(n));
        }
        fx(
                () -> {
                    view.showTab("Folder");
                    vm.compareFolder(List.of(dir));
                    return null;
                });
        waitFor(() -> vm.folderProperty().get() != null && !vm.folderRunningProperty().get());

        FolderAgreement f = fx(() -> vm.folderProperty().get());
        assertThat(f.rows()).hasSize(4);
        assertThat(f.agreement(0, 1)).isBetween(0.0, 1.0);
        assertThat(f.medianInferenceMs(0)).isPositive();
        assertThat(f.medianInferenceMs(1)).isPositive();
        assertThat(fx(() -> view.matrix().getChildren().size())).isEqualTo(8);
        assertThat(fx(view::matrixNote))
                .containsPattern("A  tiny_bicubic_095  ·  [0-9.]+ ms per image\n")
                .containsPattern(
                        "B  tiny_bicubic_095-int8  ·  [0-9.]+ ms per image \\([0-9.]+x A's"
                                + " speed\\)");
        assertThat(guard.callsOnFxThread).isEmpty();
    }
}
