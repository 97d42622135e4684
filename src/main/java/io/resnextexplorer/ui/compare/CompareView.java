package io.resnextexplorer.ui.compare;

import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.model.Prediction;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The compare window's content: model choice on top, then tabs for one image (a column per model),
 * a folder (table + agreement matrix) and a labelled folder (evaluation figures and plots). Binds
 * to {@link CompareViewModel}; file choosers are the only thing it does itself.
 */
public final class CompareView extends BorderPane {
    static final String DISAGREE = "disagree";

    private final CompareViewModel vm;
    private final TabPane tabs = new TabPane();
    private final HBox columnsBox = new HBox(12);
    private final TableView<FolderAgreement.Row> table = new TableView<>();
    private final GridPane matrix = new GridPane();
    private final HBox reportsBox = new HBox(12);
    private final GridPane confusion = new GridPane();
    private final ChoiceBox<String> confusionModel = new ChoiceBox<>();
    private final LineChart<Number, Number> reliability =
            new LineChart<>(axis("confidence", 0, 1), axis("accuracy", 0, 1));
    private final ScatterChart<Number, Number> byMacs =
            new ScatterChart<>(autoAxis("GMACs"), axis("top-1 %", 0, 100));
    private final ScatterChart<Number, Number> byLatency =
            new ScatterChart<>(autoAxis("median inference ms"), axis("top-1 %", 0, 100));
    private final Label agreementText = new Label();
    private final Label matrixNote = new Label();
    private final Label unmatchedText = new Label();

    public CompareView(CompareViewModel vm) {
        this.vm = vm;
        setId("compare-view");
        getStyleClass().add("compare-view");
        getStylesheets()
                .add(
                        Objects.requireNonNull(getClass().getResource("compare.css"))
                                .toExternalForm());
        setTop(modelPicker());
        tabs.getTabs().addAll(imageTab(), folderTab(), evaluationTab());
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setCenter(tabs);
    }

    /** Selects the tab with this title ("Image", "Folder", "Evaluation"). */
    public void showTab(String title) {
        tabs.getTabs().stream()
                .filter(t -> t.getText().equals(title))
                .findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    TableView<FolderAgreement.Row> table() {
        return table;
    }

    HBox columnsBox() {
        return columnsBox;
    }

    GridPane matrix() {
        return matrix;
    }

    /** The legend under the matrix: each model with its ms per image in the run. */
    String matrixNote() {
        return matrixNote.getText();
    }

    private Node modelPicker() {
        FlowPane boxes = new FlowPane(10, 6);
        boxes.setId("compare-models");
        Runnable rebuild =
                () -> {
                    boxes.getChildren().clear();
                    for (Path p : vm.available()) {
                        CheckBox cb = new CheckBox(p.getFileName().toString().replace(".onnx", ""));
                        cb.setMnemonicParsing(false); // model ids have underscores
                        cb.setSelected(vm.chosen().contains(p));
                        cb.selectedProperty()
                                .addListener(
                                        (o, a, on) -> {
                                            vm.toggle(p, on);
                                            cb.setSelected(vm.chosen().contains(p));
                                        });
                        boxes.getChildren().add(cb);
                    }
                };
        vm.available().addListener((ListChangeListener<Path>) c -> rebuild.run());
        vm.chosen().addListener((ListChangeListener<Path>) c -> rebuild.run());
        rebuild.run();
        Label title = new Label("Models (2–4):");
        title.getStyleClass().add("section-title");
        Label notice = new Label();
        notice.setId("compare-notice");
        notice.getStyleClass().add("notice");
        notice.textProperty().bind(vm.noticeProperty());
        VBox top = new VBox(6, new HBox(10, title, boxes), notice);
        top.getStyleClass().add("picker");
        return top;
    }

    // ------------------------------------------------------------ one image

    private Tab imageTab() {
        Button open = new Button("Open Image…");
        open.setId("compare-open-image");
        open.setOnAction(
                e ->
                        chooseFile(
                                "Image to compare on",
                                f ->
                                        vm.compareImage(
                                                io.resnextexplorer.session.ImageSource.file(f))));
        Label image = new Label();
        image.textProperty().bind(vm.imageNameProperty());
        Label heat = new Label();
        heat.setId("compare-heat-class");
        heat.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        vm.heatLabelProperty().get().isEmpty()
                                                ? ""
                                                : "Heatmaps (CAM): "
                                                        + vm.heatLabelProperty().get()
                                                        + " — click a bar to change",
                                vm.heatLabelProperty()));
        HBox bar = new HBox(12, open, image, heat);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("bar");
        columnsBox.setId("compare-columns");
        vm.columns()
                .addListener(
                        (ListChangeListener<CompareColumn>)
                                c -> {
                                    columnsBox.getChildren().clear();
                                    for (int i = 0; i < vm.columns().size(); i++) {
                                        columnsBox
                                                .getChildren()
                                                .add(column(vm.columns().get(i), i));
                                    }
                                });
        agreementText.setId("compare-agreement");
        agreementText.getStyleClass().add("agreement");
        agreementText.setWrapText(true);
        agreementText
                .textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        describe(
                                                vm.agreementProperty().get(),
                                                vm.agreementNoteProperty().get()),
                                vm.agreementProperty(),
                                vm.agreementNoteProperty()));
        ScrollPane scroll = new ScrollPane(new VBox(12, columnsBox, agreementText));
        scroll.setFitToWidth(true);
        VBox box = new VBox(8, bar, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return new Tab("Image", box);
    }

    private Node column(CompareColumn col, int index) {
        Label name = new Label(letter(index) + "  " + col.model());
        name.setMnemonicParsing(false);
        name.getStyleClass().add("column-title");
        Label weights = new Label(col.weights());
        weights.setWrapText(true);
        weights.getStyleClass().add("weights");
        VBox box = new VBox(6, name, weights);
        if (col.untrained()) {
            Label u = new Label("Untrained weights: these bars are not predictions");
            u.setWrapText(true);
            u.getStyleClass().add("untrained");
            u.setMaxWidth(Double.MAX_VALUE);
            box.getChildren().add(u);
        }
        ImageView iv = new ImageView();
        iv.imageProperty().bind(col.pictureProperty());
        iv.setPreserveRatio(true);
        iv.setFitWidth(260);
        iv.setFitHeight(220);
        Label heat = new Label();
        heat.getStyleClass().add("weights");
        heat.textProperty().bind(col.heatmapNoteProperty());
        VBox bars = new VBox(3);
        for (Prediction p : col.topProperty().get()) {
            bars.getChildren().add(bar(p));
        }
        Label status = new Label();
        status.getStyleClass().add("error");
        status.textProperty().bind(col.statusProperty());
        status.setWrapText(true);
        Label latency = new Label();
        latency.textProperty().bind(col.latencyProperty());
        box.getChildren().addAll(iv, heat, bars, status, latency);
        box.getStyleClass().add("column");
        box.setPrefWidth(280);
        box.setMinWidth(220);
        return box;
    }

    private Node bar(Prediction p) {
        Region fill = new Region();
        fill.getStyleClass().add("bar-fill");
        fill.setPrefWidth(Math.max(2, 70 * p.probability()));
        fill.setMaxWidth(Region.USE_PREF_SIZE);
        Label label = new Label(shorten(p.label().split(",")[0], 20));
        label.setMinWidth(120);
        label.setPrefWidth(120);
        StackPane track = new StackPane(fill);
        track.setAlignment(Pos.CENTER_LEFT);
        track.setMinWidth(72);
        track.setPrefWidth(72);
        Label pct = new Label(String.format(Locale.ROOT, "%.1f%%", 100 * p.probability()));
        HBox row = new HBox(6, label, track, pct);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("top-row");
        row.setOnMouseClicked(e -> vm.showHeatmaps(p.index()));
        return row;
    }

    static String describe(ImageAgreement a, String note) {
        if (a == null) {
            return note;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(a.sameTop1() ? "Same top-1 in every model. " : "The models' top-1 differ. ");
        sb.append(a.commonTop5()).append(" class(es) in every top-5. ");
        if (a.jsdBits() != null) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "Jensen–Shannon divergence %.3f bits (log base 2; 0 = same, at most %.2f).",
                            a.jsdBits(),
                            Math.log(a.models().size()) / Math.log(2)));
        }
        sb.append('\n');
        for (int i = 0; i < a.models().size(); i++) {
            ModelCost c = a.costs().get(i);
            sb.append(letter(i))
                    .append(' ')
                    .append(a.models().get(i))
                    .append(": top-1 ")
                    .append(a.top1().get(i).label().split(",")[0])
                    .append(
                            String.format(
                                    Locale.ROOT, " %.1f%%", 100 * a.top1().get(i).probability()));
            if (a.rankOfTop1() != null) {
                sb.append(", ranks the others' top-1: ");
                for (int j = 0; j < a.models().size(); j++) {
                    if (j != i) {
                        sb.append(letter(j)).append(" #").append(a.rankOfTop1()[i][j]).append("  ");
                    }
                }
            }
            sb.append(" · ").append(cost(c)).append('\n');
        }
        if (!a.note().isEmpty()) {
            sb.append(a.note());
        }
        return sb.toString().strip();
    }

    private static String cost(ModelCost c) {
        return String.format(
                Locale.ROOT,
                "%s params, %s MACs, %s",
                c.params() == null ? "?" : String.format(Locale.ROOT, "%.1f M", c.params() / 1e6),
                c.macs() == null ? "?" : String.format(Locale.ROOT, "%.2f G", c.macs() / 1e9),
                Double.isNaN(c.latencyMs())
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f ms", c.latencyMs()));
    }

    // ------------------------------------------------------------ folder

    private Tab folderTab() {
        Button open = new Button("Open Folder…");
        open.setId("compare-open-folder");
        open.setOnAction(e -> chooseFolder("Folder of images", d -> vm.compareFolder(List.of(d))));
        CheckBox only = new CheckBox("Only disagreements");
        only.setId("compare-only-disagreements");
        only.selectedProperty().bindBidirectional(vm.onlyDisagreementsProperty());
        Button csv = new Button("Export CSV…");
        csv.setOnAction(e -> chooseSave("results.csv", vm::exportFolder));
        Button json = new Button("Export JSON…");
        json.setOnAction(e -> chooseSave("results.json", vm::exportFolder));
        Button cancel = new Button("Cancel");
        cancel.visibleProperty().bind(vm.folderRunningProperty());
        cancel.setOnAction(e -> vm.cancelFolder());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.folderProgressProperty());
        progress.visibleProperty().bind(vm.folderRunningProperty());
        HBox bar = new HBox(10, open, only, csv, json, progress, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("bar");

        table.setId("compare-table");
        table.setItems(vm.shownRows());
        table.setPlaceholder(new Label("Open a folder to compare the models on every image."));
        table.setRowFactory(
                t ->
                        new TableRow<>() {
                            @Override
                            protected void updateItem(FolderAgreement.Row item, boolean empty) {
                                super.updateItem(item, empty);
                                getStyleClass().remove(DISAGREE);
                                if (!empty && item != null && item.disagree()) {
                                    getStyleClass().add(DISAGREE);
                                }
                            }
                        });
        vm.folderModels().addListener((ListChangeListener<String>) c -> rebuildColumns());
        matrix.setId("compare-matrix");
        matrix.getStyleClass().add("matrix");
        vm.folderProperty().addListener((o, a, f) -> fillMatrix(f));
        VBox side = new VBox(8, sectionTitle("Pairwise top-1 agreement"), matrix, matrixNote);
        side.setPrefWidth(360);
        matrixNote.setWrapText(true);
        HBox body = new HBox(12, table, side);
        HBox.setHgrow(table, Priority.ALWAYS);
        VBox box = new VBox(8, bar, body);
        VBox.setVgrow(body, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return new Tab("Folder", box);
    }

    private void rebuildColumns() {
        table.getColumns().clear();
        TableColumn<FolderAgreement.Row, String> name = new TableColumn<>("image");
        name.setCellValueFactory(
                r -> new javafx.beans.property.SimpleStringProperty(r.getValue().name()));
        name.setPrefWidth(150);
        table.getColumns().add(name);
        for (int i = 0; i < vm.folderModels().size(); i++) {
            int m = i;
            TableColumn<FolderAgreement.Row, String> c =
                    new TableColumn<>(letter(i) + "  " + vm.folderModels().get(i));
            c.setCellValueFactory(
                    r -> {
                        FolderAgreement.Cell cell = r.getValue().cells().get(m);
                        return new javafx.beans.property.SimpleStringProperty(
                                cell.ok()
                                        ? String.format(
                                                Locale.ROOT,
                                                "%s  %.1f%%",
                                                shorten(cell.top1().label().split(",")[0], 24),
                                                100 * cell.top1().probability())
                                        : "error: " + cell.error());
                    });
            c.setPrefWidth(178);
            table.getColumns().add(c);
        }
    }

    private void fillMatrix(FolderAgreement f) {
        matrix.getChildren().clear();
        if (f == null) {
            matrixNote.setText("");
            return;
        }
        int n = f.models().size();
        for (int i = 0; i < n; i++) {
            matrix.add(header(letter(i)), i + 1, 0);
            matrix.add(header(letter(i)), 0, i + 1);
            for (int j = 0; j < n; j++) {
                double v = f.agreement(i, j);
                Label cell =
                        new Label(
                                Double.isNaN(v)
                                        ? "–"
                                        : String.format(Locale.ROOT, "%.0f%%", 100 * v));
                cell.getStyleClass().add("matrix-cell");
                if (!Double.isNaN(v)) {
                    cell.setStyle(heat(v)); // a computed colour
                }
                matrix.add(cell, j + 1, i + 1);
            }
        }
        StringBuilder legend = new StringBuilder();
        for (int i = 0; i < n; i++) {
            legend.append(letter(i)).append("  ").append(f.models().get(i));
            double ms = f.medianInferenceMs(i);
            if (!Double.isNaN(ms)) {
                // Measured in this run, so an int8 variant beside its fp32 export shows its gain.
                legend.append(String.format(Locale.ROOT, "  ·  %.1f ms per image", ms));
                double speed = f.speedVsFirst(i);
                if (!Double.isNaN(speed)) {
                    legend.append(String.format(Locale.ROOT, " (%.2fx A's speed)", speed));
                }
            }
            legend.append('\n');
        }
        matrixNote.setText(
                legend
                        + "\n"
                        + f.rows().size()
                        + " images, "
                        + f.disagreements()
                        + " where the top-1 differ (highlighted)."
                        + (f.untrained().contains(Boolean.TRUE)
                                ? " Untrained weights: agreement of untrained outputs."
                                : ""));
    }

    // ------------------------------------------------------------ evaluation

    private Tab evaluationTab() {
        Path[] classMap = new Path[1];
        Button open = new Button("Evaluate Labelled Folder…");
        open.setId("compare-evaluate");
        open.setOnAction(
                e ->
                        chooseFolder(
                                "Labelled folder (one sub-folder per class)",
                                d -> vm.evaluate(d, classMap[0])));
        Label mapLabel = new Label("no class map");
        Button map = new Button("Class Map…");
        map.setOnAction(
                e ->
                        chooseFile(
                                "Class map (FOLDER<TAB>CLASS lines, or timm's form)",
                                f -> {
                                    classMap[0] = f;
                                    mapLabel.setText(f.getFileName().toString());
                                }));
        ProgressBar progress = new ProgressBar();
        progress.setId("compare-eval-progress");
        progress.progressProperty().bind(vm.evalProgressProperty());
        Label status = new Label();
        status.setId("compare-eval-status");
        status.textProperty().bind(vm.evalStatusProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("compare-eval-cancel");
        cancel.disableProperty().bind(vm.evalRunningProperty().not());
        cancel.setOnAction(e -> vm.cancelEvaluation());
        HBox bar = new HBox(10, open, map, mapLabel, progress, status, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("bar");

        reportsBox.setId("compare-reports");
        vm.reports().addListener((ListChangeListener<EvaluationReport>) c -> refreshReports());
        vm.matches().addListener((ListChangeListener<ClassMatch>) c -> refreshReports());
        unmatchedText.setWrapText(true);
        unmatchedText.getStyleClass().add("weights");
        reliability.setTitle("Reliability (15 bins)");
        reliability.setCreateSymbols(true);
        reliability.setAnimated(false);
        reliability.setPrefSize(380, 300);
        byMacs.setTitle("Top-1 vs MACs");
        byMacs.setAnimated(false);
        byMacs.setPrefSize(320, 300);
        byLatency.setTitle("Top-1 vs latency");
        byLatency.setAnimated(false);
        byLatency.setPrefSize(320, 300);
        confusionModel
                .getSelectionModel()
                .selectedIndexProperty()
                .addListener((o, a, b) -> fillConfusion());
        VBox confusionBox =
                new VBox(
                        6,
                        new HBox(8, sectionTitle("Confusion matrix"), confusionModel),
                        confusion);
        confusion.getStyleClass().add("matrix");
        HBox plots = new HBox(12, reliability, byMacs, byLatency);
        VBox content = new VBox(12, reportsBox, unmatchedText, plots, confusionBox);
        content.setPadding(new Insets(4));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        VBox box = new VBox(8, bar, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return new Tab("Evaluation", box);
    }

    private void refreshReports() {
        reportsBox.getChildren().clear();
        reliability.getData().clear();
        byMacs.getData().clear();
        byLatency.getData().clear();
        String selected = confusionModel.getValue();
        confusionModel
                .getItems()
                .setAll(vm.reports().stream().map(EvaluationReport::model).toList());
        for (EvaluationReport r : vm.reports()) {
            reportsBox.getChildren().add(reportCard(r));
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(r.model());
            for (EvaluationReport.ReliabilityBin b : r.reliability()) {
                if (b.count() > 0) {
                    s.getData().add(new XYChart.Data<>(b.confidence(), b.accuracy()));
                }
            }
            reliability.getData().add(s);
            if (r.images() > 0) {
                double top1 = 100 * r.top1().value();
                if (r.cost().macs() != null) {
                    XYChart.Series<Number, Number> p = new XYChart.Series<>();
                    p.setName(r.model());
                    p.getData().add(new XYChart.Data<>(r.cost().macs() / 1e9, top1));
                    byMacs.getData().add(p);
                }
                if (!Double.isNaN(r.cost().latencyMs())) {
                    XYChart.Series<Number, Number> p = new XYChart.Series<>();
                    p.setName(r.model());
                    p.getData().add(new XYChart.Data<>(r.cost().latencyMs(), top1));
                    byLatency.getData().add(p);
                }
            }
        }
        // Added last, so each model has the same colour in all three plots.
        XYChart.Series<Number, Number> diagonal = new XYChart.Series<>();
        diagonal.setName("perfect calibration");
        diagonal.getData().add(new XYChart.Data<>(0, 0));
        diagonal.getData().add(new XYChart.Data<>(1, 1));
        reliability.getData().add(diagonal);
        // The same folder and reason for every model is said once.
        java.util.Set<String> lines = new java.util.LinkedHashSet<>();
        for (ClassMatch m : vm.matches()) {
            for (ClassMatch.Unmatched u : m.unmatched()) {
                lines.add("Unmatched folder " + u.folder() + ": " + u.reason() + " (left out)");
            }
        }
        unmatchedText.setText(String.join("\n", lines));
        if (selected != null && confusionModel.getItems().contains(selected)) {
            confusionModel.setValue(selected);
        } else if (!confusionModel.getItems().isEmpty()) {
            confusionModel.getSelectionModel().select(0);
        }
        fillConfusion();
    }

    private Node reportCard(EvaluationReport r) {
        Label name = new Label(r.model());
        name.getStyleClass().add("column-title");
        VBox box = new VBox(4, name);
        if (r.untrained()) {
            Label u = new Label("Untrained weights: these figures measure no trained model");
            u.getStyleClass().add("untrained");
            u.setWrapText(true);
            u.setMaxWidth(Double.MAX_VALUE);
            box.getChildren().add(u);
        }
        box.getChildren()
                .addAll(
                        figure("Top-1", rate(r.top1())),
                        figure("Top-5", rate(r.top5())),
                        figure(
                                "ECE",
                                Double.isNaN(r.ece())
                                        ? "–"
                                        : String.format(Locale.ROOT, "%.3f (15 bins)", r.ece())),
                        figure(
                                "Images",
                                r.images()
                                        + (r.failed() > 0 ? " (" + r.failed() + " failed)" : "")),
                        figure("Cost", cost(r.cost())));
        if (!r.confused().isEmpty()) {
            box.getChildren().add(sectionTitle("Most confused"));
            for (EvaluationReport.ConfusedPair p :
                    r.confused().subList(0, Math.min(4, r.confused().size()))) {
                Label l =
                        new Label(
                                shorten(p.trueLabel().split(",")[0], 18)
                                        + " → "
                                        + shorten(p.predictedLabel().split(",")[0], 18)
                                        + "  "
                                        + p.count());
                l.getStyleClass().add("weights");
                box.getChildren().add(l);
            }
        }
        box.getStyleClass().add("column");
        box.setPrefWidth(280);
        return box;
    }

    private void fillConfusion() {
        confusion.getChildren().clear();
        int idx = confusionModel.getSelectionModel().getSelectedIndex();
        if (idx < 0 || idx >= vm.reports().size()) {
            return;
        }
        EvaluationReport.ConfusionMatrix m = vm.reports().get(idx).matrix();
        if (m == null) {
            confusion.add(
                    new Label(
                            "More than "
                                    + EvaluationReport.MATRIX_MAX_CLASSES
                                    + " classes: see the most confused pairs."),
                    0,
                    0);
            return;
        }
        int n = m.classes().size();
        for (int j = 0; j <= n; j++) {
            confusion.add(
                    header(j < n ? shorten(m.labels().get(j).split(",")[0], 10) : "other"),
                    j + 1,
                    0);
        }
        for (int i = 0; i < n; i++) {
            confusion.add(header(shorten(m.labels().get(i).split(",")[0], 18)), 0, i + 1);
            long rowSum = 0;
            for (long v : m.counts()[i]) {
                rowSum += v;
            }
            for (int j = 0; j <= n; j++) {
                long v = m.counts()[i][j];
                Label cell = new Label(Long.toString(v));
                cell.getStyleClass().add("matrix-cell");
                if (rowSum > 0 && v > 0) {
                    cell.setStyle(heat((double) v / rowSum)); // a computed colour
                }
                confusion.add(cell, j + 1, i + 1);
            }
        }
    }

    // ------------------------------------------------------------ helpers

    private static Node figure(String name, String value) {
        Label k = new Label(name);
        k.getStyleClass().add("figure-name");
        k.setMinWidth(56);
        Label v = new Label(value);
        v.setWrapText(true);
        return new HBox(6, k, v);
    }

    private static String rate(EvaluationReport.Rate r) {
        if (r.n() == 0) {
            return "–";
        }
        return String.format(
                Locale.ROOT,
                "%.2f%%  [%.1f–%.1f] 95%% Wilson, %d/%d",
                100 * r.value(),
                100 * r.low(),
                100 * r.high(),
                r.k(),
                r.n());
    }

    private static Label sectionTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("matrix-header");
        return l;
    }

    /** A blue of strength v in 0..1, as an inline style (the colour is computed). */
    private static String heat(double v) {
        return String.format(
                Locale.ROOT, "-fx-background-color: rgba(37, 99, 235, %.2f);", 0.12 + 0.78 * v);
    }

    private static NumberAxis axis(String label, double lo, double hi) {
        NumberAxis a = new NumberAxis(label, lo, hi, (hi - lo) / 5);
        a.setAutoRanging(false);
        return a;
    }

    private static NumberAxis autoAxis(String label) {
        NumberAxis a = new NumberAxis();
        a.setLabel(label);
        a.setForceZeroInRange(true);
        return a;
    }

    private static String letter(int i) {
        return String.valueOf((char) ('A' + i));
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private void chooseFile(String title, Consumer<Path> then) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            then.accept(f.toPath());
        }
    }

    private void chooseFolder(String title, Consumer<Path> then) {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        File f = dc.showDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            then.accept(f.toPath());
        }
    }

    private void chooseSave(String name, Consumer<Path> then) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(name);
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            then.accept(f.toPath());
        }
    }
}
