package io.resnextexplorer.ui.metadata;

import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The model card: a two-column grid; defaulted values carry a "default" tag. */
public final class ModelCardView extends VBox {
    public static final String STYLE_CLASS = "model-card";

    private final ModelCardViewModel vm;
    private final GridPane grid = new GridPane();

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
        Label weights = new Label();
        weights.setId("weights-origin");
        weights.getStyleClass().add("card-weights");
        weights.setWrapText(true);
        weights.textProperty()
                .bind(vm.weightsProperty().map(w -> w.isEmpty() ? "" : "Weights: " + w));
        Label providerNote = new Label();
        providerNote.setId("provider-note");
        providerNote.getStyleClass().add("card-provider-note");
        providerNote.setWrapText(true);
        providerNote.textProperty().bind(vm.providerNoteProperty());
        providerNote.visibleProperty().bind(vm.providerNoteProperty().isNotEmpty());
        providerNote.managedProperty().bind(providerNote.visibleProperty());

        grid.getStyleClass().add("card-grid");
        grid.setHgap(12);
        grid.setVgap(4);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(names, values);

        Label heading = new Label("Model card");
        heading.getStyleClass().add("section-title");
        Label none = new Label("Pick a model in the list on the left.");
        none.getStyleClass().add("placeholder");
        none.visibleProperty().bind(vm.titleProperty().isEmpty());
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
        getChildren().addAll(heading, none, title, weights, providerNote, grid, inspect);
        vm.rows().addListener((ListChangeListener<CardRow>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        grid.getChildren().clear();
        int i = 0;
        for (CardRow r : vm.rows()) {
            Label name = new Label(r.name());
            name.getStyleClass().add("card-name");
            Label value = new Label(r.value() + (r.defaulted() ? "  (default)" : ""));
            value.getStyleClass().add("card-value");
            value.setWrapText(true);
            if (r.defaulted()) {
                value.getStyleClass().add("defaulted");
            }
            if (r.value().startsWith("UNTRAINED")) {
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
            grid.addRow(i++, name, value);
        }
    }
}
