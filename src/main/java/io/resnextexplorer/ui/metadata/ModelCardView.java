package io.resnextexplorer.ui.metadata;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The model card: a two-column grid per fold (model, size and compute, preprocessing, runtime);
 * defaulted values carry a "default" tag. The compute fold says what MACs and FLOPs are.
 */
public final class ModelCardView extends VBox {
    public static final String STYLE_CLASS = "model-card";

    private final ModelCardViewModel vm;
    private final Map<CardRow.Section, GridPane> grids = new EnumMap<>(CardRow.Section.class);
    private final Map<CardRow.Section, TitledPane> folds = new EnumMap<>(CardRow.Section.class);

    /**
     * @param onInspect opens the graph inspector for the model shown
     */
    public ModelCardView(ModelCardViewModel vm, Runnable onInspect) {
        this.vm = vm;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(
                        Objects.requireNonNull(getClass().getResource("metadata.css"))
                                .toExternalForm());
        setId("model-card");
        setSpacing(8);

        Label title = new Label();
        title.getStyleClass().add("card-title");
        title.textProperty().bind(vm.titleProperty());
        title.setWrapText(true);
        title.visibleProperty().bind(vm.titleProperty().isNotEmpty());
        title.managedProperty().bind(title.visibleProperty());
        Label weights = new Label();
        weights.setId("weights-origin");
        weights.getStyleClass().add("card-weights");
        weights.setWrapText(true);
        weights.textProperty()
                .bind(vm.weightsProperty().map(w -> w.isEmpty() ? "" : "Weights: " + w));
        weights.visibleProperty().bind(vm.weightsProperty().isNotEmpty());
        weights.managedProperty().bind(weights.visibleProperty());
        Label providerNote = new Label();
        providerNote.setId("provider-note");
        providerNote.getStyleClass().add("card-provider-note");
        providerNote.setWrapText(true);
        providerNote.textProperty().bind(vm.providerNoteProperty());
        providerNote.visibleProperty().bind(vm.providerNoteProperty().isNotEmpty());
        providerNote.managedProperty().bind(providerNote.visibleProperty());

        Label none = new Label();
        none.setId("card-placeholder");
        none.getStyleClass().add("placeholder");
        none.setWrapText(true);
        none.textProperty().bind(vm.placeholderProperty());
        none.visibleProperty().bind(vm.placeholderProperty().isNotEmpty());
        none.managedProperty().bind(none.visibleProperty());
        Button inspect = new Button("Inspect graph…");
        inspect.setId("inspect-model");
        inspect.getStyleClass().add("small");
        inspect.setTooltip(
                new Tooltip(
                        "Parameters, MACs per stage and every layer, read from the ONNX graph"));
        inspect.setOnAction(e -> onInspect.run());
        inspect.visibleProperty().bind(vm.titleProperty().isNotEmpty());
        inspect.managedProperty().bind(inspect.visibleProperty());
        // The window's tab names the card; the inspector button sits beside the model's name,
        // seen without scrolling the card.
        Region spacer = new Region();
        javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
        title.setMinWidth(0);
        javafx.scene.layout.HBox head = new javafx.scene.layout.HBox(8, title, spacer, inspect);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        head.visibleProperty().bind(vm.titleProperty().isNotEmpty());
        head.managedProperty().bind(head.visibleProperty());
        getChildren().addAll(none, head, weights, providerNote);
        for (CardRow.Section s : CardRow.Section.values()) {
            GridPane grid = grid();
            VBox content = new VBox(6, grid);
            if (s == CardRow.Section.COMPUTE) {
                Label note = new Label(ModelCardViewModel.COMPUTE_NOTE);
                note.setId("compute-note");
                note.getStyleClass().add("card-note");
                note.setWrapText(true);
                note.setMinHeight(Region.USE_PREF_SIZE);
                content.getChildren().add(note);
            }
            TitledPane fold = new TitledPane(s.title(), content);
            fold.setId("card-" + s.name().toLowerCase(java.util.Locale.ROOT));
            fold.setAnimated(false);
            // Compute first and open, then the model; the rest folded until asked for, so the
            // figures people look for first are above the fold.
            fold.setExpanded(s == CardRow.Section.MODEL || s == CardRow.Section.COMPUTE);
            fold.visibleProperty().bind(vm.titleProperty().isNotEmpty());
            fold.managedProperty().bind(fold.visibleProperty());
            fold.getStyleClass().add("card-fold");
            grids.put(s, grid);
            folds.put(s, fold);
            getChildren().add(fold);
        }
        vm.rows().addListener((ListChangeListener<CardRow>) c -> rebuild());
        rebuild();
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("card-grid");
        grid.setHgap(12);
        grid.setVgap(4);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(names, values);
        return grid;
    }

    private void rebuild() {
        Map<CardRow.Section, Integer> next = new EnumMap<>(CardRow.Section.class);
        grids.values().forEach(g -> g.getChildren().clear());
        for (CardRow r : vm.rows()) {
            Label name = new Label(r.name());
            name.getStyleClass().add("card-name");
            Label value = new Label(r.value() + (r.defaulted() ? "  (default)" : ""));
            value.getStyleClass().add("card-value");
            value.setWrapText(true);
            value.setMinHeight(Region.USE_PREF_SIZE);
            if (r.defaulted()) {
                value.getStyleClass().add("defaulted");
            }
            if (r.value().startsWith("UNTRAINED") || r.value().contains("untrained ones")) {
                value.getStyleClass().add("untrained");
            }
            String tip =
                    (r.note().isEmpty() ? "" : r.note())
                            + (r.defaulted()
                                    ? (r.note().isEmpty() ? "" : "\n")
                                            + "Not stated in the model file: the app's default."
                                    : "");
            if (!tip.isEmpty()) {
                value.setTooltip(new Tooltip(tip));
            }
            int row = next.merge(r.section(), 1, Integer::sum) - 1;
            grids.get(r.section()).addRow(row, name, value);
        }
    }
}
