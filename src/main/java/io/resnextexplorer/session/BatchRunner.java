package io.resnextexplorer.session;

import io.resnextexplorer.service.LoadedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs many images x one or more models on an executor: one item per task, each task scheduling the
 * next, so other work on the same executor (the image the user is looking at) never waits behind
 * the whole batch. A newer {@link #run} supersedes the batch before it, which stops after the item
 * in progress. A failed item is a result with an error; the batch goes on.
 */
public final class BatchRunner {
    private final SessionCore core;
    private final Executor executor;
    private final AtomicReference<Batch> current = new AtomicReference<>();

    /** Told of each result and of the end, on the worker thread that produced it. */
    public interface Listener {
        /**
         * @param index the item's place in {@link Batch#results()}
         * @param result the item's result (an error result when it failed)
         * @param done items finished so far, this one included
         */
        default void onResult(int index, ImageResult result, int done) {}

        /**
         * Image {@code image} was decoded (before its results), or could not be: then {@code
         * picture} is null and {@code error} says why. Lets a view make its thumbnails.
         */
        default void onDecoded(int image, DecodedPicture picture, String error) {}

        /** The batch ended: all items done, cancelled, or superseded. */
        default void onFinished(Batch batch) {}
    }

    public BatchRunner(SessionCore core, Executor executor) {
        this.core = core;
        this.executor = executor;
    }

    /**
     * Starts a batch and returns at once; supersedes (cancels) the one before.
     *
     * @param images in order
     * @param models in order; item {@code i * models.size() + m} is image i with model m
     * @param topK classes per result
     */
    public Batch run(
            List<ImageSource> images, List<LoadedModel> models, int topK, Listener listener) {
        return run(images, models, topK, true, listener);
    }

    /**
     * Like {@link #run(List, List, int, Listener)}; with {@code keep} false the results go to the
     * listener only: neither the batch ({@link Batch#results()} stays empty) nor the core's result
     * cache keeps them, so a pass over 50,000 images holds one result at a time.
     */
    public Batch run(
            List<ImageSource> images,
            List<LoadedModel> models,
            int topK,
            boolean keep,
            Listener listener) {
        Batch b = new Batch(List.copyOf(images), List.copyOf(models), topK, keep, listener);
        Batch before = current.getAndSet(b);
        if (before != null) {
            before.cancel();
        }
        b.schedule(0);
        return b;
    }

    /** Cancels the running batch, if any, after its item in progress. */
    public void cancel() {
        Batch b = current.get();
        if (b != null) {
            b.cancel();
        }
    }

    /** One run of images x models. */
    public final class Batch {
        private final List<ImageSource> images;
        private final List<LoadedModel> models;
        private final int topK;
        private final boolean keep;
        private final Listener listener;
        private final ImageResult[] results;
        private final int total;
        private final AtomicInteger done = new AtomicInteger();
        private final CompletableFuture<List<ImageResult>> finished = new CompletableFuture<>();
        private volatile boolean cancelled;

        private Batch(
                List<ImageSource> images,
                List<LoadedModel> models,
                int topK,
                boolean keep,
                Listener listener) {
            this.images = images;
            this.models = models;
            this.topK = topK;
            this.keep = keep;
            this.listener = listener;
            this.total = images.size() * models.size();
            this.results = new ImageResult[keep ? total : 0];
        }

        public int total() {
            return total;
        }

        public int done() {
            return done.get();
        }

        public boolean cancelled() {
            return cancelled;
        }

        /** Stops after the item in progress; {@link #finished()} then completes. */
        public void cancel() {
            cancelled = true;
        }

        /** The results so far in item order (null where not yet run). */
        public synchronized List<ImageResult> results() {
            return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(results)));
        }

        /** Completes with {@link #results()} when the batch ends, whether done or cancelled. */
        public CompletableFuture<List<ImageResult>> finished() {
            return finished;
        }

        private void schedule(int image) {
            if (image >= images.size() || cancelled) {
                finish();
                return;
            }
            try {
                executor.execute(() -> step(image));
            } catch (RejectedExecutionException e) {
                cancelled = true; // the app is closing
                finish();
            }
        }

        private void step(int i) {
            if (cancelled) {
                finish();
                return;
            }
            ImageSource image = images.get(i);
            DecodedPicture picture = null;
            try {
                picture = core.decode(image);
                listener.onDecoded(i, picture, null);
            } catch (ImageFailedException e) {
                listener.onDecoded(i, null, e.getMessage());
            }
            for (int m = 0; m < models.size() && !cancelled; m++) {
                int index = i * models.size() + m;
                // The picture decoded above serves every model: one decode per image, whatever
                // the decode cache can keep; a failed decode gives each model its failed result.
                ImageResult r;
                if (keep) {
                    r =
                            picture != null
                                    ? core.classify(picture, models.get(m), topK, false)
                                    : core.classify(image, models.get(m), topK, false);
                    synchronized (this) {
                        results[index] = r;
                    }
                } else {
                    r =
                            picture != null
                                    ? core.classifyOnce(picture, models.get(m), topK, false)
                                    : core.classifyOnce(image, models.get(m), topK, false);
                }
                listener.onResult(index, r, done.incrementAndGet());
            }
            schedule(i + 1);
        }

        private void finish() {
            if (!finished.isDone()) {
                listener.onFinished(this);
                finished.complete(results());
                current.compareAndSet(this, null);
            }
        }
    }
}
