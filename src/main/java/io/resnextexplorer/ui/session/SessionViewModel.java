package io.resnextexplorer.ui.session;

import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.DecodedPicture;
import io.resnextexplorer.session.ImageFailedException;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.ResultsWriter;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.session.SessionStore;
import io.resnextexplorer.ui.common.FxImages;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.Units;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

/**
 * The session as the window shows it: the strip's images, the current one, its picture, crop and
 * result with the active model, and the batch's progress. State only; the work (expanding folders,
 * decoding, caching, classifying, the batch) is the {@link SessionCore}'s and its {@link
 * BatchRunner}'s, run on the injected background executor. Commands are called on the FX thread. A
 * newer selection supersedes an older one still in flight (a generation counter).
 */
public final class SessionViewModel {
    public static final int TOP_K = SessionCore.DEFAULT_TOP_K;
    public static final int THUMBNAIL_SIZE = 96;
    private static final int RECENT_PER_DROP = 10;

    /** Extensions offered by the Open dialog's filter (folders are read by content instead). */
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff", "jfif");

    private final UiContext ctx;
    private final SessionCore core;
    private final BatchProgress batch;
    private final Consumer<Path> onFileOpened;

    // Status and confidence changes are list updates, so the strip's sort and filter follow them.
    private final ObservableList<SessionImage> images =
            FXCollections.observableArrayList(
                    img ->
                            new javafx.beans.Observable[] {
                                img.statusProperty(),
                                img.top1ProbabilityProperty(),
                                img.similarityScoreProperty()
                            });
    private final Map<String, SessionImage> byId = new HashMap<>();
    private final ReadOnlyIntegerWrapper errorCount = new ReadOnlyIntegerWrapper();
    private final StripOrder strip = new StripOrder(images);
    private final IntegerProperty currentIndex = new SimpleIntegerProperty(-1);
    private final ReadOnlyObjectWrapper<SessionImage> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Image> picture = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ImageResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<CropBox> crop = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper loadingModel = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelError = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.BooleanProperty showInput =
            new javafx.beans.property.SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<Image> inputPicture = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Image> inputDisplay = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper similarityNote = new ReadOnlyStringWrapper("");
    private long similarityGeneration; // FX thread only
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper();
    private volatile long displayGeneration; // written on the FX thread only

    /**
     * @param onFileOpened told (on the FX thread) of image files added, for "recent files"
     */
    public SessionViewModel(UiContext ctx, Consumer<Path> onFileOpened) {
        this.ctx = ctx;
        this.core = ctx.core();
        this.batch = new BatchProgress(ctx, this::thumbnail);
        this.onFileOpened = onFileOpened;
        currentIndex.addListener(
                (obs, old, now) -> {
                    int i = now.intValue();
                    SessionImage img = i >= 0 && i < images.size() ? images.get(i) : null;
                    if (img != current.get()) {
                        current.set(img);
                        picture.set(null);
                        showCurrent();
                    }
                    changed();
                });
        showInput.addListener((obs, old, now) -> showInput());
        images.addListener((javafx.collections.ListChangeListener<SessionImage>) c -> changed());
        model.addListener((obs, old, now) -> changed());
    }

    private void changed() {
        revision.set(revision.get() + 1);
    }

    // ---- observable state

    public ObservableList<SessionImage> images() {
        return images;
    }

    public IntegerProperty currentIndexProperty() {
        return currentIndex;
    }

    public ReadOnlyObjectProperty<SessionImage> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LoadedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The current image, for display, or null while it is decoding or failed. */
    public ReadOnlyObjectProperty<Image> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    /** The current image's successful result with the active model, or null. */
    public ReadOnlyObjectProperty<ImageResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The region the active model sees of the current image, or null. */
    public ReadOnlyObjectProperty<CropBox> cropProperty() {
        return crop.getReadOnlyProperty();
    }

    /** Why the current image has no result, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether the current image is being decoded or classified. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * The id of the model being loaded to replace the active one, or empty. While it loads, no
     * result of the previous model is shown and the batch waits for it.
     */
    public ReadOnlyStringProperty loadingModelProperty() {
        return loadingModel.getReadOnlyProperty();
    }

    /** Why the model picked last could not be loaded, or empty. */
    public ReadOnlyStringProperty modelErrorProperty() {
        return modelError.getReadOnlyProperty();
    }

    /** Whether the canvas shows the model's exact input instead of the image. */
    public javafx.beans.property.BooleanProperty showInputProperty() {
        return showInput;
    }

    /**
     * The current image as the active model sees it (resized and cropped, before normalisation),
     * while {@link #showInputProperty()} is on; else null.
     */
    public ReadOnlyObjectProperty<Image> inputPictureProperty() {
        return inputPicture.getReadOnlyProperty();
    }

    /**
     * {@link #inputPictureProperty()} enlarged by whole pixels (about 900 px a side) for the
     * canvas, so it is drawn with hard pixel edges; null with it.
     */
    public ReadOnlyObjectProperty<Image> inputDisplayProperty() {
        return inputDisplay.getReadOnlyProperty();
    }

    /** How many images of the session failed (for the status line). */
    public ReadOnlyIntegerProperty errorCountProperty() {
        return errorCount.getReadOnlyProperty();
    }

    /**
     * What the strip's order means after "Find similar" ("Most similar to cat.jpg first ..."), or
     * why it could not be done; empty otherwise.
     */
    public ReadOnlyStringProperty similarityNoteProperty() {
        return similarityNote.getReadOnlyProperty();
    }

    /**
     * Counts changes worth saving (images added, the current image, the model, an image's status);
     * the session store listens to it.
     */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The strip's images, the current index and the model, as the session store saves them. */
    public SessionStore.State state() {
        LoadedModel m = model.get();
        return new SessionStore.State(
                images.stream().map(SessionImage::source).toList(),
                currentIndex.get(),
                m == null ? null : m.info().file(),
                m == null ? null : m.provider().requested().name());
    }

    /**
     * Puts back a saved session's images (already expanded) and shows the one that was current;
     * they are classified again with the model in use.
     */
    public void restore(List<ImageSource> saved, int current) {
        append(saved);
        select(current);
    }

    /** The strip's batch: progress and whether it runs. */
    public BatchProgress batch() {
        return batch;
    }

    // ---- commands (FX thread)

    /** Adds files (folders contribute their images), URLs and bytes; shows the first of them. */
    public void add(List<ImageSource> sources) {
        if (!sources.isEmpty()) {
            submit(
                    () -> {
                        List<ImageSource> expanded = core.expand(sources);
                        ctx.fx().execute(() -> append(expanded));
                    });
        }
    }

    /** Convenience for files and folders. */
    public void addFiles(List<Path> files) {
        add(files.stream().map(ImageSource::file).toList());
    }

    /** The next image in the strip's order (and filter). */
    public void next() {
        step(1);
    }

    /** The previous image in the strip's order (and filter). */
    public void previous() {
        step(-1);
    }

    private void step(int delta) {
        ObservableList<SessionImage> shown = strip.shown();
        int at = shown.indexOf(current.get());
        int to = at < 0 ? (delta > 0 ? 0 : shown.size() - 1) : at + delta;
        if (to >= 0 && to < shown.size()) {
            select(shown.get(to));
        }
    }

    public void select(int index) {
        if (index >= 0 && index < images.size()) {
            currentIndex.set(index);
        }
    }

    /**
     * Another model is on its way: from now on nothing of the previous model is shown (no bars, no
     * top-1 in the strip, no batch), and the window says which model is loading.
     *
     * @param id the model's id, for people
     */
    public void modelLoading(String id) {
        loadingModel.set(id);
        ++displayGeneration; // results of the previous model still in flight are dropped
        result.set(null);
        crop.set(null);
        inputPicture.set(null);
        inputDisplay.set(null);
        busy.set(false);
        for (SessionImage img : images) {
            if (core.decodeCache().failure(img.source()) == null) {
                img.reset();
            }
        }
        batch.waitForModel(id);
    }

    /** Records why the model picked last failed to load (empty once one loads). */
    public void setModelError(String message) {
        modelError.set(message == null ? "" : message);
    }

    /** Uses another model: the current image is re-run (or taken from the cache), then the rest. */
    public void setModel(LoadedModel handle) {
        boolean wasLoading = !loadingModel.get().isEmpty();
        if (handle == model.get() && !wasLoading) {
            return;
        }
        // The model first, then "loading" ends: no listener ever sees "no model, none loading"
        // in between (the card would ask to pick a model for a moment).
        model.set(handle);
        loadingModel.set("");
        // Similarities belong to the previous model's features.
        similarityGeneration++;
        similarityNote.set("");
        for (SessionImage img : images) {
            img.setSimilarity("", Double.NaN);
        }
        if (strip.orderProperty().get() == StripOrder.Order.SIMILAR) {
            strip.orderProperty().set(StripOrder.Order.ADDED);
        }
        for (SessionImage img : images) {
            if (core.decodeCache().failure(img.source()) != null) {
                continue; // an unreadable file stays unreadable whatever the model
            }
            ImageResult cached = handle == null ? null : core.cached(img.source(), handle.key());
            if (cached != null) {
                img.setDone(top1Text(cached), top1Probability(cached));
            } else {
                img.reset(); // also clears an error the previous model had on this image
            }
        }
        showCurrent();
        startBatch();
    }

    /**
     * Sorts the strip by cosine similarity of the active model's pooled features to {@code
     * query}'s, most similar first, each image showing its similarity; images that failed go last.
     * Images already classified are not run again (their features came with the classification).
     */
    public void findSimilar(SessionImage query) {
        LoadedModel m = model.get();
        if (query == null || m == null) {
            similarityNote.set("Choose a model first: similarity compares its image features.");
            return;
        }
        long gen = ++similarityGeneration;
        List<ImageSource> sources = images.stream().map(SessionImage::source).toList();
        similarityNote.set("Finding images similar to " + query.name() + "…");
        submit(
                () -> {
                    List<SessionCore.Similarity> sims;
                    try {
                        sims = core.similarTo(query.source(), sources, m);
                    } catch (RuntimeException e) {
                        String why = e.getMessage();
                        ctx.fx()
                                .execute(
                                        () -> {
                                            if (gen == similarityGeneration) {
                                                similarityNote.set(
                                                        "Cannot find similar images: " + why);
                                            }
                                        });
                        return;
                    }
                    ctx.fx().execute(() -> showSimilar(gen, query, m, sims));
                });
    }

    private void showSimilar(
            long gen, SessionImage query, LoadedModel m, List<SessionCore.Similarity> sims) {
        if (gen != similarityGeneration || m != model.get()) {
            return;
        }
        // The strip sorts by similarity; the session's own order (and its exports) stay as added.
        for (SessionImage img : images) {
            img.setSimilarity("", Double.NaN);
        }
        for (SessionCore.Similarity s : sims) {
            SessionImage img = byId.get(s.image().id());
            if (img != null) {
                img.setSimilarity(
                        s.ok() ? String.format(Locale.ROOT, "%.3f", s.cosine()) : "no similarity",
                        s.ok() ? s.cosine() : Double.NaN);
            }
        }
        strip.orderProperty().set(StripOrder.Order.SIMILAR);
        similarityNote.set(
                "Most similar to "
                        + query.name()
                        + " first (cosine similarity of "
                        + m.info().id()
                        + "'s pooled features)"
                        + (m.info().weights().untrained()
                                ? " — UNTRAINED weights: features of random weights, not of"
                                        + " image content"
                                : ""));
    }

    /** Stops the batch after the image in progress; the rest stay unclassified until shown. */
    public void cancel() {
        batch.cancel();
    }

    /** Every result of this session, failures included, image by image (for export). */
    public List<ImageResult> results() {
        return core.results(images.stream().map(SessionImage::source).toList());
    }

    /** The current result as Copy's text (with the weights origin), or empty. */
    public String currentResultText() {
        return result.get() == null ? "" : ResultsWriter.copyText(result.get());
    }

    // ---- work

    private void append(List<ImageSource> sources) {
        int firstShown = -1;
        List<SessionImage> added = new ArrayList<>();
        for (ImageSource s : sources) {
            SessionImage known = byId.get(s.id());
            if (known != null) { // the same file or URL again: show it, don't repeat it
                firstShown = firstShown < 0 ? images.indexOf(known) : firstShown;
                continue;
            }
            SessionImage img = new SessionImage(s);
            img.statusProperty()
                    .addListener(
                            (obs, old, now) ->
                                    errorCount.set(
                                            errorCount.get()
                                                    - (old == SessionImage.Status.ERROR ? 1 : 0)
                                                    + (now == SessionImage.Status.ERROR ? 1 : 0)));
            img.statusProperty().addListener((obs, old, now) -> changed());
            byId.put(s.id(), img);
            added.add(img);
        }
        // Only the first few files of a big drop can make it into "recent files"; telling about
        // all 200 would rebuild the menu 200 times on the FX thread.
        List<Path> files =
                added.stream()
                        .map(SessionImage::source)
                        .filter(ImageSource.FileSource.class::isInstance)
                        .map(src -> ((ImageSource.FileSource) src).file())
                        .limit(RECENT_PER_DROP)
                        .toList();
        for (int i = files.size() - 1; i >= 0; i--) {
            onFileOpened.accept(files.get(i));
        }
        if (!added.isEmpty()) {
            firstShown = firstShown < 0 ? images.size() : firstShown;
            images.addAll(added);
            if (loadingModel.get().isEmpty()) {
                startBatch();
            } // else the batch starts when the model is in
        }
        if (firstShown >= 0) {
            currentIndex.set(firstShown);
        }
    }

    private void showCurrent() {
        SessionImage img = current.get();
        LoadedModel m = loadingModel.get().isEmpty() ? model.get() : null;
        long gen = ++displayGeneration;
        result.set(null);
        crop.set(null);
        inputPicture.set(null);
        inputDisplay.set(null);
        String failed = img == null ? null : core.decodeCache().failure(img.source());
        error.set(failed == null ? "" : failed);
        if (img == null || failed != null) {
            picture.set(null);
            busy.set(false);
            return;
        }
        ImageResult cached = m == null ? null : core.cached(img.source(), m.key());
        if (cached != null) {
            result.set(cached);
        }
        busy.set(true);
        submit(
                () -> {
                    if (!isCurrent(gen)) {
                        return; // superseded before it started (arrow key held)
                    }
                    DecodedPicture p;
                    try {
                        p = core.decode(img.source());
                    } catch (ImageFailedException e) {
                        ctx.fx().execute(() -> failed(img, gen, e.getMessage()));
                        return;
                    }
                    Image fx = FxImages.toFx(p.image());
                    thumbnail(img, p);
                    CropBox box =
                            m == null
                                    ? null
                                    : core.cropBox(m, p.image().width(), p.image().height());
                    ctx.fx()
                            .execute(
                                    () -> {
                                        if (gen == displayGeneration) {
                                            picture.set(fx);
                                            crop.set(box);
                                        }
                                    });
                    if (m != null && showInput.get()) {
                        modelInput(img, m, gen);
                    }
                    if (m == null || !isCurrent(gen)) {
                        ctx.fx().execute(() -> endBusy(gen));
                        return; // no model, or moved on: leave this one to the batch
                    }
                    ImageResult r = core.classify(p, m, TOP_K, false);
                    ctx.fx().execute(() -> show(img, gen, r));
                });
    }

    /** Re-reads the model input for the current image when the toggle changes (FX thread). */
    private void showInput() {
        inputPicture.set(null);
        inputDisplay.set(null);
        SessionImage img = current.get();
        LoadedModel m = loadingModel.get().isEmpty() ? model.get() : null;
        if (!showInput.get() || img == null || m == null) {
            return;
        }
        long gen = displayGeneration;
        submit(() -> modelInput(img, m, gen));
    }

    /** Worker thread: the model's 8-bit input for this image, published if still current. */
    private void modelInput(SessionImage img, LoadedModel m, long gen) {
        if (!isCurrent(gen)) {
            return;
        }
        Image fx;
        Image big;
        try {
            io.resnextexplorer.model.RgbImage in = core.modelInput(img.source(), m);
            fx = FxImages.toFx(in);
            int side = Math.max(in.width(), in.height());
            big = FxImages.toFx(FxImages.enlarge(in, Math.max(1, 900 / side)));
        } catch (ImageFailedException e) {
            return; // the canvas already says why this image failed
        }
        ctx.fx()
                .execute(
                        () -> {
                            if (gen == displayGeneration && showInput.get()) {
                                inputPicture.set(fx);
                                inputDisplay.set(big);
                            }
                        });
    }

    private boolean isCurrent(long gen) {
        // Read from a worker: a stale value only costs one extra run, never a wrong display.
        return gen == displayGeneration;
    }

    private void show(SessionImage img, long gen, ImageResult r) {
        if (!r.ok()) {
            failed(img, gen, r.error());
            return;
        }
        img.setDone(top1Text(r), top1Probability(r));
        if (gen == displayGeneration) {
            result.set(r);
            busy.set(false);
        }
    }

    private void failed(SessionImage img, long gen, String message) {
        img.setError(message);
        if (gen == displayGeneration) {
            error.set(message);
            busy.set(false);
        }
    }

    private void endBusy(long gen) {
        if (gen == displayGeneration) {
            busy.set(false);
        }
    }

    private void startBatch() {
        batch.start(images, model.get());
    }

    /** Images sorted and filtered for the strip (view state; the list itself is not changed). */
    public ObservableList<SessionImage> visibleImages() {
        return strip.shown();
    }

    /** The strip's order and filter. */
    public StripOrder strip() {
        return strip;
    }

    /** Shows this image (one of {@link #images()}). */
    public void select(SessionImage img) {
        select(images.indexOf(img));
    }

    private void thumbnail(SessionImage img, DecodedPicture p) {
        if (img.claimThumbnail()) {
            Image thumb = FxImages.toFx(FxImages.shrink(p.image(), THUMBNAIL_SIZE));
            String details = details(p);
            ctx.fx()
                    .execute(
                            () -> {
                                img.setThumbnail(thumb);
                                img.setDetails(details);
                            });
        }
    }

    /** "640 × 427 px · PNG · 118 KiB · EXIF orientation 6 applied (rotated 90° clockwise)". */
    static String details(DecodedPicture p) {
        StringBuilder sb =
                new StringBuilder()
                        .append(p.image().width())
                        .append(" × ")
                        .append(p.image().height())
                        .append(" px · ")
                        .append(p.format());
        if (p.encodedBytes() >= 0) {
            sb.append(" · ").append(Units.bytes(p.encodedBytes()));
        }
        sb.append(
                p.orientationApplied()
                        ? " · EXIF orientation "
                                + p.exifOrientation()
                                + " applied ("
                                + orientation(p.exifOrientation())
                                + ")"
                        : " · no EXIF rotation");
        return sb.toString();
    }

    private static String orientation(int tag) {
        return switch (tag) {
            case 2 -> "mirrored";
            case 3 -> "rotated 180°";
            case 4 -> "flipped";
            case 5 -> "transposed";
            case 6 -> "rotated 90° clockwise";
            case 7 -> "transversed";
            case 8 -> "rotated 90° counter-clockwise";
            default -> "as stored";
        };
    }

    /** Submits background work; after shutdown (the app is closing) the work is dropped. */
    private void submit(Runnable work) {
        try {
            ctx.background().execute(work);
        } catch (RejectedExecutionException e) {
            // the app is closing: nothing left to show it on
        }
    }

    static String top1Text(ImageResult r) {
        if (!r.ok() || r.classification().top().isEmpty()) {
            return "";
        }
        Prediction p = r.classification().top1();
        return Units.percent(p.probability()) + " " + p.label();
    }

    static double top1Probability(ImageResult r) {
        return !r.ok() || r.classification().top().isEmpty()
                ? Double.NaN
                : r.classification().top1().probability();
    }
}
