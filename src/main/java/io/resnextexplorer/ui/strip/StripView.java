package io.resnextexplorer.ui.strip;

import io.resnextexplorer.ui.session.SessionImage;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The session's images as a horizontal strip; each shows its top-1 or its error. */
public final class StripView extends ListView<SessionImage> {
    public static final String STYLE_CLASS = "image-strip";

    /** Strip height with full-size thumbnails, and the smallest one (short windows). */
    public static final double HEIGHT = 164;

    public static final double MIN_HEIGHT = 118;

    private boolean syncing;
    private final javafx.beans.property.DoubleProperty stripHeight =
            new javafx.beans.property.SimpleDoubleProperty(HEIGHT);
    // 0 at MIN_HEIGHT .. 1 at HEIGHT: how large thumbnails are drawn.
    private final javafx.beans.binding.DoubleBinding scale =
            javafx.beans.binding.Bindings.createDoubleBinding(
                    () ->
                            Math.max(
                                    0,
                                    Math.min(
                                            1,
                                            (stripHeight.get() - MIN_HEIGHT)
                                                    / (HEIGHT - MIN_HEIGHT))),
                    stripHeight);

    public StripView(SessionViewModel session) {
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(Objects.requireNonNull(getClass().getResource("strip.css")).toExternalForm());
        setId("strip");
        setOrientation(Orientation.HORIZONTAL);
        setItems(session.visibleImages());
        setCellFactory(v -> new ImageCell(session, scale));
        prefHeightProperty().bind(stripHeight);
        minHeightProperty().bind(prefHeightProperty());
        setFocusTraversable(false);
        getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (!syncing && now != null) {
                                session.select(now);
                            }
                        });
        session.currentProperty().addListener((obs, old, now) -> sync(session));
        // Sorting or filtering moves the current image: keep it highlighted.
        session.visibleImages()
                .addListener(
                        (javafx.collections.ListChangeListener<SessionImage>)
                                c -> javafx.application.Platform.runLater(() -> sync(session)));
    }

    private void sync(SessionViewModel session) {
        syncing = true;
        SessionImage now = session.currentProperty().get();
        int i = now == null ? -1 : getItems().indexOf(now);
        if (i >= 0) {
            if (getSelectionModel().getSelectedIndex() != i) {
                getSelectionModel().select(i);
                scrollTo(Math.max(0, i - 2));
            }
        } else {
            getSelectionModel().clearSelection();
        }
        syncing = false;
    }

    /**
     * The strip's height, {@link #MIN_HEIGHT}..{@link #HEIGHT} pixels; thumbnails scale with it (a
     * short window gives the image and the bars more room).
     */
    public javafx.beans.property.DoubleProperty stripHeightProperty() {
        return stripHeight;
    }

    /** "Not an image: it looks like a text file" rather than repeating the file name. */
    static String shortError(SessionImage img) {
        String e = img.error();
        String prefix = "The file '" + img.name() + "' ";
        if (e.startsWith(prefix)) {
            e = e.substring(prefix.length());
            if (e.startsWith("is ")) {
                e = e.substring(3);
            }
            if (!e.isEmpty()) {
                e = Character.toUpperCase(e.charAt(0)) + e.substring(1);
            }
        }
        return e;
    }

    private static final class ImageCell extends ListCell<SessionImage> {
        private final ImageView thumb = new ImageView();
        private final Label errorGlyph = new Label("⚠");
        private final Label caption = new Label();
        private final Label name = new Label();
        private final VBox box;
        private final javafx.beans.value.ChangeListener<SessionImage.Status> statusListener =
                (obs, old, now) -> toggleError(now == SessionImage.Status.ERROR);
        private SessionImage shown;
        // One tooltip per cell, re-used: a Tooltip is a popup window, costly to create per update.
        private final Tooltip tip = new Tooltip();
        private final SessionViewModel session;
        private final javafx.beans.value.ChangeListener<Object> tipListener =
                (obs, old, now) -> updateTip();

        ImageCell(SessionViewModel session, javafx.beans.binding.DoubleBinding scale) {
            this.session = session;
            javafx.scene.control.MenuItem similar =
                    new javafx.scene.control.MenuItem("Find similar");
            similar.setOnAction(e -> session.findSimilar(getItem()));
            setContextMenu(new javafx.scene.control.ContextMenu(similar));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            thumb.fitWidthProperty().bind(scale.multiply(32).add(72));
            thumb.fitHeightProperty().bind(scale.multiply(32).add(44));
            thumb.setPreserveRatio(true);
            errorGlyph.getStyleClass().add("thumb-error");
            errorGlyph.setVisible(false);
            StackPane frame = new StackPane(thumb, errorGlyph);
            frame.getStyleClass().add("thumb-frame");
            frame.minWidthProperty().bind(scale.multiply(32).add(80));
            frame.minHeightProperty().bind(scale.multiply(32).add(48));
            frame.maxWidthProperty().bind(frame.minWidthProperty());
            frame.maxHeightProperty().bind(frame.minHeightProperty());
            name.getStyleClass().add("thumb-name");
            caption.getStyleClass().add("thumb-caption");
            name.setMaxWidth(112);
            caption.setMaxWidth(112);
            caption.setWrapText(true);
            // Two lines at most (one when small); the tooltip has the rest.
            caption.maxHeightProperty().bind(scale.multiply(16).add(18));
            box = new VBox(3, frame, name, caption);
            box.setAlignment(Pos.TOP_CENTER);
            setPrefWidth(124);
        }

        @Override
        protected void updateItem(SessionImage img, boolean empty) {
            super.updateItem(img, empty);
            if (shown != null) {
                shown.statusProperty().removeListener(statusListener);
                shown.detailsProperty().removeListener(tipListener);
                shown.top1Property().removeListener(tipListener);
                shown = null;
            }
            thumb.imageProperty().unbind();
            caption.textProperty().unbind();
            if (empty || img == null) {
                toggleError(false);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            shown = img;
            img.statusProperty().addListener(statusListener);
            img.detailsProperty().addListener(tipListener);
            img.top1Property().addListener(tipListener);
            thumb.imageProperty().bind(img.thumbnailProperty());
            name.setText(img.name());
            caption.textProperty()
                    .bind(
                            Bindings.createStringBinding(
                                    () ->
                                            switch (img.status()) {
                                                case ERROR -> shortError(img);
                                                case DONE ->
                                                        img.similarity().isEmpty()
                                                                ? img.top1()
                                                                : "≈ "
                                                                        + img.similarity()
                                                                        + "  "
                                                                        + img.top1();
                                                case WORKING -> "classifying…";
                                                case PENDING ->
                                                        session.loadingModelProperty()
                                                                        .get()
                                                                        .isEmpty()
                                                                ? "waiting"
                                                                : "waits for model";
                                            },
                                    img.statusProperty(),
                                    img.top1Property(),
                                    img.errorProperty(),
                                    img.similarityProperty(),
                                    session.loadingModelProperty()));
            toggleError(img.status() == SessionImage.Status.ERROR);
            setTooltip(tip);
            setGraphic(box);
        }

        private void toggleError(boolean error) {
            caption.getStyleClass().remove("error");
            if (error) {
                caption.getStyleClass().add("error");
            }
            errorGlyph.setVisible(error);
            updateTip();
        }

        /** Name, then size, format, file size and EXIF rotation, then top-1 or the error. */
        private void updateTip() {
            SessionImage img = getItem();
            if (img == null) {
                return;
            }
            StringBuilder sb = new StringBuilder(img.name());
            if (!img.details().isEmpty()) {
                sb.append('\n').append(img.details());
            }
            if (img.status() == SessionImage.Status.ERROR) {
                sb.append('\n').append(img.error());
            } else if (!img.top1().isEmpty()) {
                sb.append("\ntop-1: ").append(img.top1());
            }
            tip.setText(sb.toString());
        }
    }
}
