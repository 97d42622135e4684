package io.resnextexplorer.ui.predictions;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.ui.session.SessionViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The top-5 bars of the current image and the active model, plus the untrained warning. */
public final class PredictionsViewModel {
    private final SessionViewModel session;
    private final ObservableList<PredictionRow> rows = FXCollections.observableArrayList();
    private final BooleanBinding untrained;
    private final StringBinding placeholder;

    public PredictionsViewModel(SessionViewModel session) {
        this.session = session;
        session.resultProperty().addListener((obs, old, now) -> update(now));
        update(session.resultProperty().get());
        untrained =
                Bindings.createBooleanBinding(
                        () -> {
                            LoadedModel m = session.modelProperty().get();
                            return m != null && m.info().weights().untrained();
                        },
                        session.modelProperty());
        placeholder =
                Bindings.createStringBinding(
                        () -> {
                            if (session.modelProperty().get() == null) {
                                return "No model loaded";
                            }
                            if (session.currentProperty().get() == null) {
                                return "Drop an image to see the top-5 classes";
                            }
                            if (!session.errorProperty().get().isEmpty()) {
                                return "No result for this image";
                            }
                            return session.busyProperty().get() ? "Classifying…" : "";
                        },
                        session.modelProperty(),
                        session.currentProperty(),
                        session.errorProperty(),
                        session.busyProperty());
    }

    private void update(ImageResult r) {
        if (r == null || !r.ok()) {
            rows.clear();
            return;
        }
        Classification c = r.classification();
        var list = new java.util.ArrayList<PredictionRow>();
        int rank = 1;
        for (Prediction p : c.top()) {
            list.add(
                    new PredictionRow(
                            rank, p.label(), p.probability(), p.index(), p.logit(), rank == 1));
            rank++;
        }
        rows.setAll(list);
    }

    private java.util.function.IntConsumer onChoose = i -> {};

    /** What a click on a bar does with its class index (the heatmap view shows its CAM). */
    public void setOnChoose(java.util.function.IntConsumer onChoose) {
        this.onChoose = onChoose;
    }

    /** A bar was clicked. */
    public void choose(int classIndex) {
        onChoose.accept(classIndex);
    }

    public ObservableList<PredictionRow> rows() {
        return rows;
    }

    /** The active model has random-init weights: its bars are not predictions. */
    public BooleanBinding untrainedProperty() {
        return untrained;
    }

    /** What to show instead of bars (no model, no image, working), or empty. */
    public StringBinding placeholderProperty() {
        return placeholder;
    }

    /** Tab-separated text of the bars, for the clipboard. */
    public String asText() {
        return session.currentResultText();
    }
}
