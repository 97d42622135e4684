package io.resnextexplorer.ui.session;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.ui.common.CropBox;
import io.resnextexplorer.ui.common.FxImages;
import io.resnextexplorer.ui.common.ModelHandle;
import io.resnextexplorer.ui.common.Picture;
import io.resnextexplorer.ui.common.UiContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of this session and their results for the active model. Commands are called on the FX
 * thread; decoding, fetching and inference run on the injected background executor, results come
 * back through the FX executor. Results are cached per image x model.
 *
 * <p>Two kinds of work: the <em>current</em> image (decode for display, crop, classify; a newer
 * selection supersedes an older one by a generation counter) and the <em>batch</em> (classify every
 * image not yet classified with the active model; one task at a time, each scheduling the next, so
 * a click on another image is not stuck behind 200 queued tasks; cancel stops the chain).
 */
public final class SessionViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SessionViewModel.class);
    public static final int TOP_K = 5;
    public static final int THUMBNAIL_SIZE = 96;
    private static final int DECODED_CACHE = 4;
    private static final int RECENT_PER_DROP = 10;
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff", "jfif");

    private final UiContext ctx;
    private final UrlFetcher fetcher;
    private final Consumer<Path> onFileOpened;

    private final ObservableList<SessionImage> images = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper errorCount = new ReadOnlyIntegerWrapper();
    private final IntegerProperty currentIndex = new SimpleIntegerProperty(-1);
    private final ReadOnlyObjectWrapper<SessionImage> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ModelHandle> model = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Image> picture = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Classification> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<CropBox> crop = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyIntegerWrapper batchDone = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper batchTotal = new ReadOnlyIntegerWrapper();
    private final ReadOnlyBooleanWrapper batchRunning = new ReadOnlyBooleanWrapper();
    private final DoubleBinding progress =
            Bindings.createDoubleBinding(
                    () -> batchTotal.get() == 0 ? 0.0 : (double) batchDone.get() / batchTotal.get(),
                    batchDone,
                    batchTotal);

    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong displayGeneration = new AtomicLong();
    private final AtomicLong batchGeneration = new AtomicLong();
    private final Map<Key, CompletableFuture<Classification>> results = new ConcurrentHashMap<>();
    private final Map<Long, Picture> decoded =
            Collections.synchronizedMap(
                    new LinkedHashMap<>(8, 0.75f, true) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected boolean removeEldestEntry(Map.Entry<Long, Picture> eldest) {
                            return size() > DECODED_CACHE;
                        }
                    });

    private record Key(long image, ModelHandle model) {}

    /** One finished result, for export. */
    public record Result(
            String image, String source, String model, Classification classification) {}

    /**
     * @param onFileOpened told (on the FX thread) of every image file added, for "recent files"
     */
    public SessionViewModel(UiContext ctx, UrlFetcher fetcher, Consumer<Path> onFileOpened) {
        this.ctx = ctx;
        this.fetcher = fetcher;
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
                });
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

    public ReadOnlyObjectProperty<ModelHandle> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The current image, for display, or null while it is decoding or failed. */
    public ReadOnlyObjectProperty<Image> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    /** The current image's result with the active model, or null. */
    public ReadOnlyObjectProperty<Classification> resultProperty() {
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

    public ReadOnlyIntegerProperty batchDoneProperty() {
        return batchDone.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty batchTotalProperty() {
        return batchTotal.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty batchRunningProperty() {
        return batchRunning.getReadOnlyProperty();
    }

    /** Batch progress, 0..1. */
    public DoubleBinding progress() {
        return progress;
    }

    // ---- commands (FX thread)

    /** Adds files (folders contribute their images), URLs and bytes; shows the first new one. */
    public void add(List<ImageSource> sources) {
        if (sources.isEmpty()) {
            return;
        }
        submit(
                () -> {
                    List<ImageSource> expanded = expand(sources);
                    ctx.fx().execute(() -> append(expanded));
                });
    }

    /** Convenience for files and folders. */
    public void addFiles(List<Path> files) {
        add(files.stream().<ImageSource>map(ImageSource.FileSource::new).toList());
    }

    public void next() {
        if (currentIndex.get() < images.size() - 1) {
            currentIndex.set(currentIndex.get() + 1);
        }
    }

    public void previous() {
        if (currentIndex.get() > 0) {
            currentIndex.set(currentIndex.get() - 1);
        }
    }

    public void select(int index) {
        if (index >= 0 && index < images.size()) {
            currentIndex.set(index);
        }
    }

    /** Uses another model: the current image is re-run (or taken from the cache), then the rest. */
    public void setModel(ModelHandle handle) {
        if (handle == model.get()) {
            return;
        }
        model.set(handle);
        for (SessionImage img : images) {
            if (img.decodeError() != null) {
                continue; // an unreadable file stays unreadable whatever the model
            }
            Classification cached = cachedResult(img, handle);
            if (cached != null) {
                img.setDone(top1Text(cached));
            } else {
                img.reset(); // also clears an error the previous model had on this image
            }
        }
        result.set(null);
        crop.set(null);
        showCurrent();
        startBatch();
    }

    /** Stops the batch after the image in progress; the rest stay unclassified until shown. */
    public void cancel() {
        batchGeneration.incrementAndGet();
        batchRunning.set(false);
    }

    /** Every finished result of this session (all models), in image order. */
    public List<Result> results() {
        List<Result> out = new ArrayList<>();
        for (SessionImage img : images) {
            for (Map.Entry<Key, CompletableFuture<Classification>> e : results.entrySet()) {
                CompletableFuture<Classification> f = e.getValue();
                if (e.getKey().image() == img.id() && f.isDone() && !f.isCompletedExceptionally()) {
                    out.add(
                            new Result(
                                    img.name(),
                                    describe(img.source()),
                                    e.getKey().model().info().id(),
                                    f.join()));
                }
            }
        }
        out.sort(
                Comparator.comparingInt((Result r) -> indexOfName(r)).thenComparing(Result::model));
        return out;
    }

    private int indexOfName(Result r) {
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).name().equals(r.image())) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static String describe(ImageSource s) {
        if (s instanceof ImageSource.FileSource f) {
            return f.file().toString();
        }
        if (s instanceof ImageSource.UrlSource u) {
            return u.uri().toString();
        }
        return "pasted: " + s.name();
    }

    /** The current image's top-k as tab-separated text (rank, label, percent, index, logit). */
    public String currentResultText() {
        Classification c = result.get();
        SessionImage img = current.get();
        ModelHandle m = model.get();
        if (c == null || img == null || m == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(img.name()).append(" — ").append(m.info().id()).append('\n');
        int rank = 1;
        for (Prediction p : c.top()) {
            sb.append(rank++)
                    .append('\t')
                    .append(p.label())
                    .append('\t')
                    .append(String.format(Locale.ROOT, "%.2f%%", p.probability() * 100))
                    .append('\t')
                    .append("class ")
                    .append(p.index())
                    .append('\t')
                    .append(String.format(Locale.ROOT, "logit %.4f", p.logit()))
                    .append('\n');
        }
        return sb.toString();
    }

    // ---- work

    private List<ImageSource> expand(List<ImageSource> sources) {
        List<ImageSource> out = new ArrayList<>();
        for (ImageSource s : sources) {
            if (s instanceof ImageSource.FileSource f && Files.isDirectory(f.file())) {
                try (Stream<Path> files = Files.list(f.file())) {
                    files.filter(Files::isRegularFile)
                            .filter(SessionViewModel::looksLikeImage)
                            .sorted()
                            .forEach(p -> out.add(new ImageSource.FileSource(p)));
                } catch (IOException e) {
                    LOG.warn("could not list {}: {}", f.file(), e.getMessage());
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    public static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot >= 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
    }

    private void append(List<ImageSource> sources) {
        if (sources.isEmpty()) {
            return;
        }
        int first = images.size();
        List<SessionImage> added = new ArrayList<>();
        for (ImageSource s : sources) {
            SessionImage img = new SessionImage(ids.incrementAndGet(), s);
            img.statusProperty()
                    .addListener(
                            (obs, old, now) -> {
                                if (old == SessionImage.Status.ERROR) {
                                    errorCount.set(errorCount.get() - 1);
                                }
                                if (now == SessionImage.Status.ERROR) {
                                    errorCount.set(errorCount.get() + 1);
                                }
                            });
            added.add(img);
        }
        // Only the first few files of a big drop can make it into "recent files"; telling about
        // all 200 would rebuild the menu 200 times on the FX thread.
        List<Path> files =
                sources.stream()
                        .filter(ImageSource.FileSource.class::isInstance)
                        .map(src -> ((ImageSource.FileSource) src).file())
                        .limit(RECENT_PER_DROP)
                        .toList();
        for (int i = files.size() - 1; i >= 0; i--) {
            onFileOpened.accept(files.get(i));
        }
        images.addAll(added);
        currentIndex.set(first);
        startBatch();
    }

    private void showCurrent() {
        SessionImage img = current.get();
        ModelHandle m = model.get();
        long gen = displayGeneration.incrementAndGet();
        result.set(null);
        crop.set(null);
        if (img == null) {
            picture.set(null);
            error.set("");
            busy.set(false);
            return;
        }
        error.set(img.decodeError() == null ? "" : img.decodeError());
        if (img.decodeError() != null) {
            busy.set(false);
            return;
        }
        Classification cached = m == null ? null : cachedResult(img, m);
        if (cached != null) {
            result.set(cached);
        }
        busy.set(true);
        submit(
                () -> {
                    if (displayGeneration.get() != gen) {
                        return; // superseded before it started
                    }
                    try {
                        Picture p = decode(img);
                        Image fx = FxImages.toFx(p.image());
                        CropBox box =
                                m == null
                                        ? null
                                        : ctx.backend()
                                                .cropBox(m, p.image().width(), p.image().height());
                        ctx.fx()
                                .execute(
                                        () -> {
                                            if (displayGeneration.get() == gen) {
                                                picture.set(fx);
                                                crop.set(box);
                                            }
                                        });
                        if (m != null && displayGeneration.get() != gen) {
                            return; // moved on (arrow key held): leave this one to the batch
                        }
                        if (m != null) {
                            Classification c = classify(img, m, p);
                            ctx.fx()
                                    .execute(
                                            () -> {
                                                img.setDone(top1Text(c));
                                                if (displayGeneration.get() == gen) {
                                                    result.set(c);
                                                    busy.set(false);
                                                }
                                            });
                        } else {
                            ctx.fx().execute(() -> endDisplay(gen));
                        }
                    } catch (RuntimeException e) {
                        String msg = message(e);
                        LOG.info("{}: {}", img.name(), msg);
                        ctx.fx()
                                .execute(
                                        () -> {
                                            img.setError(msg);
                                            if (displayGeneration.get() == gen) {
                                                error.set(msg);
                                                busy.set(false);
                                            }
                                        });
                    }
                });
    }

    private void endDisplay(long gen) {
        if (displayGeneration.get() == gen) {
            busy.set(false);
        }
    }

    private void startBatch() {
        ModelHandle m = model.get();
        long gen = batchGeneration.incrementAndGet();
        Deque<SessionImage> todo = new ArrayDeque<>();
        for (SessionImage img : images) {
            if (img.decodeError() == null
                    && (m == null
                            ? img.thumbnailProperty().get() == null
                            : !results.containsKey(new Key(img.id(), m)))) {
                todo.add(img);
            }
        }
        batchDone.set(0);
        batchTotal.set(todo.size());
        batchRunning.set(!todo.isEmpty());
        if (!todo.isEmpty()) {
            submit(() -> batchStep(gen, m, todo));
        }
    }

    /** Runs one image of the batch, then schedules the next (so other work can interleave). */
    private void batchStep(long gen, ModelHandle m, Deque<SessionImage> todo) {
        if (batchGeneration.get() != gen) {
            return;
        }
        SessionImage img = todo.poll();
        if (img == null) {
            return;
        }
        ctx.fx().execute(img::setWorking);
        Runnable publish;
        try {
            Picture p = decode(img);
            if (m != null) {
                Classification c = classify(img, m, p);
                publish = () -> img.setDone(top1Text(c));
            } else {
                publish = img::setPending;
            }
        } catch (RuntimeException e) {
            String msg = message(e);
            LOG.info("{}: {}", img.name(), msg);
            publish = () -> img.setError(msg);
        }
        Runnable done = publish;
        boolean last = todo.isEmpty();
        ctx.fx()
                .execute(
                        () -> {
                            done.run();
                            if (batchGeneration.get() == gen) {
                                batchDone.set(batchDone.get() + 1);
                                if (last) {
                                    batchRunning.set(false);
                                }
                            }
                        });
        if (!last && batchGeneration.get() == gen) {
            submit(() -> batchStep(gen, m, todo));
        }
    }

    /** Submits background work; after shutdown (the app is closing) the work is dropped. */
    private void submit(Runnable work) {
        try {
            ctx.background().execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("background work dropped, the executor is shut down");
        }
    }

    /** Decodes (fetching a URL first), with a small cache; makes the thumbnail the first time. */
    private Picture decode(SessionImage img) {
        String known = img.decodeError();
        if (known != null) {
            throw new IllegalStateException(known);
        }
        Picture p = decoded.get(img.id());
        if (p != null) {
            return p;
        }
        try {
            ImageSource s = img.source();
            if (s instanceof ImageSource.FileSource f) {
                p = ctx.backend().decode(f.file());
            } else if (s instanceof ImageSource.BytesSource b) {
                p = ctx.backend().decode(b.data(), b.name());
            } else if (s instanceof ImageSource.UrlSource u) {
                p = ctx.backend().decode(fetcher.fetch(u.uri()), u.name());
            } else {
                throw new IllegalStateException("unknown source " + s);
            }
        } catch (RuntimeException e) {
            img.setDecodeError(message(e));
            throw e;
        }
        decoded.put(img.id(), p);
        if (img.thumbnailProperty().get() == null) {
            Image thumb = FxImages.toFx(FxImages.shrink(p.image(), THUMBNAIL_SIZE));
            ctx.fx().execute(() -> img.setThumbnail(thumb));
        }
        return p;
    }

    /** Classifies once per image x model; a second caller waits for the first's result. */
    private Classification classify(SessionImage img, ModelHandle m, Picture p) {
        Key key = new Key(img.id(), m);
        CompletableFuture<Classification> mine = new CompletableFuture<>();
        CompletableFuture<Classification> theirs = results.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Classification c = ctx.backend().classify(m, p, TOP_K, false);
            mine.complete(c);
            return c;
        } catch (RuntimeException e) {
            results.remove(key);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private Classification cachedResult(SessionImage img, ModelHandle m) {
        CompletableFuture<Classification> f = results.get(new Key(img.id(), m));
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    static String top1Text(Classification c) {
        if (c.top().isEmpty()) {
            return "";
        }
        Prediction p = c.top1();
        return String.format(Locale.ROOT, "%.1f%% %s", p.probability() * 100, p.label());
    }

    static String message(Throwable e) {
        Throwable t = e;
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            t = u.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank()
                ? "could not read the image (" + t.getClass().getSimpleName() + ")"
                : m;
    }
}
