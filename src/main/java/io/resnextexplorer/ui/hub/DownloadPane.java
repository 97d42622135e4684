package io.resnextexplorer.ui.hub;

import java.util.Objects;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * "Get (≈100 MB)" for one missing model, then its progress bar, status (bytes, speed, time left)
 * and a Cancel button; an error in words if it failed. Node ids: {@code get-<id>}, {@code
 * cancel-<id>}, {@code get-status-<id>}, {@code get-error-<id>}.
 */
public final class DownloadPane extends VBox {
    private final HBox row;

    public DownloadPane(ModelDownloadsViewModel vm, String id) {
        ModelDownloadsViewModel.Download d = vm.download(id);
        getStyleClass().add("download-pane");
        getStylesheets()
                .add(Objects.requireNonNull(getClass().getResource("hub.css")).toExternalForm());
        setSpacing(3);
        setMinWidth(0);

        Button get = new Button();
        get.setId("get-" + id);
        get.getStyleClass().addAll("small", "accent", "get-button");
        get.textProperty()
                .bind(
                        javafx.beans.binding.Bindings.when(d.pausedProperty())
                                .then("Resume")
                                .otherwise(ModelDownloadsViewModel.getLabel(id)));
        get.setOnAction(e -> d.get());
        String license = ModelDownloadsViewModel.license(id);
        get.setTooltip(
                new Tooltip(
                        "Download the pretrained weights from "
                                + vm.endpoint()
                                + " and build the ONNX file here (no Python needed)"
                                + (license.isEmpty()
                                        ? ""
                                        : "\nLicence of the weights: " + license)));
        get.visibleProperty().bind(d.runningProperty().not());
        get.managedProperty().bind(get.visibleProperty());

        Button cancel = new Button("Cancel");
        cancel.setId("cancel-" + id);
        cancel.getStyleClass().addAll("small", "flat");
        cancel.setOnAction(e -> d.cancel());
        cancel.visibleProperty().bind(d.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());

        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(d.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.visibleProperty().bind(d.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());

        Label lic = new Label(license.isEmpty() ? "" : license);
        lic.getStyleClass().add("download-license");
        lic.visibleProperty().bind(d.runningProperty().not().and(lic.textProperty().isNotEmpty()));
        lic.managedProperty().bind(lic.visibleProperty());

        row = new HBox(6, get, lic, bar, cancel);
        row.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("get-status-" + id);
        status.getStyleClass().add("download-status");
        status.setWrapText(true);
        status.textProperty().bind(d.statusProperty());
        status.visibleProperty().bind(d.statusProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());

        Label error = new Label();
        error.setId("get-error-" + id);
        error.getStyleClass().add("download-error");
        error.setWrapText(true);
        error.textProperty().bind(d.errorProperty());
        error.visibleProperty().bind(d.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        getChildren().addAll(row, status, error);
    }

    /** Centres the button and texts (for the empty state), and returns this pane. */
    public DownloadPane centered() {
        setAlignment(Pos.CENTER);
        row.setAlignment(Pos.CENTER);
        getChildren().stream()
                .filter(n -> n instanceof Label)
                .forEach(n -> ((Label) n).setTextAlignment(javafx.scene.text.TextAlignment.CENTER));
        return this;
    }
}
