package io.resnextexplorer.ui.library;

import io.resnextexplorer.model.ExecutionProvider;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/**
 * The model library: present models are selectable; missing seed variants show the command that
 * exports them, with a copy button. Provider choice and "Open model…" at the bottom.
 */
public final class ModelLibraryView extends VBox {
    public static final String STYLE_CLASS = "model-library";

    private final ModelLibraryViewModel vm;
    private final ListView<ModelEntry> list = new ListView<>();
    private boolean syncing;

    /**
     * @param copy puts text on the clipboard
     * @param onOpenModel opens a file chooser for .onnx files
     */
    public ModelLibraryView(ModelLibraryViewModel vm, Consumer<String> copy, Runnable onOpenModel) {
        this.vm = vm;
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(
                        Objects.requireNonNull(getClass().getResource("library.css"))
                                .toExternalForm());
        setId("model-library");
        setSpacing(8);

        Label title = new Label("Models");
        title.getStyleClass().add("section-title");
        ProgressIndicator loading = new ProgressIndicator();
        loading.setMaxSize(16, 16);
        loading.visibleProperty().bind(vm.loadingProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(6, title, spacer, loading);
        header.setAlignment(Pos.CENTER_LEFT);

        list.setId("model-list");
        list.setItems(vm.entries());
        list.setCellFactory(v -> new EntryCell(copy, vm.downloads()));
        VBox.setVgrow(list, Priority.ALWAYS);
        list.getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (!syncing && now != null && now != vm.selectedProperty().get()) {
                                vm.select(now);
                            }
                        });
        vm.selectedProperty()
                .addListener(
                        (obs, old, now) -> {
                            syncing = true;
                            list.getSelectionModel().select(now);
                            syncing = false;
                        });

        Label error = new Label();
        error.setId("model-error");
        error.getStyleClass().add("load-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.loadErrorProperty());
        error.visibleProperty().bind(vm.loadErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        ComboBox<ExecutionProvider> provider = new ComboBox<>();
        provider.setId("provider");
        provider.getItems().setAll(ExecutionProvider.values());
        provider.valueProperty().bindBidirectional(vm.providerProperty());
        provider.setTooltip(
                new Tooltip("Where the model runs. CUDA falls back to the CPU and says why."));
        Label providerLabel = new Label("Run on");
        HBox providerRow = new HBox(8, providerLabel, provider);
        providerRow.setAlignment(Pos.CENTER_LEFT);

        Button open = new Button("Open model…");
        open.setId("open-model");
        open.setMaxWidth(Double.MAX_VALUE);
        open.setOnAction(e -> onOpenModel.run());

        getChildren().addAll(header, list, error, providerRow, open);
    }

    private static final class EntryCell extends ListCell<ModelEntry> {
        private final Consumer<String> copy;
        private final io.resnextexplorer.ui.hub.ModelDownloadsViewModel downloads;

        EntryCell(
                Consumer<String> copy,
                io.resnextexplorer.ui.hub.ModelDownloadsViewModel downloads) {
            this.copy = copy;
            this.downloads = downloads;
        }

        @Override
        protected void updateItem(ModelEntry e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().remove("missing");
            setText(null);
            setPrefWidth(0); // never wider than the list: no horizontal scrolling
            if (empty || e == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            Label name = new Label(e.id());
            name.getStyleClass().add("entry-name");
            name.setMinWidth(0);
            if (e.present()) {
                Label where = new Label(e.where());
                where.getStyleClass().add("entry-where");
                where.setMinWidth(0);
                VBox box = new VBox(1, name, where);
                box.setMinWidth(0);
                setGraphic(box);
                setTooltip(new Tooltip(e.file().toString()));
            } else {
                getStyleClass().add("missing");
                Label missing = new Label("not exported yet");
                missing.getStyleClass().add("entry-where");
                Region spacer = new Region();
                HBox.setHgrow(spacer, Priority.ALWAYS);
                Button copyButton = new Button("Copy command");
                copyButton.getStyleClass().addAll("small", "flat", "entry-copy");
                copyButton.setOnAction(a -> copy.accept(e.exportCommand()));
                HBox status = new HBox(4, missing, spacer, copyButton);
                status.setAlignment(Pos.CENTER_LEFT);
                Text cmd = new Text(e.exportCommand());
                cmd.getStyleClass().add("entry-command");
                // Wrap within the list's width instead of widening the cell.
                cmd.wrappingWidthProperty().bind(widthProperty().subtract(28));
                VBox box = new VBox(2, name, status, cmd);
                if (downloads != null
                        && io.resnextexplorer.ui.hub.ModelDownloadsViewModel.canGet(e.id())) {
                    box.getChildren()
                            .add(1, new io.resnextexplorer.ui.hub.DownloadPane(downloads, e.id()));
                }
                box.setMinWidth(0);
                setGraphic(box);
                setTooltip(new Tooltip("Missing. Export it with:\n" + e.exportCommand()));
            }
        }
    }
}
