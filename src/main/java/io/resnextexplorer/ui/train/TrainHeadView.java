package io.resnextexplorer.ui.train;

import java.io.File;
import java.nio.file.Path;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The "Train your own classes" dialog: folder, file to write, Train, progress and the report. */
public final class TrainHeadView extends VBox {
    public static final String STYLE_CLASS = "train-head";

    private final TextField folder = new TextField();
    private final TextField out = new TextField();

    public TrainHeadView(TrainHeadViewModel vm) {
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(Objects.requireNonNull(getClass().getResource("train.css")).toExternalForm());
        setId("train-head");
        setPadding(new Insets(14));
        setSpacing(10);

        Label intro =
                new Label(
                        "Give a folder with one sub-folder of images per class (about 10 each)."
                                + " A new classifier layer is trained on the features of "
                                + vm.baseDescription()
                                + " and written as a new model.");
        intro.setWrapText(true);

        folder.setId("train-folder");
        folder.setPromptText("folder with one sub-folder per class");
        Button chooseFolder = new Button("Choose…");
        chooseFolder.setOnAction(
                e -> {
                    DirectoryChooser c = new DirectoryChooser();
                    c.setTitle("Folder with one sub-folder per class");
                    File f = c.showDialog(getScene() == null ? null : getScene().getWindow());
                    if (f != null) {
                        folder.setText(f.getPath());
                        if (out.getText().isBlank()) {
                            out.setText(vm.suggestedOutput(f.toPath()).toString());
                        }
                    }
                });
        out.setId("train-out");
        out.setPromptText("new model file (.onnx)");
        Button chooseOut = new Button("Choose…");
        chooseOut.setOnAction(
                e -> {
                    FileChooser c = new FileChooser();
                    c.setTitle("Write the new model to");
                    c.getExtensionFilters()
                            .add(new FileChooser.ExtensionFilter("ONNX model", "*.onnx"));
                    File f = c.showSaveDialog(getScene() == null ? null : getScene().getWindow());
                    if (f != null) {
                        out.setText(f.getPath());
                    }
                });
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Classes"), folder, chooseFolder);
        form.addRow(1, new Label("Write to"), out, chooseOut);
        GridPane.setHgrow(folder, Priority.ALWAYS);
        GridPane.setHgrow(out, Priority.ALWAYS);

        Button train = new Button("Train");
        train.setId("train-start");
        train.setDefaultButton(true);
        train.disableProperty().bind(vm.runningProperty());
        train.setOnAction(
                e ->
                        vm.train(
                                folder.getText().isBlank() ? null : Path.of(folder.getText()),
                                out.getText().isBlank() ? null : Path.of(out.getText())));

        ProgressBar bar = new ProgressBar();
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty());
        Label status = new Label();
        status.setId("train-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        Label error = new Label();
        error.setId("train-error");
        error.getStyleClass().add("train-error");
        error.textProperty().bind(vm.errorProperty());
        error.setWrapText(true);
        error.visibleProperty().bind(Bindings.isNotEmpty(vm.errorProperty()));
        error.managedProperty().bind(error.visibleProperty());
        Label accuracy = new Label();
        accuracy.setId("train-accuracy");
        accuracy.getStyleClass().add("train-accuracy");
        accuracy.textProperty().bind(vm.accuracyProperty());
        TextArea reportArea = new TextArea();
        reportArea.setId("train-report");
        reportArea.getStyleClass().add("train-report");
        reportArea.setEditable(false);
        reportArea.setWrapText(true);
        reportArea.textProperty().bind(vm.reportProperty());
        reportArea.setPrefRowCount(12);
        VBox.setVgrow(reportArea, Priority.ALWAYS);

        getChildren().addAll(intro, form, train, bar, status, error, accuracy, reportArea);
    }

    /** Opens the dialog as a window of its own. FX thread. */
    public static Stage show(Window owner, TrainHeadViewModel vm) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle("Train your own classes");
        stage.setScene(new Scene(new TrainHeadView(vm), 720, 560));
        stage.show();
        return stage;
    }
}
