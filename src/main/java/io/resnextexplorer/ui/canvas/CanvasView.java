package io.resnextexplorer.ui.canvas;

import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * The image canvas: the current image fitted, the model's crop outlined on request, an inline error
 * for an image that failed, a drop hint when empty. Drag-and-drop only converts the Dragboard to a
 * {@link CanvasViewModel.Drop}.
 */
public final class CanvasView extends StackPane {
    public static final String STYLE_CLASS = "image-canvas";
    public static final String DRAG_OVER = "drag-over";

    private final CanvasViewModel vm;
    private final ImageView imageView = new ImageView();
    private final Rectangle cropRect = new Rectangle();
    private final Label cropLabel = new Label("model input");
    private final Pane stage =
            new Pane() {
                @Override
                protected void layoutChildren() {
                    layoutImage(getWidth(), getHeight());
                }
            };

    /**
     * @param onOpen what the "Open images…" button of the empty canvas does
     */
    public CanvasView(CanvasViewModel vm, Runnable onOpen) {
        this.vm = vm;
        SessionViewModel s = vm.session();
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(Objects.requireNonNull(getClass().getResource("canvas.css")).toExternalForm());
        setId("canvas");

        imageView.setPreserveRatio(true);
        imageView.setSmooth(true);
        // The model's own input (224x224 after resize and crop) replaces the picture on request,
        // drawn with hard pixel edges so what is shown is exactly what the model gets.
        imageView
                .imageProperty()
                .bind(
                        Bindings.when(s.showInputProperty())
                                .then(s.inputDisplayProperty())
                                .otherwise(s.pictureProperty()));
        imageView.smoothProperty().bind(s.showInputProperty().not());
        Label inputLabel = new Label();
        inputLabel.setId("model-input-label");
        inputLabel.getStyleClass().add("crop-label");
        inputLabel.setMouseTransparent(true);
        inputLabel
                .textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> {
                                    Image in = s.inputPictureProperty().get();
                                    return in == null
                                            ? ""
                                            : "model input "
                                                    + (int) in.getWidth()
                                                    + " × "
                                                    + (int) in.getHeight()
                                                    + ": resized + center-cropped, before"
                                                    + " normalisation";
                                },
                                s.inputPictureProperty()));
        inputLabel
                .visibleProperty()
                .bind(s.showInputProperty().and(s.inputPictureProperty().isNotNull()));
        StackPane.setAlignment(inputLabel, Pos.TOP_LEFT);
        inputLabel.setTranslateX(12);
        inputLabel.setTranslateY(12);
        cropRect.getStyleClass().add("crop-outline");
        cropRect.setMouseTransparent(true);
        cropLabel.getStyleClass().add("crop-label");
        cropLabel.setMouseTransparent(true);
        cropRect.visibleProperty()
                .bind(
                        vm.showCropProperty()
                                .and(s.cropProperty().isNotNull())
                                .and(s.pictureProperty().isNotNull())
                                .and(s.showInputProperty().not()));
        cropLabel.visibleProperty().bind(cropRect.visibleProperty());
        stage.getChildren().addAll(imageView, cropRect, cropLabel);
        stage.setMinSize(0, 0);
        s.cropProperty().addListener((o, a, b) -> stage.requestLayout());
        s.pictureProperty().addListener((o, a, b) -> stage.requestLayout());
        imageView.imageProperty().addListener((o, a, b) -> stage.requestLayout());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("canvas-spinner");
        spinner.setMaxSize(48, 48);
        spinner.visibleProperty().bind(s.busyProperty().and(s.errorProperty().isEmpty()));
        spinner.setMouseTransparent(true);

        Label errorTitle = new Label();
        errorTitle.getStyleClass().add("error-title");
        errorTitle
                .textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        s.currentProperty().get() == null
                                                ? ""
                                                : "Cannot classify "
                                                        + s.currentProperty().get().name(),
                                s.currentProperty()));
        Label errorText = new Label();
        errorText.setId("canvas-error");
        errorText.getStyleClass().add("error-text");
        errorText.setWrapText(true);
        errorText.textProperty().bind(s.errorProperty());
        Label errorHint =
                new Label("The other images keep working. Drop another file or pick one below.");
        errorHint.getStyleClass().add("error-hint");
        errorHint.setWrapText(true);
        VBox errorCard = new VBox(6, errorTitle, errorText, errorHint);
        errorCard.getStyleClass().add("error-card");
        errorCard.setId("canvas-error-card");
        errorCard.setMaxSize(460, VBox.USE_PREF_SIZE);
        errorCard.visibleProperty().bind(s.errorProperty().isNotEmpty());

        Label dropTitle = new Label("Drop images here");
        dropTitle.getStyleClass().add("drop-title");
        Label dropText =
                new Label(
                        "Files, a folder, or an image dragged from a web browser. Paste with Ctrl+V.");
        dropText.getStyleClass().add("drop-text");
        dropText.setWrapText(true);
        Button open = new Button("Open images…");
        open.setId("canvas-open");
        open.setOnAction(e -> onOpen.run());
        VBox empty = new VBox(10, dropTitle, dropText, open);
        empty.setAlignment(Pos.CENTER);
        empty.getStyleClass().add("drop-hint");
        empty.setMaxSize(420, VBox.USE_PREF_SIZE);
        empty.visibleProperty().bind(s.currentProperty().isNull());

        getChildren().addAll(stage, inputLabel, spinner, errorCard, empty);
        setMinSize(200, 200);

        setOnDragOver(this::onDragOver);
        setOnDragExited(e -> getStyleClass().remove(DRAG_OVER));
        setOnDragDropped(this::onDragDropped);
    }

    private void layoutImage(double w, double h) {
        Image img = imageView.getImage();
        if (img == null || w <= 0 || h <= 0) {
            return;
        }
        double pad = 12;
        double aw = Math.max(1, w - 2 * pad);
        double ah = Math.max(1, h - 2 * pad);
        double scale = Math.min(aw / img.getWidth(), ah / img.getHeight());
        if (!vm.session().showInputProperty().get()) {
            scale = Math.min(scale, 4.0); // do not blow tiny images up into blur
        }
        double iw = img.getWidth() * scale;
        double ih = img.getHeight() * scale;
        double ox = (w - iw) / 2;
        double oy = (h - ih) / 2;
        imageView.setFitWidth(iw);
        imageView.setFitHeight(ih);
        imageView.relocate(ox, oy);
        CropBox box = vm.session().cropProperty().get();
        if (box != null) {
            cropRect.setX(ox + box.x() * scale);
            cropRect.setY(oy + box.y() * scale);
            cropRect.setWidth(box.width() * scale);
            cropRect.setHeight(box.height() * scale);
            cropLabel.autosize();
            cropLabel.relocate(ox + box.x() * scale + 4, oy + box.y() * scale + 4);
        }
    }

    /** Makes another node (the whole window, the empty state) a drop target like the canvas. */
    public void acceptDropsOn(javafx.scene.Node node) {
        node.addEventHandler(DragEvent.DRAG_OVER, this::onDragOver);
        node.addEventHandler(DragEvent.DRAG_DROPPED, this::onDragDropped);
    }

    private void onDragOver(DragEvent e) {
        if (e.isConsumed()) {
            return;
        }
        Dragboard db = e.getDragboard();
        if (e.getGestureSource() != this
                && (db.hasFiles()
                        || db.hasUrl()
                        || db.hasImage()
                        || imageBytesFormat(db) != null)) {
            e.acceptTransferModes(TransferMode.COPY);
            if (!getStyleClass().contains(DRAG_OVER)) {
                getStyleClass().add(DRAG_OVER);
            }
        }
        e.consume();
    }

    private void onDragDropped(DragEvent e) {
        if (e.isConsumed()) {
            return;
        }
        boolean ok = vm.accept(toDrop(e.getDragboard()));
        getStyleClass().remove(DRAG_OVER);
        e.setDropCompleted(ok);
        e.consume();
    }

    /** Converts what a drag or the clipboard carries; files first, then a URL, then raw data. */
    public static CanvasViewModel.Drop toDrop(Clipboard cb) {
        List<Path> files =
                cb.hasFiles() ? cb.getFiles().stream().map(File::toPath).toList() : List.of();
        // A URL, else plain text: a path or a file:// URI copied from a terminal or file manager.
        String url = cb.hasUrl() ? cb.getUrl() : cb.hasString() ? cb.getString() : null;
        byte[] bytes = null;
        String name = null;
        DataFormat f = imageBytesFormat(cb);
        if (f != null) {
            Object content = cb.getContent(f);
            if (content instanceof ByteBuffer bb) {
                bytes = new byte[bb.remaining()];
                bb.get(bytes);
            } else if (content instanceof byte[] b) {
                bytes = b;
            }
            name = "dropped." + f.getIdentifiers().iterator().next().substring("image/".length());
        }
        Image image = cb.hasImage() && bytes == null ? cb.getImage() : null;
        return new CanvasViewModel.Drop(files, url, bytes, name, image);
    }

    private static DataFormat imageBytesFormat(Clipboard cb) {
        for (DataFormat f : cb.getContentTypes()) {
            for (String id : f.getIdentifiers()) {
                if (id.startsWith("image/")) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Ctrl+V: whatever the system clipboard holds. */
    public boolean paste() {
        return vm.accept(toDrop(Clipboard.getSystemClipboard()));
    }
}
