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
    private boolean syncing;

    public StripView(SessionViewModel session) {
        getStyleClass().add(STYLE_CLASS);
        getStylesheets()
                .add(Objects.requireNonNull(getClass().getResource("strip.css")).toExternalForm());
        setId("strip");
        setOrientation(Orientation.HORIZONTAL);
        setItems(session.images());
        setCellFactory(v -> new ImageCell(session));
        setPrefHeight(164);
        setMinHeight(164);
        setFocusTraversable(false);
        getSelectionModel()
                .selectedIndexProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (!syncing && now.intValue() >= 0) {
                                session.select(now.intValue());
                            }
                        });
        session.currentIndexProperty()
                .addListener(
                        (obs, old, now) -> {
                            syncing = true;
                            int i = now.intValue();
                            if (i >= 0) {
                                getSelectionModel().select(i);
                                scrollTo(Math.max(0, i - 2));
                            } else {
                                getSelectionModel().clearSelection();
                            }
                            syncing = false;
                        });
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

        ImageCell(SessionViewModel session) {
            javafx.scene.control.MenuItem similar =
                    new javafx.scene.control.MenuItem("Find similar");
            similar.setOnAction(e -> session.findSimilar(getItem()));
            setContextMenu(new javafx.scene.control.ContextMenu(similar));
            thumb.setFitWidth(104);
            thumb.setFitHeight(76);
            thumb.setPreserveRatio(true);
            errorGlyph.getStyleClass().add("thumb-error");
            errorGlyph.setVisible(false);
            StackPane frame = new StackPane(thumb, errorGlyph);
            frame.getStyleClass().add("thumb-frame");
            frame.setMinSize(112, 80);
            frame.setMaxSize(112, 80);
            name.getStyleClass().add("thumb-name");
            caption.getStyleClass().add("thumb-caption");
            name.setMaxWidth(112);
            caption.setMaxWidth(112);
            caption.setWrapText(true);
            caption.setMaxHeight(34); // two lines at most; the tooltip has the rest
            box = new VBox(3, frame, name, caption);
            box.setAlignment(Pos.TOP_CENTER);
            setPrefWidth(124);
        }

        @Override
        protected void updateItem(SessionImage img, boolean empty) {
            super.updateItem(img, empty);
            if (shown != null) {
                shown.statusProperty().removeListener(statusListener);
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
                                                case PENDING -> "waiting";
                                            },
                                    img.statusProperty(),
                                    img.top1Property(),
                                    img.similarityProperty(),
                                    img.errorProperty()));
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
            SessionImage img = getItem();
            if (img != null) {
                tip.setText(error ? img.name() + "\n" + img.error() : img.name());
            }
        }
    }
}
