package io.resnextexplorer.ui.library;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** First run without any model: what to do, in two lines and two buttons. */
public final class EmptyLibraryView extends VBox {
    public EmptyLibraryView(ModelLibraryViewModel vm, Consumer<String> copy, Runnable onOpenModel) {
        getStyleClass().add("empty-library");
        getStylesheets()
                .add(
                        Objects.requireNonNull(getClass().getResource("library.css"))
                                .toExternalForm());
        setId("empty-library");
        setAlignment(Pos.CENTER);
        setSpacing(14);

        Label title = new Label("No models yet");
        title.getStyleClass().add("empty-title");
        Label text =
                new Label(
                        "ResNeXt Explorer runs image classifiers exported to ONNX.\n"
                                + "Get a seed variant from the Hugging Face Hub, export one with"
                                + " the command below (Python with timm), or open an .onnx file"
                                + " you already have.");
        text.getStyleClass().add("empty-text");
        text.setWrapText(true);
        text.setMaxWidth(560);

        String command = vm.exportCommand(ModelLibrary.SEEDS.get(0));
        Label cmd = new Label(command);
        cmd.setId("empty-command");
        cmd.getStyleClass().add("empty-command");
        cmd.setWrapText(true);
        cmd.setMaxWidth(560);
        StackPane cmdBox = new StackPane(cmd);
        cmdBox.getStyleClass().add("empty-command-box");
        HBox.setHgrow(cmdBox, Priority.SOMETIMES);
        Button copyButton = new Button("Copy command");
        copyButton.setId("copy-export-command");
        copyButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        copyButton.setOnAction(e -> copy.accept(command));
        HBox cmdRow = new HBox(8, cmdBox, copyButton);
        cmdRow.setMaxWidth(760);
        cmdRow.setAlignment(Pos.CENTER);

        Button open = new Button("Open model file…");
        open.setId("empty-open-model");
        open.getStyleClass().add("accent");
        open.setOnAction(e -> onOpenModel.run());

        Label after = new Label("Then drop images anywhere in this window.");
        after.getStyleClass().add("empty-after");
        getChildren().addAll(title, text, cmdRow, open, after);
        if (vm.downloads() != null) {
            // Issue 13: the no-Python way first.
            String seed = ModelLibrary.SEEDS.get(0);
            Label get = new Label("Or get " + seed + " now, without Python:");
            get.getStyleClass().add("empty-text");
            io.resnextexplorer.ui.hub.DownloadPane pane =
                    new io.resnextexplorer.ui.hub.DownloadPane(vm.downloads(), seed).centered();
            pane.setId("empty-get");
            pane.setMaxWidth(560);
            getChildren().addAll(2, List.of(get, pane));
        }
    }
}
