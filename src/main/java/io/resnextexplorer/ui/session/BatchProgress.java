package io.resnextexplorer.ui.session;

import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.BatchRunner;
import io.resnextexplorer.session.DecodedPicture;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.UiContext;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * The strip's batch as the window shows it: how many of the images still to do are done, and
 * whether it runs. The work is the core's {@link BatchRunner}; this class starts it for the images
 * that have no result with the active model (or, without a model, no thumbnail) and turns its
 * events into each {@link SessionImage}'s status, on the FX thread.
 */
public final class BatchProgress {
    private final UiContext ctx;
    private final SessionCore core;
    private final BatchRunner runner;
    private final BiConsumer<SessionImage, DecodedPicture> onDecoded;
    private final ReadOnlyIntegerWrapper done = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final DoubleBinding progress =
            Bindings.createDoubleBinding(
                    () -> total.get() == 0 ? 0.0 : (double) done.get() / total.get(), done, total);
    private final javafx.beans.property.ReadOnlyObjectWrapper<Phase> phase =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(Phase.IDLE);
    private final javafx.beans.property.ReadOnlyStringWrapper waitingFor =
            new javafx.beans.property.ReadOnlyStringWrapper("");
    private final javafx.beans.binding.StringBinding text;
    private BatchRunner.Batch batch; // FX thread only
    private io.resnextexplorer.model.ModelKey batchModel; // FX thread only

    /** What the batch is doing; phases only move forward until the next model or drop. */
    public enum Phase {
        /** Nothing to do. */
        IDLE,
        /** A model is loading; the images wait for it. */
        LOADING_MODEL,
        /** No model: images are only decoded (thumbnails). */
        READING,
        /** Images are run through the active model. */
        CLASSIFYING
    }

    /**
     * @param onDecoded told on the worker thread of each decoded image (for thumbnails)
     */
    BatchProgress(UiContext ctx, BiConsumer<SessionImage, DecodedPicture> onDecoded) {
        this.ctx = ctx;
        this.core = ctx.core();
        this.runner = new BatchRunner(core, ctx.background());
        this.onDecoded = onDecoded;
        this.text =
                Bindings.createStringBinding(
                        () ->
                                switch (phase.get()) {
                                    case IDLE -> "";
                                    case LOADING_MODEL -> "loading " + waitingFor.get() + "…";
                                    case READING ->
                                            "reading images " + done.get() + " / " + total.get();
                                    case CLASSIFYING ->
                                            "classifying " + done.get() + " / " + total.get();
                                },
                        phase,
                        waitingFor,
                        done,
                        total);
    }

    public javafx.beans.property.ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The phase in words with its count: "loading resnext101_32x8d…", "classifying 3 / 10". */
    public javafx.beans.binding.StringBinding textProperty() {
        return text;
    }

    public ReadOnlyIntegerProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Batch progress, 0..1. */
    public DoubleBinding progress() {
        return progress;
    }

    /** Stops the batch: a model is loading, and the images wait for it. */
    void waitForModel(String id) {
        runner.cancel();
        batch = null;
        batchModel = null;
        running.set(false);
        done.set(0);
        total.set(0);
        waitingFor.set(id);
        phase.set(Phase.LOADING_MODEL);
    }

    /**
     * Supersedes the running batch with one over what {@code images} still lack. With the same
     * model still running (more images dropped), the count goes on from where it was instead of
     * starting again at 0: progress only moves forward.
     */
    void start(List<SessionImage> images, LoadedModel m) {
        List<SessionImage> todo =
                images.stream()
                        .filter(img -> core.decodeCache().failure(img.source()) == null)
                        .filter(
                                img ->
                                        m == null
                                                ? img.thumbnailProperty().get() == null
                                                : core.cached(img.source(), m.key()) == null)
                        .toList();
        Phase next = m == null ? Phase.READING : Phase.CLASSIFYING;
        io.resnextexplorer.model.ModelKey key = m == null ? null : m.key();
        boolean goesOn =
                running.get() && phase.get() == next && java.util.Objects.equals(key, batchModel);
        int carried = goesOn ? done.get() : 0;
        done.set(carried);
        total.set(carried + todo.size());
        running.set(!todo.isEmpty());
        batchModel = key;
        if (todo.isEmpty()) {
            runner.cancel();
            batch = null;
            phase.set(Phase.IDLE);
            return;
        }
        phase.set(next);
        Events events = new Events(todo, m == null);
        BatchRunner.Batch mine =
                runner.run(
                        todo.stream().map(SessionImage::source).toList(),
                        m == null ? List.of() : List.of(m),
                        SessionViewModel.TOP_K,
                        events);
        batch = mine;
        events.batch = mine;
        mine.finished().thenRun(() -> ctx.fx().execute(() -> ended(mine)));
    }

    /** Stops after the image in progress; the rest stay unclassified until shown. */
    void cancel() {
        runner.cancel();
        batch = null;
        running.set(false);
        if (phase.get() != Phase.LOADING_MODEL) {
            phase.set(Phase.IDLE);
        }
    }

    private void ended(BatchRunner.Batch b) {
        if (batch == b) {
            running.set(false);
            phase.set(Phase.IDLE);
        }
    }

    /** Counts one image of batch {@code b}; a superseded batch's late events count no more. */
    private void counted(BatchRunner.Batch b) {
        if (b != null && b == batch) {
            done.set(Math.min(total.get(), done.get() + 1));
        }
    }

    /** The runner's events (worker threads) as status changes (FX thread). */
    private final class Events implements BatchRunner.Listener {
        private final List<SessionImage> todo;
        private final boolean decodeOnly;
        volatile BatchRunner.Batch batch; // set right after the runner accepted it

        Events(List<SessionImage> todo, boolean decodeOnly) {
            this.todo = todo;
            this.decodeOnly = decodeOnly;
        }

        @Override
        public void onDecoded(int i, DecodedPicture p, String error) {
            SessionImage img = todo.get(i);
            if (p != null) {
                onDecoded.accept(img, p);
            }
            ctx.fx()
                    .execute(
                            () -> {
                                if (p == null) {
                                    img.setError(error);
                                } else if (decodeOnly) {
                                    img.setPending();
                                } else {
                                    img.setWorking();
                                }
                                if (decodeOnly) {
                                    counted(batch); // with a model, its result counts the image
                                }
                            });
        }

        @Override
        public void onResult(int index, ImageResult r, int n) {
            SessionImage img = todo.get(index);
            ctx.fx()
                    .execute(
                            () -> {
                                if (r.ok()) {
                                    img.setDone(
                                            SessionViewModel.top1Text(r),
                                            SessionViewModel.top1Probability(r));
                                } else {
                                    img.setError(r.error());
                                }
                                counted(batch);
                            });
        }
    }
}
