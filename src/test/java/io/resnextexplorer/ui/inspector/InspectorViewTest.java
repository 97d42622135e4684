package io.resnextexplorer.ui.inspector;

import static io.resnextexplorer.ui.inspector.InspectorFixtures.awaitDone;
import static io.resnextexplorer.ui.inspector.InspectorFixtures.fx;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.StageSummary;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.inspector.InspectorViewModel.State;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The inspector view on the real InspectionService, headless, on real ONNX files. */
@ExtendWith(ApplicationExtension.class)
class InspectorViewTest {

    @TempDir Path tmp;

    private ExecutorService executor;
    private InspectorViewModel vm;
    private InspectorView view;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = Executors.newSingleThreadExecutor();
        vm =
                new InspectorViewModel(
                        new UiContext(SessionCore.withDefaults(), executor, Platform::runLater));
        view = new InspectorView(vm);
        stage.setScene(new Scene(view, 1280, 820));
        stage.show();
    }

    @AfterEach
    void stopWorker() {
        executor.shutdownNow();
    }

    private InspectionReport inspect(Path file, CardFigures card) throws Exception {
        fx(
                () -> {
                    vm.inspect(file, card);
                    return null;
                });
        assertThat(awaitDone(vm)).as("state after inspecting " + file).isEqualTo(State.LOADED);
        return fx(() -> vm.reportProperty().get());
    }

    private void showTab(String title) throws Exception {
        fx(
                () -> {
                    view.showTab(title);
                    return null;
                });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Tag("python")
    @Test
    void stageChartHasOneBarPerStageWhoseValueIsTheReportsStageMacs() throws Exception {
        InspectionReport r = inspect(InspectorFixtures.resnext50(), null);

        List<XYChart.Data<String, Number>> bars =
                fx(() -> List.copyOf(view.chart().getData().get(0).getData()));

        assertThat(bars).hasSize(6);
        assertThat(bars)
                .extracting(XYChart.Data::getXValue)
                .containsExactly("stem", "layer1", "layer2", "layer3", "layer4", "head");
        assertThat(bars)
                .extracting(d -> d.getYValue().longValue())
                .containsExactlyElementsOf(r.stages().stream().map(StageSummary::macs).toList());
        assertThat(fx(() -> view.chart().getData().size())).as("one series").isEqualTo(1);
    }

    @Tag("python")
    @Test
    void stageTableListsEveryStageOfTheReport() throws Exception {
        InspectionReport r = inspect(InspectorFixtures.resnext50(), null);

        assertThat(fx(() -> List.copyOf(view.stageTableView().getItems())))
                .containsExactlyElementsOf(r.stages());
    }

    @Tag("python")
    @Test
    void layerTableHasOneRowPerLayerOfTheReport() throws Exception {
        InspectionReport r = inspect(InspectorFixtures.resnext50(), null);

        assertThat(fx(() -> List.copyOf(view.layerTable().getItems())))
                .containsExactlyElementsOf(r.layers());
    }

    @Tag("python")
    @Test
    void clickingMacsTwiceSortsDescendingNumericallyWithTheLargestConvFirst(FxRobot robot)
            throws Exception {
        InspectionReport r = inspect(InspectorFixtures.resnext50(), null);
        showTab("Layers");
        LayerRow largest =
                r.layers().stream().max(Comparator.comparingLong(LayerRow::macs)).orElseThrow();

        robot.clickOn("#" + InspectorView.ID_LAYER_MACS_COLUMN);
        robot.clickOn("#" + InspectorView.ID_LAYER_MACS_COLUMN);
        WaitForAsyncUtils.waitForFxEvents();

        List<LayerRow> rows = fx(() -> List.copyOf(view.layerTable().getItems()));
        assertThat(rows.get(0)).isEqualTo(largest);
        assertThat(rows.get(0).opType()).isEqualTo("Conv");
        assertThat(rows).extracting(LayerRow::macs).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(rows).hasSize(r.layers().size());
    }

    @Tag("python")
    @Test
    void sortingParamsAscendingIsNumericNotByTheShownText() throws Exception {
        InspectionReport r = inspect(InspectorFixtures.resnext50(), null);

        List<LayerRow> rows =
                fx(
                        () -> {
                            TableView<LayerRow> t = view.layerTable();
                            var params =
                                    t.getColumns().stream()
                                            .filter(c -> c.getText().equals("Params"))
                                            .findFirst()
                                            .orElseThrow();
                            t.getSortOrder().setAll(List.of(params));
                            return List.copyOf(t.getItems());
                        });

        // "1.05 M" < "16.38 K" < "2.05 K" as strings; numerically the K values come first.
        assertThat(rows).extracting(LayerRow::params).isSorted();
        assertThat(rows).hasSize(r.layers().size());
    }

    @Tag("python")
    @Test
    void filterNarrowsTheRowsToLayersMatchingEveryWord(FxRobot robot) throws Exception {
        InspectionReport r = inspect(InspectorFixtures.resnext50(), null);
        showTab("Layers");

        robot.clickOn("#" + InspectorView.ID_FILTER).write("layer3 conv");
        WaitForAsyncUtils.waitForFxEvents();

        List<LayerRow> rows = fx(() -> List.copyOf(view.layerTable().getItems()));
        assertThat(rows).isNotEmpty().hasSizeLessThan(r.layers().size());
        assertThat(rows).allSatisfy(l -> assertThat(l.stage()).isEqualTo("layer3"));
        assertThat(rows).allSatisfy(l -> assertThat(l.opType()).isEqualTo("Conv"));
        long expected =
                r.layers().stream()
                        .filter(l -> l.stage().equals("layer3") && l.opType().equals("Conv"))
                        .count();
        assertThat(rows).hasSize((int) expected);
        assertThat(fx(() -> vm.layerCountText().get()))
                .isEqualTo(expected + " of " + r.layers().size() + " counted nodes");

        robot.doubleClickOn("#" + InspectorView.ID_FILTER).eraseText(11);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> view.layerTable().getItems().size())).isEqualTo(r.layers().size());
    }

    @Test
    void truncatedFileShowsTheReasonInTheViewNotAStackTrace(FxRobot robot) throws Exception {
        Path cut = InspectorFixtures.truncated(tmp);

        fx(
                () -> {
                    vm.inspect(cut, null);
                    return null;
                });

        assertThat(awaitDone(vm)).isEqualTo(State.FAILED);
        Label error = robot.lookup("#" + InspectorView.ID_ERROR).queryAs(Label.class);
        assertThat(fx(error::isVisible)).isTrue();
        assertThat(fx(() -> error.getParent().isVisible())).isTrue();
        String text = fx(error::getText);
        assertThat(text).startsWith("truncated ONNX file: cut.onnx");
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
        Node content = robot.lookup("#" + InspectorView.ID_CONTENT).query();
        assertThat(fx(content::isVisible)).as("no stale report behind the error").isFalse();
    }

    @Tag("python")
    @Test
    void plainOnnxWithoutOurMetadataIsInspectedWithoutErrors(FxRobot robot) throws Exception {
        Path plain = InspectorFixtures.withoutMetadata(tmp);

        InspectionReport r = inspect(plain, null);

        assertThat(r.properties().metadata()).isEmpty();
        assertThat(fx(() -> vm.errorMessageProperty().get())).isEmpty();
        assertThat(fx(() -> vm.metadata().size())).isZero();
        assertThat(fx(() -> view.layerTable().getItems().size())).isEqualTo(r.layers().size());
        assertThat(fx(() -> view.chart().getData().get(0).getData().size()))
                .isEqualTo(r.stages().size());
        assertThat(fx(() -> List.copyOf(vm.figureFacts())))
                .anySatisfy(
                        f -> {
                            assertThat(f.label()).isEqualTo("Parameters (source)");
                            assertThat(f.value()).isEqualTo("not recorded in this file");
                        });
    }

    @Tag("python")
    @Test
    void metadataValuesArePreviewedOnOneLineAndShownWholeInTheTextArea(FxRobot robot)
            throws Exception {
        InspectionReport r = inspect(InspectorFixtures.resnext50(), null);
        showTab("Metadata");
        String labels = r.properties().metadata().get("resnext_explorer.labels");

        TableView<?> table =
                robot.lookup("#" + InspectorView.ID_METADATA_TABLE).queryAs(TableView.class);
        TextArea text = robot.lookup("#" + InspectorView.ID_METADATA_TEXT).queryAs(TextArea.class);
        int row =
                fx(
                        () -> {
                            for (int i = 0; i < vm.metadata().size(); i++) {
                                if (vm.metadata().get(i).key().equals("resnext_explorer.labels")) {
                                    table.getSelectionModel().select(i);
                                    return i;
                                }
                            }
                            return -1;
                        });

        assertThat(row).isNotNegative();
        assertThat(fx(() -> vm.metadata().size())).isEqualTo(r.properties().metadata().size());
        MetadataEntry e = fx(() -> vm.metadata().get(row));
        assertThat(e.preview().length()).isLessThan(MetadataEntry.PREVIEW_CHARS + 30);
        assertThat(e.preview()).doesNotContain("\n");
        String shown = fx(text::getText);
        assertThat(shown.length()).isGreaterThanOrEqualTo(labels.length());
        assertThat(shown).contains("\n  \"goldfish, Carassius auratus\",\n");
    }

    @Test
    void cardFlopsAreShownBesideOurMacsAndFlopsWithTheirSource() throws Exception {
        CardFigures card =
                new CardFigures(25_030_000L, 5_472_648_192L, null, 79.79, 94.61, "timm card");
        InspectionReport r = inspect(InspectorFixtures.tiny(), card);

        List<Fact> facts = fx(() -> List.copyOf(vm.figureFacts()));

        assertThat(facts)
                .extracting(Fact::label)
                .containsSubsequence("MACs", "FLOPs", "Card \u201cFLOPs\u201d");
        Fact flops = facts.stream().filter(f -> f.label().equals("FLOPs")).findFirst().get();
        assertThat(flops.value()).startsWith(Formats.count(2 * r.totalMacs()));
        Fact cardFlops =
                facts.stream().filter(f -> f.label().startsWith("Card \u201c")).findFirst().get();
        assertThat(cardFlops.value()).isEqualTo("5.47 G (5,472,648,192)");
        assertThat(cardFlops.note()).contains("timm card");
    }
}
