package io.resnextexplorer.ui.predictions;

import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** The top-5 bars: label, bar, percentage; top-1 highlighted; hover for class index and logit. */
public final class PredictionsView extends VBox {
    public static final String STYLE_CLASS = "predictions";
    public static final String ROW = "prediction-row";
    public static final String TOP = "top";

    private final PredictionsViewModel vm;
    private final VBox bars = new VBox(4);

    /**
     * @param onCopy what the copy button does (the shell owns the clipboard)
     */
    public PredictionsView(PredictionsViewModel vm, Runnable onCopy) {
        this.vm = vm;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(
                        Objects.requireNonNull(getClass().getResource("predictions.css"))
                                .toExternalForm());
        setId("predictions");
        setSpacing(10);

        Label title = new Label("Top 5");
        title.getStyleClass().add("section-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.getStyleClass().addAll("small", "flat");
        copy.setTooltip(new Tooltip("Copy the results as text (Ctrl+C)"));
        copy.setOnAction(e -> onCopy.run());
        copy.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.rows()));
        HBox header = new HBox(8, title, spacer, copy);
        header.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        Label placeholder = new Label();
        placeholder.setId("predictions-placeholder");
        placeholder.getStyleClass().add("placeholder");
        placeholder.textProperty().bind(vm.placeholderProperty());
        placeholder.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.rows()));
        placeholder.managedProperty().bind(placeholder.visibleProperty());

        bars.setId("prediction-bars");
        getChildren().addAll(header, placeholder, bars);
        vm.rows().addListener((ListChangeListener<PredictionRow>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        bars.getChildren().clear();
        for (PredictionRow r : vm.rows()) {
            bars.getChildren().add(row(r));
        }
    }

    private VBox row(PredictionRow r) {
        Label label = new Label(r.label());
        label.getStyleClass().add("prediction-label");
        label.setMinWidth(0);
        label.setWrapText(true); // ImageNet names can be long: "coil, spiral, volute, whorl, helix"
        label.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(label, Priority.ALWAYS);
        Label pct = new Label(r.percent());
        pct.getStyleClass().add("prediction-percent");
        pct.setMinWidth(Region.USE_PREF_SIZE);
        HBox text = new HBox(8, label, pct);
        text.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        ProgressBar bar = new ProgressBar(r.probability());
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.getStyleClass().add("prediction-bar");
        VBox box = new VBox(3, text, bar);
        box.getStyleClass().add(ROW);
        if (r.top()) {
            box.getStyleClass().add(TOP);
        }
        box.setUserData(r);
        box.setOnMouseClicked(e -> vm.choose(r.index()));
        Tooltip tip = new Tooltip(r.rank() + ". " + r.label() + "\n" + r.detail());
        tip.setShowDelay(Duration.millis(200));
        Tooltip.install(box, tip);
        return box;
    }
}
