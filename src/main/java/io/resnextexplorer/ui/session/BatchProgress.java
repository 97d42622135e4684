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
    private BatchRunner.Batch batch; // FX thread only

    /**
     * @param onDecoded told on the worker thread of each decoded image (for thumbnails)
     */
    BatchProgress(UiContext ctx, BiConsumer<SessionImage, DecodedPicture> onDecoded) {
        this.ctx = ctx;
        this.core = ctx.core();
        this.runner = new BatchRunner(core, ctx.background());
        this.onDecoded = onDecoded;
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

    /** Supersedes the running batch with one over what {@code images} still lack. */
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
        done.set(0);
        total.set(todo.size());
        running.set(!todo.isEmpty());
        if (todo.isEmpty()) {
            runner.cancel();
            batch = null;
            return;
        }
        BatchRunner.Batch mine =
                runner.run(
                        todo.stream().map(SessionImage::source).toList(),
                        m == null ? List.of() : List.of(m),
                        SessionViewModel.TOP_K,
                        new Events(todo, m == null));
        batch = mine;
        mine.finished().thenRun(() -> ctx.fx().execute(() -> ended(mine)));
    }

    /** Stops after the image in progress; the rest stay unclassified until shown. */
    void cancel() {
        runner.cancel();
        batch = null;
        running.set(false);
    }

    private void ended(BatchRunner.Batch b) {
        if (batch == b) {
            running.set(false);
        }
    }

    private void counted() {
        done.set(Math.min(total.get(), done.get() + 1));
    }

    /** The runner's events (worker threads) as status changes (FX thread). */
    private final class Events implements BatchRunner.Listener {
        private final List<SessionImage> todo;
        private final boolean decodeOnly;

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
                                    counted(); // with a model, its result counts the image
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
                                    img.setDone(SessionViewModel.top1Text(r));
                                } else {
                                    img.setError(r.error());
                                }
                                counted();
                            });
        }
    }
}
