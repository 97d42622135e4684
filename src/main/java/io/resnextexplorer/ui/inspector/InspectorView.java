package io.resnextexplorer.ui.inspector;

import atlantafx.base.theme.Styles;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.StageSummary;
import io.resnextexplorer.ui.inspector.InspectorViewModel.State;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The model inspector: a "Summary" tab (file properties, parameter/MAC/FLOP figures, MACs per stage
 * chart, stage table), a "Layers" tab (sortable, filterable table of counted nodes) and a
 * "Metadata" tab (all metadata_props, long values in a text area). Shows a progress indicator while
 * the file is read and the reason when it cannot be. Only binds to {@link InspectorViewModel}; can
 * be placed in a Tab or a Stage.
 */
public class InspectorView extends BorderPane {

    /** Style class of the view's root. */
    public static final String STYLE_CLASS = "inspector";

    static final String ID_CHART = "inspector-stage-chart";
    static final String ID_STAGE_TABLE = "inspector-stage-table";
    static final String ID_LAYER_TABLE = "inspector-layer-table";
    static final String ID_FILTER = "inspector-layer-filter";
    static final String ID_LAYER_MACS_COLUMN = "inspector-layer-macs";
    static final String ID_ERROR = "inspector-error";
    static final String ID_LOADING = "inspector-loading";
    static final String ID_CONTENT = "inspector-content";
    static final String ID_METADATA_TABLE = "inspector-metadata-table";
    static final String ID_METADATA_TEXT = "inspector-metadata-text";
    static final String ID_FILE_FACTS = "inspector-file-facts";
    static final String ID_FIGURE_FACTS = "inspector-figure-facts";

    private static final double ROW_HEIGHT = 30;
    private static final double HEADER_HEIGHT = 46;

    private final InspectorViewModel vm;
    private final TabPane tabs = new TabPane();
    private final BarChart<String, Number> chart;
    private final TableView<StageSummary> stageTable = new TableView<>();
    private final TableView<LayerRow> layerTable = new TableView<>();
    final TableColumn<LayerRow, Number> macsColumn;

    public InspectorView(InspectorViewModel vm) {
        this.vm = vm;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets().add(InspectorView.class.getResource("inspector.css").toExternalForm());

        chart = stageChart();
        macsColumn = number("MACs", LayerRow::macs);
        macsColumn.setId(ID_LAYER_MACS_COLUMN);
        setTop(header());

        tabs.setId(ID_CONTENT);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(new Tab("Summary", summary()), layersTab(), metadataTab());
        tabs.visibleProperty().bind(vm.stateProperty().isEqualTo(State.LOADED));

        StackPane center = new StackPane(tabs, loadingPane(), errorPane(), emptyPane());
        setCenter(center);
    }

    private Tab layersTab() {
        Tab t = new Tab("Layers", layersPane());
        t.setUserData("Layers");
        t.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> "Layers (" + vm.layers().size() + ")", vm.layers()));
        return t;
    }

    private Tab metadataTab() {
        Tab t = new Tab("Metadata", metadataPane());
        t.setUserData("Metadata");
        t.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> "Metadata (" + vm.metadata().size() + ")", vm.metadata()));
        return t;
    }

    /** Selects the tab "Summary", "Layers" or "Metadata". */
    public void showTab(String title) {
        for (Tab t : tabs.getTabs()) {
            if (title.equals(t.getUserData()) || t.getText().equals(title)) {
                tabs.getSelectionModel().select(t);
            }
        }
    }

    private Node header() {
        Label title = new Label();
        title.getStyleClass().add("inspector-title");
        title.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> fileName(vm.fileProperty().get()), vm.fileProperty()));
        Label path = new Label();
        path.getStyleClass().add("inspector-subtitle");
        path.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        path.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> {
                                    Path f = vm.fileProperty().get();
                                    return f == null || f.toAbsolutePath().getParent() == null
                                            ? ""
                                            : f.toAbsolutePath().getParent().toString();
                                },
                                vm.fileProperty()));
        HBox.setHgrow(path, Priority.ALWAYS);
        path.setMaxWidth(Double.MAX_VALUE);
        HBox box = new HBox(12, title, path);
        box.setAlignment(Pos.BASELINE_LEFT);
        box.getStyleClass().add("inspector-header");
        return box;
    }

    private Node loadingPane() {
        ProgressIndicator spinner = new ProgressIndicator();
        Label text = new Label();
        text.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        "Reading the graph and hashing "
                                                + fileName(vm.fileProperty().get())
                                                + "…",
                                vm.fileProperty()));
        VBox box = new VBox(16, spinner, text);
        box.setId(ID_LOADING);
        box.setAlignment(Pos.CENTER);
        box.visibleProperty().bind(vm.stateProperty().isEqualTo(State.LOADING));
        spinner.visibleProperty().bind(box.visibleProperty()); // no animation while hidden
        return box;
    }

    private Node errorPane() {
        Label heading = new Label();
        heading.getStyleClass().add("inspector-error-heading");
        heading.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> "Could not inspect " + fileName(vm.fileProperty().get()),
                                vm.fileProperty()));
        Label message = new Label();
        message.setId(ID_ERROR);
        message.getStyleClass().add("inspector-error-message");
        message.setWrapText(true);
        message.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        message.textProperty().bind(vm.errorMessageProperty());
        VBox box = new VBox(8, heading, message);
        box.getStyleClass().add("inspector-error");
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(720);
        box.visibleProperty().bind(vm.stateProperty().isEqualTo(State.FAILED));
        StackPane.setAlignment(box, Pos.CENTER);
        return box;
    }

    private Node emptyPane() {
        Label l = new Label("No model inspected yet.");
        l.getStyleClass().add("inspector-muted");
        l.visibleProperty().bind(vm.stateProperty().isEqualTo(State.EMPTY));
        return l;
    }

    // ---- Summary ----------------------------------------------------------------------------

    private Node summary() {
        VBox left =
                new VBox(
                        6,
                        section("Model file"),
                        factGrid(vm.fileFacts(), ID_FILE_FACTS),
                        section("Figures"),
                        factGrid(vm.figureFacts(), ID_FIGURE_FACTS));
        left.getStyleClass().add("inspector-facts");
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);

        stageTable();
        Label hint = new Label("Hover over a bar for its exact MACs, parameters and output shape.");
        hint.getStyleClass().add("inspector-muted");
        VBox right = new VBox(6, chart, hint, stageTable);
        right.getStyleClass().add("inspector-stages");
        VBox.setVgrow(chart, Priority.ALWAYS);

        SplitPane split = new SplitPane(scroll, right);
        split.setDividerPositions(0.42);
        return split;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("inspector-section");
        return l;
    }

    private static GridPane factGrid(ObservableList<Fact> facts, String id) {
        GridPane grid = new GridPane();
        grid.setId(id);
        grid.getStyleClass().add("inspector-fact-grid");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        values.setMinWidth(120);
        grid.getColumnConstraints().setAll(labels, values);
        ListChangeListener<Fact> fill = c -> fillFacts(grid, facts);
        facts.addListener(fill);
        fillFacts(grid, facts);
        return grid;
    }

    private static void fillFacts(GridPane grid, ObservableList<Fact> facts) {
        grid.getChildren().clear();
        int row = 0;
        for (Fact f : facts) {
            Label label = new Label(f.label());
            label.getStyleClass().add("inspector-fact-label");
            GridPane.setValignment(label, javafx.geometry.VPos.TOP);
            Node value;
            if (f.kind() == Fact.Kind.CODE) {
                value = codeValue(f.value());
            } else {
                Label v = new Label(f.value());
                v.setWrapText(true);
                v.getStyleClass().add("inspector-fact-value");
                if (f.kind() == Fact.Kind.WARNING) {
                    v.getStyleClass().add("inspector-warning");
                }
                value = v;
            }
            if (f.note().isEmpty()) {
                grid.addRow(row, label, value);
            } else {
                Label note = new Label(f.note());
                note.setWrapText(true);
                note.getStyleClass().add("inspector-muted");
                VBox box = new VBox(2, value, note);
                grid.addRow(row, label, box);
            }
            row++;
        }
    }

    /** A hash or path: wrapped monospace text (it may break anywhere) and a Copy button. */
    private static Node codeValue(String text) {
        Label v = new Label(text);
        v.setWrapText(true);
        v.getStyleClass().add("inspector-code");
        v.setMinWidth(0);
        Button copy = new Button("Copy");
        copy.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        copy.setFocusTraversable(false);
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setTooltip(new Tooltip("Copy to the clipboard"));
        copy.setOnAction(
                e -> {
                    ClipboardContent c = new ClipboardContent();
                    c.putString(text);
                    Clipboard.getSystemClipboard().setContent(c);
                });
        HBox.setHgrow(v, Priority.ALWAYS);
        v.setMaxWidth(Double.MAX_VALUE);
        HBox box = new HBox(6, v, copy);
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }

    private BarChart<String, Number> stageChart() {
        CategoryAxis x = new CategoryAxis();

        NumberAxis y = new NumberAxis();
        y.setLabel("MACs");
        y.setForceZeroInRange(true);
        y.setTickLabelFormatter(
                new StringConverter<>() {
                    @Override
                    public String toString(Number n) {
                        return Formats.axisCount(n.longValue());
                    }

                    @Override
                    public Number fromString(String s) {
                        // Tick labels are only ever formatted, never parsed back.
                        throw new UnsupportedOperationException();
                    }
                });
        BarChart<String, Number> c = new BarChart<>(x, y);
        c.setId(ID_CHART);
        c.setTitle("MACs per stage");
        c.setLegendVisible(false);
        c.setAnimated(false);
        c.setCategoryGap(24);
        c.setMinHeight(260);
        vm.stages().addListener((ListChangeListener<StageSummary>) ch -> fillChart(c));
        fillChart(c);
        return c;
    }

    private void fillChart(BarChart<String, Number> c) {
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName("MACs");
        for (StageSummary s : vm.stages()) {
            XYChart.Data<String, Number> d = new XYChart.Data<>(s.name(), s.macs());
            String tip =
                    s.name()
                            + "\n"
                            + Formats.countExact(s.macs())
                            + " MACs ("
                            + Formats.percent(s.macsPercent())
                            + " of total)\n"
                            + Formats.countExact(s.params())
                            + " parameters\noutput "
                            + Formats.shape(s.outputShape());
            d.nodeProperty()
                    .addListener(
                            (obs, old, node) -> {
                                if (node != null) {
                                    Tooltip t = new Tooltip(tip);
                                    // Keep it on screen: a popup that fits is moved inside the
                                    // screen's edges; a narrow one always fits.
                                    t.setAutoFix(true);
                                    t.setWrapText(true);
                                    t.setMaxWidth(360);
                                    t.setAnchorLocation(
                                            javafx.stage.PopupWindow.AnchorLocation
                                                    .CONTENT_BOTTOM_LEFT);
                                    Tooltip.install(node, t);
                                }
                            });
            series.getData().add(d);
        }
        c.getData().setAll(java.util.List.of(series));
    }

    private void stageTable() {
        stageTable.setId(ID_STAGE_TABLE);
        stageTable.setItems(vm.stages());
        stageTable
                .getColumns()
                .setAll(
                        java.util.List.of(
                                text("Stage", StageSummary::name),
                                number("Params", StageSummary::params),
                                number("MACs", StageSummary::macs),
                                percent("% MACs", StageSummary::macsPercent),
                                countColumn("Nodes", StageSummary::nodeCount),
                                text("Output shape", s -> Formats.shape(s.outputShape()))));
        int[] widths = {70, 80, 84, 78, 62};
        for (int i = 0; i < widths.length; i++) {
            stageTable.getColumns().get(i).setPrefWidth(widths[i]);
            stageTable.getColumns().get(i).setMinWidth(widths[i]);
            // Capped so the spare width goes to the output shape, the longest text.
            stageTable.getColumns().get(i).setMaxWidth(widths[i] + 24);
        }
        stageTable.getColumns().get(5).setMinWidth(130);
        stageTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        stageTable.getStyleClass().add(Styles.DENSE);
        stageTable.setFixedCellSize(ROW_HEIGHT);
        // Tall enough for every stage without a scroll bar (header + rows + border).
        stageTable
                .prefHeightProperty()
                .bind(Bindings.size(vm.stages()).multiply(ROW_HEIGHT).add(HEADER_HEIGHT));
        stageTable.minHeightProperty().bind(stageTable.prefHeightProperty());
        stageTable.setPlaceholder(new Label("No stages"));
    }

    // ---- Layers -----------------------------------------------------------------------------

    private Node layersPane() {
        TextField filter = new TextField();
        filter.setId(ID_FILTER);
        filter.setPromptText("Filter by name, module, op or stage, e.g. \u201clayer3 conv\u201d");
        filter.setText(vm.filterProperty().get());
        filter.textProperty().addListener((obs, old, text) -> vm.setFilter(text));
        HBox.setHgrow(filter, Priority.ALWAYS);
        filter.setMaxWidth(520);
        Label count = new Label();
        count.getStyleClass().add("inspector-muted");
        count.textProperty().bind(vm.layerCountText());
        HBox bar = new HBox(12, filter, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("inspector-filter-bar");

        layerTable.setId(ID_LAYER_TABLE);
        SortedList<LayerRow> sorted = new SortedList<>(vm.filteredLayers());
        sorted.comparatorProperty().bind(layerTable.comparatorProperty());
        layerTable.setItems(sorted);

        TableColumn<LayerRow, Number> index = countColumn("#", LayerRow::index);
        index.setPrefWidth(52);
        TableColumn<LayerRow, String> name =
                text("Node", r -> r.name().isEmpty() ? "(unnamed)" : r.name());
        name.setPrefWidth(230);
        name.setCellFactory(col -> tooltipCell());
        TableColumn<LayerRow, String> module =
                text("Module", r -> r.module().isEmpty() ? "\u2014" : r.module());
        module.setPrefWidth(210);
        module.setCellFactory(col -> tooltipCell());
        TableColumn<LayerRow, String> op = text("Op", LayerRow::opType);
        op.setPrefWidth(80);
        TableColumn<LayerRow, String> stage = text("Stage", LayerRow::stage);
        stage.setPrefWidth(70);
        TableColumn<LayerRow, String> shape =
                text("Output shape", r -> Formats.shape(r.outputShape()));
        shape.setPrefWidth(190);
        shape.setMinWidth(150);
        TableColumn<LayerRow, Number> params = number("Params", LayerRow::params);
        TableColumn<LayerRow, Number> pct = percent("% of MACs", LayerRow::macsPercent);
        layerTable
                .getColumns()
                .setAll(
                        java.util.List.of(
                                index, name, module, op, stage, shape, params, macsColumn, pct));
        layerTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        layerTable.getStyleClass().add(Styles.DENSE);
        layerTable.setFixedCellSize(ROW_HEIGHT);
        layerTable.setPlaceholder(new Label("No layer matches the filter"));

        VBox box = new VBox(8, bar, layerTable);
        box.getStyleClass().add("inspector-layers");
        VBox.setVgrow(layerTable, Priority.ALWAYS);
        return box;
    }

    private static <S> TableCell<S, String> tooltipCell() {
        return new TableCell<>() {
            // One tooltip per cell, re-texted as the cell is reused while scrolling.
            private final Tooltip tip = new Tooltip();

            {
                setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item);
                tip.setText(item);
                setTooltip(empty || item == null ? null : tip);
            }
        };
    }

    // ---- Metadata ---------------------------------------------------------------------------

    private Node metadataPane() {
        TableView<MetadataEntry> table = new TableView<>(vm.metadata());
        table.setId(ID_METADATA_TABLE);
        TableColumn<MetadataEntry, String> key = text("Key", MetadataEntry::key);
        key.setPrefWidth(260);
        key.setMaxWidth(420);
        TableColumn<MetadataEntry, String> value = text("Value", MetadataEntry::preview);
        value.setPrefWidth(700);
        TableColumn<MetadataEntry, Number> length =
                countColumn("Characters", e -> e.value().length());
        length.setPrefWidth(100);
        length.setMinWidth(96);
        table.getColumns().setAll(java.util.List.of(key, length, value));
        table.getStyleClass().add(Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("This file has no metadata_props."));

        TextArea text = new TextArea();
        text.setId(ID_METADATA_TEXT);
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add("inspector-code");
        text.setPromptText("Select a key to see its whole value.");
        Label heading = new Label();
        heading.getStyleClass().add("inspector-muted");
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (obs, old, e) -> {
                            text.setText(e == null ? "" : e.fullText());
                            text.positionCaret(0);
                            heading.setText(
                                    e == null
                                            ? "Select a key to see its whole value."
                                            : e.key()
                                                    + String.format(
                                                            java.util.Locale.ROOT,
                                                            " \u2014 %,d character%s as stored",
                                                            e.value().length(),
                                                            e.value().length() == 1 ? "" : "s"));
                        });
        VBox detail = new VBox(6, heading, text);
        detail.getStyleClass().add("inspector-metadata-detail");
        VBox.setVgrow(text, Priority.ALWAYS);
        vm.metadata()
                .addListener(
                        (ListChangeListener<MetadataEntry>)
                                c -> {
                                    if (!vm.metadata().isEmpty()) {
                                        table.getSelectionModel().select(firstLong(vm.metadata()));
                                    }
                                });

        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        split.setPadding(Insets.EMPTY);
        return split;
    }

    /** The first entry the one-line preview cannot show whole (so the detail is worth a look). */
    private static int firstLong(ObservableList<MetadataEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).preview().equals(entries.get(i).value())) {
                return i;
            }
        }
        return 0;
    }

    // ---- Columns ----------------------------------------------------------------------------

    private static <S> TableColumn<S, String> text(String title, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> constant(value.apply(cd.getValue())));
        return c;
    }

    /** A count column: sorts by the number, shows "4.23 G" (exact count in the tooltip). */
    private static <S> TableColumn<S, Number> number(String title, Function<S, Long> value) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> constant(value.apply(cd.getValue())));
        c.setComparator(InspectorView::compareNumbers);
        c.getStyleClass().add("numeric");
        c.setPrefWidth(96);
        c.setMinWidth(80);
        c.setCellFactory(
                col ->
                        new TableCell<>() {
                            private final Tooltip exact = new Tooltip();

                            @Override
                            protected void updateItem(Number item, boolean empty) {
                                super.updateItem(item, empty);
                                if (empty || item == null) {
                                    setText(null);
                                    setTooltip(null);
                                } else {
                                    setText(Formats.count(item.longValue()));
                                    exact.setText(
                                            String.format(
                                                    java.util.Locale.ROOT,
                                                    "%,d",
                                                    item.longValue()));
                                    setTooltip(exact);
                                }
                            }
                        });
        return c;
    }

    /** A small integer column (index, node count): plain digits, sorts by the number. */
    private static <S> TableColumn<S, Number> countColumn(
            String title, Function<S, Integer> value) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> constant(value.apply(cd.getValue())));
        c.setComparator(InspectorView::compareNumbers);
        c.getStyleClass().add("numeric");
        c.setPrefWidth(64);
        return c;
    }

    private static <S> TableColumn<S, Number> percent(String title, Function<S, Double> value) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> constant(value.apply(cd.getValue())));
        c.setComparator(InspectorView::compareNumbers);
        c.getStyleClass().add("numeric");
        c.setPrefWidth(90);
        c.setMinWidth(76);
        c.setCellFactory(
                col ->
                        new TableCell<>() {
                            @Override
                            protected void updateItem(Number item, boolean empty) {
                                super.updateItem(item, empty);
                                setText(
                                        empty || item == null
                                                ? null
                                                : Formats.percent(item.doubleValue()));
                            }
                        });
        return c;
    }

    private static int compareNumbers(Number a, Number b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Double || b instanceof Double) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return Long.compare(a.longValue(), b.longValue());
    }

    private static <T> ObservableValue<T> constant(T value) {
        return new ReadOnlyObjectWrapper<>(value);
    }

    private static String fileName(Path f) {
        return f == null || f.getFileName() == null ? "" : f.getFileName().toString();
    }

    // ---- For tests --------------------------------------------------------------------------

    BarChart<String, Number> chart() {
        return chart;
    }

    TableView<LayerRow> layerTable() {
        return layerTable;
    }

    TableView<StageSummary> stageTableView() {
        return stageTable;
    }
}
