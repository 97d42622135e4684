package io.resnextexplorer.ui.compare;

import io.resnextexplorer.model.Prediction;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.image.Image;

/** One model's column in the one-image comparison: what the view binds to. */
public final class CompareColumn {
    private final String model;
    private final String weights;
    private final boolean untrained;
    private final StringProperty status = new SimpleStringProperty("running…");
    private final ObjectProperty<List<Prediction>> top = new SimpleObjectProperty<>(List.of());
    private final StringProperty latency = new SimpleStringProperty("");
    private final ObjectProperty<Image> picture = new SimpleObjectProperty<>();
    private final StringProperty heatmapNote = new SimpleStringProperty("");

    CompareColumn(String model, String weights, boolean untrained) {
        this.model = model;
        this.weights = weights;
        this.untrained = untrained;
    }

    public String model() {
        return model;
    }

    public String weights() {
        return weights;
    }

    public boolean untrained() {
        return untrained;
    }

    /** "running…", "" when done, or the error. */
    public StringProperty statusProperty() {
        return status;
    }

    public ObjectProperty<List<Prediction>> topProperty() {
        return top;
    }

    public StringProperty latencyProperty() {
        return latency;
    }

    /** The image with this model's heatmap over its crop (the plain image until it is drawn). */
    public ObjectProperty<Image> pictureProperty() {
        return picture;
    }

    /** Why there is no heatmap, or what it shows. */
    public StringProperty heatmapNoteProperty() {
        return heatmapNote;
    }
}
