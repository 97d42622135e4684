package io.resnextexplorer.ui.predictions;

import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Top-k beyond the five bars and a search for any class by name, each row with its rank and
 * probability; scrolls on its own (the bars above it never move).
 */
public final class MoreClassesView extends StackPane {
    private final PredictionsViewModel vm;

    public MoreClassesView(PredictionsViewModel vm) {
        this.vm = vm;
        getStylesheets()
                .add(
                        Objects.requireNonNull(getClass().getResource("predictions.css"))
                                .toExternalForm());
        setId("more-classes-view");
        getChildren().add(build());
    }

    private ScrollPane build() {
        ComboBox<Integer> k = new ComboBox<>();
        k.setId("top-k");
        k.getItems().setAll(PredictionsViewModel.TOP_K_CHOICES);
        k.setValue(vm.topKProperty().get());
        vm.topKProperty().addListener((obs, old, now) -> k.setValue(now.intValue()));
        k.valueProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (now != null) {
                                vm.topKProperty().set(now);
                            }
                        });
        Label kLabel = new Label("Show top");
        HBox kRow = new HBox(8, kLabel, k);
        kRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox more = new VBox(2);
        more.setId("more-classes");
        vm.moreRows()
                .addListener(
                        (ListChangeListener<PredictionRow>)
                                c -> PredictionsView.fill(more, vm.moreRows()));
        TextField search = new TextField();
        search.setMinWidth(0);
        search.setId("class-search");
        search.setPromptText("Find a class by name, e.g. \"retriever\"");
        search.textProperty().bindBidirectional(vm.queryProperty());
        Label status = new Label();
        status.getStyleClass().add("placeholder");
        status.textProperty().bind(vm.searchStatusProperty());
        status.visibleProperty().bind(vm.searchStatusProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());
        VBox found = new VBox(2);
        found.setId("class-matches");
        vm.matches()
                .addListener(
                        (ListChangeListener<PredictionRow>)
                                c -> PredictionsView.fill(found, vm.matches()));
        Label findLabel = new Label("Find a class");
        findLabel.getStyleClass().add("section-title");
        Label topLabel = new Label("More classes");
        topLabel.getStyleClass().add("section-title");
        VBox content = new VBox(6, topLabel, kRow, more, findLabel, search, status, found);
        content.getStyleClass().add("more-classes");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("more-classes-scroll");
        scroll.setId("more-classes-scroll");
        return scroll;
    }
}
