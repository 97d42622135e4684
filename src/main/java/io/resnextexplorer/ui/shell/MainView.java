package io.resnextexplorer.ui.shell;

import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.ui.canvas.CanvasView;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.library.EmptyLibraryView;
import io.resnextexplorer.ui.library.ModelEntry;
import io.resnextexplorer.ui.library.ModelLibraryView;
import io.resnextexplorer.ui.library.ModelLibraryViewModel;
import io.resnextexplorer.ui.metadata.ModelCardView;
import io.resnextexplorer.ui.metadata.ModelCardViewModel;
import io.resnextexplorer.ui.predictions.PredictionsView;
import io.resnextexplorer.ui.predictions.PredictionsViewModel;
import io.resnextexplorer.ui.session.SessionViewModel;
import io.resnextexplorer.ui.strip.StripView;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;

/**
 * The main window's content: menus, model library (left), canvas (center), bars and model card
 * (right), image strip and status bar (bottom), untrained-weights banner (top).
 */
public final class MainView extends BorderPane {
    private final ShellViewModel shell;
    private final SessionViewModel session;
    private final ModelLibraryViewModel library;
    private final CanvasViewModel canvasVm;
    private final PredictionsViewModel predictions;
    private final CanvasView canvas;
    private final NotificationPane notifications;
    private final Menu modelsMenu = new Menu("_Models");
    private final Menu recentMenu = new Menu("Open _Recent");
    private final Inspector inspector;
    private StackPane center;
    private Menu viewMenu;
    private ToolBar toolBar;

    /** Opens the graph inspector (a window of its own) for a model file. */
    @FunctionalInterface
    public interface Inspector {
        /**
         * @param file any ONNX file
         * @param card the published card figures of that model, or null
         */
        void inspect(Path file, CardFigures card);
    }

    public MainView(
            ShellViewModel shell,
            SessionViewModel session,
            ModelLibraryViewModel library,
            CanvasViewModel canvasVm,
            PredictionsViewModel predictions,
            ModelCardViewModel card,
            Inspector inspector) {
        this.shell = shell;
        this.inspector = inspector;
        this.session = session;
        this.library = library;
        this.canvasVm = canvasVm;
        this.predictions = predictions;
        setId("main");
        getStyleClass().add("main-view");
        getStylesheets()
                .add(Objects.requireNonNull(getClass().getResource("shell.css")).toExternalForm());

        canvas = new CanvasView(canvasVm, this::openImages);
        EmptyLibraryView empty = new EmptyLibraryView(library, this::copy, this::openModel);
        empty.visibleProperty()
                .bind(library.scannedProperty().and(library.hasModelsProperty().not()));
        canvas.visibleProperty().bind(empty.visibleProperty().not());
        center = new StackPane(canvas, empty);
        // Drops anywhere in the window count (an .onnx on the empty state, images on the list).
        canvas.acceptDropsOn(this);
        notifications = new NotificationPane(center);
        notifications.setId("notifications");
        notifications.setShowFromTop(false);
        shell.noticeProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (now != null && !now.isEmpty()) {
                                notifications.show(now);
                                javafx.animation.PauseTransition hide =
                                        new javafx.animation.PauseTransition(
                                                javafx.util.Duration.seconds(3));
                                hide.setOnFinished(e -> notifications.hide());
                                hide.play();
                            }
                        });
        setCenter(notifications);

        ModelLibraryView libraryView = new ModelLibraryView(library, this::copy, this::openModel);
        libraryView.setPrefWidth(290);
        libraryView.setMinWidth(240);
        setLeft(libraryView);

        PredictionsView bars = new PredictionsView(predictions, this::copyResults);
        ModelCardView cardView = new ModelCardView(card, this::inspectCurrentModel);
        VBox right = new VBox(12, bars, new Separator(), cardView);
        right.getStyleClass().add("results-pane");
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        rightScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        rightScroll.setPrefWidth(400);
        rightScroll.setMinWidth(320);
        rightScroll.getStyleClass().add("results-scroll");
        setRight(rightScroll);

        Label banner =
                new Label(
                        "⚠  Untrained weights (random-init): these bars are not predictions."
                                + " Export pretrained weights for real results.");
        banner.setId("untrained-banner");
        banner.getStyleClass().add("untrained-banner");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.visibleProperty().bind(predictions.untrainedProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        setTop(new VBox(menuBar(), toolBar(), banner));

        StripView strip = new StripView(session);
        StatusBar status = new StatusBar();
        status.setId("status-bar");
        status.textProperty().bind(shell.statusProperty());
        status.progressProperty()
                .bind(
                        Bindings.when(session.batch().runningProperty())
                                .then(session.batch().progress())
                                .otherwise(0.0));
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-batch");
        cancel.getStyleClass().addAll("small");
        cancel.visibleProperty().bind(session.batch().runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> session.cancel());
        Label progressText = new Label();
        progressText.setId("batch-progress");
        progressText
                .textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        session.batch().runningProperty().get()
                                                ? session.batch().doneProperty().get()
                                                        + " / "
                                                        + session.batch().totalProperty().get()
                                                : "",
                                session.batch().runningProperty(),
                                session.batch().doneProperty(),
                                session.batch().totalProperty()));
        HBox right2 = new HBox(8, progressText, cancel);
        right2.setAlignment(Pos.CENTER_RIGHT);
        status.getRightItems().add(right2);
        VBox bottom = new VBox(strip, status);
        strip.visibleProperty().bind(Bindings.isNotEmpty(session.images()));
        strip.managedProperty().bind(strip.visibleProperty());
        setBottom(bottom);

        addEventFilter(KeyEvent.KEY_PRESSED, this::navigationKeys);
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("_Open Images…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> openImages());
        MenuItem openModel = new MenuItem("Open _Model…");
        openModel.setAccelerator(
                new KeyCodeCombination(
                        KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openModel.setOnAction(e -> openModel());
        MenuItem paste = new MenuItem("_Paste Image");
        paste.setAccelerator(new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN));
        paste.setOnAction(
                e -> {
                    if (!canvas.paste()) {
                        shell.notify("The clipboard holds no image, file or image URL.");
                    }
                });
        MenuItem inspectModel = new MenuItem("_Inspect Model Graph…");
        inspectModel.setAccelerator(
                new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN));
        inspectModel.setOnAction(e -> inspectCurrentModel());
        MenuItem inspectFile = new MenuItem("Inspect ONNX _File…");
        inspectFile.setOnAction(e -> inspectAnyFile());
        MenuItem csv = new MenuItem("Export Results as _CSV…");
        csv.setOnAction(e -> export("csv"));
        MenuItem json = new MenuItem("Export Results as _JSON…");
        json.setOnAction(e -> export("json"));
        MenuItem quit = new MenuItem("_Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> getScene().getWindow().hide());
        shell.recentFiles().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        rebuildRecent();
        Menu file =
                new Menu(
                        "_File",
                        null,
                        open,
                        openModel,
                        recentMenu,
                        paste,
                        new SeparatorMenuItem(),
                        inspectModel,
                        inspectFile,
                        new SeparatorMenuItem(),
                        csv,
                        json,
                        new SeparatorMenuItem(),
                        quit);

        MenuItem copy = new MenuItem("_Copy Results");
        copy.setAccelerator(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN));
        copy.setOnAction(e -> copyResults());
        Menu edit = new Menu("_Edit", null, copy);

        CheckMenuItem crop = new CheckMenuItem("Outline Model _Crop");
        crop.setAccelerator(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN));
        crop.selectedProperty().bindBidirectional(canvasVm.showCropProperty());
        CheckMenuItem dark = new CheckMenuItem("_Dark Theme");
        dark.setAccelerator(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN));
        dark.selectedProperty().bindBidirectional(shell.darkProperty());
        MenuItem next = new MenuItem("_Next Image\t→ / PgDn");
        next.setOnAction(e -> session.next());
        MenuItem prev = new MenuItem("_Previous Image\t← / PgUp");
        prev.setOnAction(e -> session.previous());
        Menu view = new Menu("_View", null, crop, dark, new SeparatorMenuItem(), next, prev);
        viewMenu = view;

        library.entries().addListener((ListChangeListener<ModelEntry>) c -> rebuildModels());
        rebuildModels();
        MenuBar bar = new MenuBar(file, edit, view, modelsMenu);
        bar.setId("menu-bar");
        return bar;
    }

    private ToolBar toolBar() {
        Button open = new Button("Open images…");
        open.setOnAction(e -> openImages());
        open.setTooltip(
                new Tooltip("Open image files (Ctrl+O); or drop files, a folder or a web image"));
        Button paste = new Button("Paste");
        paste.setTooltip(new Tooltip("Paste an image, files or an image URL (Ctrl+V)"));
        paste.setOnAction(
                e -> {
                    if (!canvas.paste()) {
                        shell.notify("The clipboard holds no image, file or image URL.");
                    }
                });
        ToggleButton crop = new ToggleButton("Show model crop");
        crop.setId("toggle-crop");
        crop.setTooltip(new Tooltip("Outline the region the model actually sees (Ctrl+K)"));
        crop.selectedProperty().bindBidirectional(canvasVm.showCropProperty());
        ToggleButton dark = new ToggleButton("Dark theme");
        dark.setId("toggle-dark");
        dark.setTooltip(new Tooltip("Light or dark theme (Ctrl+D)"));
        dark.selectedProperty().bindBidirectional(shell.darkProperty());
        javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(open, paste, new Separator(), crop, spacer, dark);
        bar.setId("tool-bar");
        toolBar = bar;
        return bar;
    }

    private void rebuildModels() {
        modelsMenu.getItems().clear();
        List<ModelEntry> present = library.entries().stream().filter(ModelEntry::present).toList();
        for (int i = 0; i < present.size(); i++) {
            ModelEntry e = present.get(i);
            MenuItem item = new MenuItem(e.id());
            if (i < 9) {
                item.setAccelerator(
                        new KeyCodeCombination(
                                KeyCode.valueOf("DIGIT" + (i + 1)), KeyCombination.SHORTCUT_DOWN));
            }
            item.setOnAction(a -> library.select(e));
            modelsMenu.getItems().add(item);
        }
        if (present.isEmpty()) {
            MenuItem none = new MenuItem("No models found");
            none.setDisable(true);
            modelsMenu.getItems().add(none);
        }
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : shell.recentFiles()) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> session.addFiles(List.of(p)));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(shell.recentFiles().isEmpty());
    }

    private void navigationKeys(KeyEvent e) {
        if (getScene() != null && getScene().getFocusOwner() instanceof TextInputControl) {
            return;
        }
        switch (e.getCode()) {
            case RIGHT, PAGE_DOWN -> {
                session.next();
                e.consume();
            }
            case LEFT, PAGE_UP -> {
                session.previous();
                e.consume();
            }
            default -> {}
        }
    }

    /**
     * Puts the heatmap view over the canvas, shown while {@code shown} is true, with a toolbar
     * toggle and View > Heatmap (Ctrl+H).
     */
    public void installHeatmap(
            javafx.scene.Node heatmap, javafx.beans.property.BooleanProperty shown) {
        heatmap.visibleProperty().bind(shown);
        center.getChildren().add(heatmap);
        CheckMenuItem item = new CheckMenuItem("_Heatmap");
        item.setAccelerator(new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN));
        item.selectedProperty().bindBidirectional(shown);
        viewMenu.getItems().add(2, item);
        ToggleButton toggle = new ToggleButton("Heatmap");
        toggle.setId("toggle-heatmap");
        toggle.setTooltip(new Tooltip("Class activation map over the image (Ctrl+H)"));
        toggle.selectedProperty().bindBidirectional(shown);
        int after = -1;
        for (int i = 0; i < toolBar.getItems().size(); i++) {
            if ("toggle-crop".equals(toolBar.getItems().get(i).getId())) {
                after = i;
            }
        }
        toolBar.getItems().add(after + 1, toggle);
    }

    /**
     * Adds View > Compare Models… (Ctrl+Shift+M) and a toolbar button that call {@code open} (the
     * compare window is wired by the app).
     */
    public void installCompare(Runnable open) {
        MenuItem item = new MenuItem("_Compare Models…");
        item.setAccelerator(
                new KeyCodeCombination(
                        KeyCode.M, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        item.setOnAction(e -> open.run());
        viewMenu.getItems().add(new SeparatorMenuItem());
        viewMenu.getItems().add(item);
        javafx.scene.control.Button button = new javafx.scene.control.Button("Compare");
        button.setId("open-compare");
        button.setTooltip(new Tooltip("Compare 2–4 models side by side (Ctrl+Shift+M)"));
        button.setOnAction(e -> open.run());
        toolBar.getItems().add(button);
    }

    /** The inspector on the model in use, with its card figures. */
    public void inspectCurrentModel() {
        var model = session.modelProperty().get();
        if (model == null) {
            shell.notify("Pick a model first, or use File > Inspect ONNX File….");
            return;
        }
        inspector.inspect(model.info().file(), model.info().card());
    }

    /** The inspector on any ONNX file, classifier or not; nothing is loaded into the library. */
    public void inspectAnyFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Inspect an ONNX file");
        chooser.getExtensionFilters()
                .addAll(
                        new FileChooser.ExtensionFilter("ONNX models", "*.onnx"),
                        new FileChooser.ExtensionFilter("All files", "*.*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            inspector.inspect(file.toPath(), null);
        }
    }

    public void openImages() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open images");
        chooser.getExtensionFilters()
                .addAll(
                        new FileChooser.ExtensionFilter(
                                "Images",
                                SessionViewModel.IMAGE_EXTENSIONS.stream()
                                        .sorted()
                                        .map(x -> "*." + x)
                                        .toList()),
                        new FileChooser.ExtensionFilter("All files", "*.*"));
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null && !files.isEmpty()) {
            canvasVm.accept(
                    CanvasViewModel.Drop.ofFiles(files.stream().map(File::toPath).toList()));
        }
    }

    public void openModel() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open an ONNX model");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("ONNX models", "*.onnx"));
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null && !files.isEmpty()) {
            library.addModelFiles(files.stream().map(File::toPath).toList());
        }
    }

    private void export(String ext) {
        if (session.results().isEmpty()) {
            shell.notify("Nothing to export yet: classify some images first.");
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export results");
        chooser.setInitialFileName("resnext-results." + ext);
        chooser.getExtensionFilters()
                .add(
                        new FileChooser.ExtensionFilter(
                                ext.toUpperCase(java.util.Locale.ROOT), "*." + ext));
        File f = chooser.showSaveDialog(window());
        if (f != null) {
            shell.export(f.toPath());
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    public void copyResults() {
        String text = predictions.asText();
        if (text.isEmpty()) {
            shell.notify("No results to copy yet.");
            return;
        }
        copy(text);
    }

    private void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
        shell.notify("Copied to the clipboard.");
    }

    public CanvasView canvas() {
        return canvas;
    }
}
