package io.resnextexplorer.ui.predictions;

import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ClassMatch;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.session.SessionImage;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The top-5 bars of the current image and the active model, plus the untrained warning; on request,
 * more classes (top-k beyond 5) and any class found by name with its probability and rank. The
 * extra classes come from the session core (one cached run that ranks every class), on the
 * background executor.
 */
public final class PredictionsViewModel {
    /** The choices offered for "top k". */
    public static final List<Integer> TOP_K_CHOICES = List.of(5, 10, 20, 50, 100);

    private static final int MAX_MATCHES = 30;

    private final SessionViewModel session;
    private final UiContext ctx;
    private final ObservableList<PredictionRow> rows = FXCollections.observableArrayList();
    private final ObservableList<PredictionRow> moreRows = FXCollections.observableArrayList();
    private final ObservableList<PredictionRow> matches = FXCollections.observableArrayList();
    private final IntegerProperty topK = new SimpleIntegerProperty(5);
    private final StringProperty query = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper("");
    private final BooleanBinding untrained;
    private final StringBinding placeholder;
    private long extraGeneration; // FX thread only

    public PredictionsViewModel(SessionViewModel session, UiContext ctx) {
        this.session = session;
        this.ctx = ctx;
        session.resultProperty()
                .addListener(
                        (obs, old, now) -> {
                            update(now);
                            refreshExtra();
                        });
        update(session.resultProperty().get());
        topK.addListener((obs, old, now) -> refreshExtra());
        query.addListener((obs, old, now) -> refreshExtra());
        untrained =
                Bindings.createBooleanBinding(
                        () -> {
                            LoadedModel m = session.modelProperty().get();
                            return m != null
                                    && session.loadingModelProperty().get().isEmpty()
                                    && m.info().weights().untrained();
                        },
                        session.modelProperty(),
                        session.loadingModelProperty());
        placeholder =
                Bindings.createStringBinding(
                        () -> {
                            String loading = session.loadingModelProperty().get();
                            if (!loading.isEmpty()) {
                                return "loading " + loading + "…";
                            }
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
                        session.loadingModelProperty(),
                        session.currentProperty(),
                        session.errorProperty(),
                        session.busyProperty());
    }

    private void update(ImageResult r) {
        if (r == null || !r.ok()) {
            rows.clear();
            return;
        }
        rows.setAll(rowsOf(r.classification().top(), 1));
    }

    private static List<PredictionRow> rowsOf(List<Prediction> top, int firstRank) {
        List<PredictionRow> list = new ArrayList<>();
        int rank = firstRank;
        for (Prediction p : top) {
            list.add(
                    new PredictionRow(
                            rank, p.label(), p.probability(), p.index(), p.logit(), rank == 1));
            rank++;
        }
        return list;
    }

    /** Classes 6..k and the name search, for the current result; the newest request wins. */
    private void refreshExtra() {
        long gen = ++extraGeneration;
        ImageResult r = session.resultProperty().get();
        SessionImage img = session.currentProperty().get();
        LoadedModel m = session.modelProperty().get();
        int k = topK.get();
        String q = query.get() == null ? "" : query.get().strip();
        if (r == null || img == null || m == null) {
            moreRows.clear();
            matches.clear();
            searchStatus.set(q.isEmpty() ? "" : "No result to search yet.");
            return;
        }
        if (k <= r.classification().top().size()) {
            moreRows.clear();
        }
        if (q.isEmpty()) {
            matches.clear();
            searchStatus.set("");
        }
        if (k <= r.classification().top().size() && q.isEmpty()) {
            return;
        }
        ImageSource source = img.source();
        try {
            ctx.background()
                    .execute(
                            () -> {
                                List<Prediction> more =
                                        k > 5
                                                ? top(ctx.core().classify(source, m, k, false))
                                                : List.of();
                                List<ClassMatch> found =
                                        q.isEmpty()
                                                ? List.of()
                                                : ctx.core().findClasses(source, m, q, MAX_MATCHES);
                                ctx.fx().execute(() -> showExtra(gen, more, found, q));
                            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static List<Prediction> top(ImageResult r) {
        return r.ok() ? r.classification().top() : List.of();
    }

    private void showExtra(long gen, List<Prediction> more, List<ClassMatch> found, String q) {
        if (gen != extraGeneration) {
            return;
        }
        moreRows.setAll(more.size() > 5 ? rowsOf(more.subList(5, more.size()), 6) : List.of());
        if (q.isEmpty()) {
            return;
        }
        if (found == null) {
            matches.clear();
            searchStatus.set("This image has no result to search.");
            return;
        }
        List<PredictionRow> list = new ArrayList<>();
        for (ClassMatch c : found) {
            Prediction p = c.prediction();
            list.add(
                    new PredictionRow(
                            c.rank(),
                            p.label(),
                            p.probability(),
                            p.index(),
                            p.logit(),
                            c.rank() == 1));
        }
        matches.setAll(list);
        searchStatus.set(
                list.isEmpty()
                        ? "No class name contains \"" + q + "\"."
                        : list.size() == MAX_MATCHES
                                ? "The first " + MAX_MATCHES + " matches, most probable first."
                                : list.size() + (list.size() == 1 ? " class" : " classes"));
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

    /** Ranks 6..k of the current result when {@link #topKProperty()} is above 5. */
    public ObservableList<PredictionRow> moreRows() {
        return moreRows;
    }

    /** How many classes to list (5 = the bars only). */
    public IntegerProperty topKProperty() {
        return topK;
    }

    /** Part of a class name (or a class index) to look up in the current result. */
    public StringProperty queryProperty() {
        return query;
    }

    /** The classes whose name contains the query, with their rank and probability. */
    public ObservableList<PredictionRow> matches() {
        return matches;
    }

    /** "3 classes", "No class name contains …", or empty. */
    public ReadOnlyStringProperty searchStatusProperty() {
        return searchStatus.getReadOnlyProperty();
    }

    /** The active model has random-init weights: its bars are not predictions. */
    public BooleanBinding untrainedProperty() {
        return untrained;
    }

    /** What to show instead of bars (no model, loading, no image, working), or empty. */
    public StringBinding placeholderProperty() {
        return placeholder;
    }

    /** Tab-separated text of the bars, for the clipboard. */
    public String asText() {
        return session.currentResultText();
    }
}
