package io.resnextexplorer.ui.inspector;

import static io.resnextexplorer.ui.inspector.InspectorFixtures.awaitDone;
import static io.resnextexplorer.ui.inspector.InspectorFixtures.fx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.inspector.InspectorViewModel.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The view model on the real InspectionService, with a worker the test drives by hand. */
@ExtendWith(ApplicationExtension.class)
class InspectorViewModelTest {

    @TempDir Path tmp;

    /** Queues work; the test runs it (off the FX thread) in the order it chooses. */
    private final List<Runnable> queued = new ArrayList<>();

    private final Executor worker = queued::add;
    private final InspectorViewModel vm =
            new InspectorViewModel(
                    new UiContext(SessionCore.withDefaults(), worker, Platform::runLater));

    @Start
    void theme(Stage stage) {
        // The app runs on AtlantaFX; the inspector's CSS uses its looked-up colours.
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    private void inspect(Path file) throws Exception {
        fx(
                () -> {
                    vm.inspect(file, null);
                    return null;
                });
    }

    private void runQueued(int i) {
        queued.get(i).run();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void showsLoadingUntilTheWorkerHasRunThenTheReport() throws Exception {
        InspectorView view = fx(() -> new InspectorView(vm));
        inspect(InspectorFixtures.tiny());

        assertThat(fx(vm::getState)).isEqualTo(State.LOADING);
        Node loading = fx(() -> view.lookup("#" + InspectorView.ID_LOADING));
        assertThat(fx(loading::isVisible)).isTrue();
        assertThat(fx(() -> ((VBox) loading).getChildren().get(0)))
                .isInstanceOf(ProgressIndicator.class);
        assertThat(fx(() -> vm.reportProperty().get())).isNull();
        assertThat(fx(() -> vm.titleProperty().get()))
                .isEqualTo("Inspector \u2014 tiny_bicubic_095.onnx");

        runQueued(0);

        assertThat(fx(vm::getState)).isEqualTo(State.LOADED);
        assertThat(fx(() -> vm.reportProperty().get())).isNotNull();
        assertThat(fx(() -> vm.layers().size())).isPositive();
        assertThat(fx(loading::isVisible)).isFalse();
    }

    @Test
    void aNewerInspectionSupersedesAnOlderOneThatFinishesLater() throws Exception {
        Path broken = InspectorFixtures.truncated(tmp);
        inspect(broken);
        inspect(InspectorFixtures.tiny());

        runQueued(1); // the newer request finishes first
        runQueued(0); // the older, failing one arrives late and must be dropped

        assertThat(fx(vm::getState)).isEqualTo(State.LOADED);
        assertThat(fx(() -> vm.errorMessageProperty().get())).isEmpty();
        assertThat(fx(() -> vm.fileProperty().get())).isEqualTo(InspectorFixtures.tiny());
    }

    @Test
    void anOlderSuccessDoesNotReplaceANewerFailure() throws Exception {
        inspect(InspectorFixtures.tiny());
        inspect(InspectorFixtures.truncated(tmp));

        runQueued(1);
        runQueued(0);

        assertThat(fx(vm::getState)).isEqualTo(State.FAILED);
        assertThat(fx(() -> vm.errorMessageProperty().get())).startsWith("truncated ONNX file");
        assertThat(fx(() -> vm.reportProperty().get())).isNull();
        assertThat(fx(() -> vm.layers().isEmpty())).isTrue();
    }

    @Test
    void aMissingFileFailsWithTheServicesMessage() throws Exception {
        inspect(tmp.resolve("gone.onnx"));
        runQueued(0);

        assertThat(fx(vm::getState)).isEqualTo(State.FAILED);
        assertThat(fx(() -> vm.errorMessageProperty().get())).startsWith("model file not found");
    }

    @Tag("python")
    @Test
    void operatorsWhoseMacsAreNotCountedAreListedAsAWarning() throws Exception {
        Path f = tmp.resolve("custom.onnx");
        ExportedModels.run(
                List.of(
                        ExportedModels.python(),
                        "-c",
                        String.join(
                                "\n",
                                "import sys, numpy as np, onnx",
                                "from onnx import helper, TensorProto, numpy_helper",
                                "w = numpy_helper.from_array(np.zeros((8, 3, 3, 3), np.float32),"
                                        + " 'W')",
                                "nodes = [helper.make_node('Conv', ['x', 'W'], ['a'],"
                                        + " pads=[1, 1, 1, 1]),",
                                "         helper.make_node('Fancy', ['a'], ['y'],"
                                        + " domain='com.example')]",
                                "g = helper.make_graph(nodes, 'g',",
                                "    [helper.make_tensor_value_info('x', TensorProto.FLOAT,"
                                        + " [1, 3, 16, 16])],",
                                "    [helper.make_tensor_value_info('y', TensorProto.FLOAT,"
                                        + " None)], [w])",
                                "m = helper.make_model(g, opset_imports=["
                                        + "helper.make_opsetid('', 18),"
                                        + " helper.make_opsetid('com.example', 1)])",
                                "onnx.save(m, sys.argv[1])"),
                        f.toString()),
                5);

        inspect(f);
        runQueued(0);

        assertThat(fx(vm::getState)).isEqualTo(State.LOADED);
        List<Fact> facts = fx(() -> List.copyOf(vm.figureFacts()));
        assertThat(facts)
                .filteredOn(x -> x.label().equals("Not counted"))
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.kind()).isEqualTo(Fact.Kind.WARNING);
                            assertThat(x.value()).contains("Fancy");
                        });
        assertThat(fx(() -> List.copyOf(vm.fileFacts())))
                .extracting(Fact::value)
                .contains("ai.onnx 18, com.example 1");
    }

    @Test
    void filterMatchesEveryWordInNameModuleOpOrStageIgnoringCase() {
        LayerRow conv =
                new LayerRow(
                        3,
                        "/layer3/layer3.0/conv2/Conv",
                        "layer3.0.conv2",
                        "Conv",
                        "layer3",
                        null,
                        10,
                        20,
                        1.0);
        LayerRow fc = new LayerRow(9, "", "fc", "Gemm", "head", null, 10, 20, 1.0);

        assertThat(InspectorViewModel.matcher("  ")).isNull();
        Predicate<LayerRow> p = InspectorViewModel.matcher("LAYER3 conv");
        assertThat(p.test(conv)).isTrue();
        assertThat(p.test(fc)).isFalse();
        assertThat(InspectorViewModel.matcher("gemm").test(fc)).isTrue();
        assertThat(InspectorViewModel.matcher("head fc").test(fc)).isTrue();
        assertThat(InspectorViewModel.matcher("head conv").test(fc)).isFalse();
    }

    @Test
    void inspectorWindowIsTitledWithTheFileNameAndShowsTheReport() throws Exception {
        InspectorViewModel real =
                new InspectorViewModel(
                        new UiContext(
                                SessionCore.withDefaults(), Runnable::run, Platform::runLater));
        Stage stage = fx(() -> InspectorWindow.show(null, real, InspectorFixtures.tiny(), null));
        try {
            assertThat(awaitDone(real)).isEqualTo(State.LOADED);
            assertThat(fx(stage::getTitle)).isEqualTo("Inspector \u2014 tiny_bicubic_095.onnx");
            assertThat(fx(() -> stage.getScene().getRoot())).isInstanceOf(InspectorView.class);
        } finally {
            fx(
                    () -> {
                        stage.close();
                        return null;
                    });
        }
    }
}
