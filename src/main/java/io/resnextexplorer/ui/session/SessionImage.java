package io.resnextexplorer.ui.session;

import io.resnextexplorer.session.ImageSource;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;

/**
 * One image of this session, as the strip and the canvas show it. Its properties change on the FX
 * thread only; {@link #source()} is fixed and safe to read anywhere.
 */
public final class SessionImage {
    /** Where the image is in its life. */
    public enum Status {
        PENDING,
        WORKING,
        DONE,
        ERROR
    }

    private final ImageSource source;
    private final java.util.concurrent.atomic.AtomicBoolean thumbnailClaimed =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final ReadOnlyObjectWrapper<Image> thumbnail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Status> status =
            new ReadOnlyObjectWrapper<>(Status.PENDING);
    private final ReadOnlyStringWrapper top1 = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyDoubleWrapper top1Probability =
            new javafx.beans.property.ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper similarity = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyDoubleWrapper similarityScore =
            new javafx.beans.property.ReadOnlyDoubleWrapper(Double.NaN);

    SessionImage(ImageSource source) {
        this.source = source;
    }

    public ImageSource source() {
        return source;
    }

    public String name() {
        return source.name();
    }

    public ReadOnlyObjectProperty<Image> thumbnailProperty() {
        return thumbnail.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "87.1% golden retriever" for the active model, or empty. */
    public ReadOnlyStringProperty top1Property() {
        return top1.getReadOnlyProperty();
    }

    /** Why this image could not be classified, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Size, format, file size and EXIF rotation once decoded, or empty. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The top-1 probability with the active model, 0..1, or NaN without a result. */
    public javafx.beans.property.ReadOnlyDoubleProperty top1ProbabilityProperty() {
        return top1Probability.getReadOnlyProperty();
    }

    public double top1Probability() {
        return top1Probability.get();
    }

    public String details() {
        return details.get();
    }

    /** "0.93" (cosine similarity to the image of the last "Find similar"), or empty. */
    public ReadOnlyStringProperty similarityProperty() {
        return similarity.getReadOnlyProperty();
    }

    public String similarity() {
        return similarity.get();
    }

    /** The cosine similarity of the last "Find similar", or NaN (sorts the strip's SIMILAR). */
    public javafx.beans.property.ReadOnlyDoubleProperty similarityScoreProperty() {
        return similarityScore.getReadOnlyProperty();
    }

    public double similarityScore() {
        return similarityScore.get();
    }

    void setSimilarity(String text, double score) {
        similarity.set(text);
        similarityScore.set(score);
    }

    public Status status() {
        return status.get();
    }

    public String top1() {
        return top1.get();
    }

    public String error() {
        return error.get();
    }

    void setThumbnail(Image img) {
        thumbnail.set(img);
    }

    void setDetails(String text) {
        details.set(text);
    }

    void setPending() {
        if (status.get() != Status.ERROR) {
            status.set(Status.PENDING);
            top1.set("");
            top1Probability.set(Double.NaN);
        }
    }

    /** Back to "not classified" for a new model, whatever the previous model made of it. */
    void reset() {
        error.set("");
        top1.set("");
        top1Probability.set(Double.NaN);
        status.set(Status.PENDING);
    }

    void setWorking() {
        if (status.get() != Status.ERROR) {
            status.set(Status.WORKING);
        }
    }

    void setDone(String top1Text, double probability) {
        error.set("");
        top1.set(top1Text);
        top1Probability.set(probability);
        status.set(Status.DONE);
    }

    void setError(String message) {
        top1.set("");
        top1Probability.set(Double.NaN);
        error.set(message);
        status.set(Status.ERROR);
    }

    /** True for the first caller only: that one makes the thumbnail (any thread). */
    boolean claimThumbnail() {
        return thumbnailClaimed.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return name();
    }
}
