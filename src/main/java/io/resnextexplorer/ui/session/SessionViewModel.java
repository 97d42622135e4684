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

    private final ObservableList<SessionImage> images = FXCollections.observableArrayList();
    private final Map<String, SessionImage> byId = new HashMap<>();
    private final ReadOnlyIntegerWrapper errorCount = new ReadOnlyIntegerWrapper();
    private final IntegerProperty currentIndex = new SimpleIntegerProperty(-1);
    private final ReadOnlyObjectWrapper<SessionImage> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Image> picture = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ImageResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<CropBox> crop = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
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

    /** How many images of the session failed (for the status line). */
    public ReadOnlyIntegerProperty errorCountProperty() {
        return errorCount.getReadOnlyProperty();
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

    public void next() {
        select(currentIndex.get() + 1);
    }

    public void previous() {
        select(currentIndex.get() - 1);
    }

    public void select(int index) {
        if (index >= 0 && index < images.size()) {
            currentIndex.set(index);
        }
    }

    /** Uses another model: the current image is re-run (or taken from the cache), then the rest. */
    public void setModel(LoadedModel handle) {
        if (handle == model.get()) {
            return;
        }
        model.set(handle);
        for (SessionImage img : images) {
            if (core.decodeCache().failure(img.source()) != null) {
                continue; // an unreadable file stays unreadable whatever the model
            }
            ImageResult cached = handle == null ? null : core.cached(img.source(), handle.key());
            if (cached != null) {
                img.setDone(top1Text(cached));
            } else {
                img.reset(); // also clears an error the previous model had on this image
            }
        }
        showCurrent();
        startBatch();
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
            startBatch();
        }
        if (firstShown >= 0) {
            currentIndex.set(firstShown);
        }
    }

    private void showCurrent() {
        SessionImage img = current.get();
        LoadedModel m = model.get();
        long gen = ++displayGeneration;
        result.set(null);
        crop.set(null);
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
                    if (m == null || !isCurrent(gen)) {
                        ctx.fx().execute(() -> endBusy(gen));
                        return; // no model, or moved on: leave this one to the batch
                    }
                    ImageResult r = core.classify(p, m, TOP_K, false);
                    ctx.fx().execute(() -> show(img, gen, r));
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
        img.setDone(top1Text(r));
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

    private void thumbnail(SessionImage img, DecodedPicture p) {
        if (img.claimThumbnail()) {
            Image thumb = FxImages.toFx(FxImages.shrink(p.image(), THUMBNAIL_SIZE));
            ctx.fx().execute(() -> img.setThumbnail(thumb));
        }
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
        return String.format(Locale.ROOT, "%.1f%% %s", p.probability() * 100, p.label());
    }
}
