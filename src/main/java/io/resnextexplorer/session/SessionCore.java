package io.resnextexplorer.session;

import io.resnextexplorer.imageio.DecodedImage;
import io.resnextexplorer.imageio.ImageReadException;
import io.resnextexplorer.inference.InferenceOptions;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.InspectionService;
import io.resnextexplorer.service.LoadedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX-free core of a session, shared by the window and the CLI: its images (decoded once,
 * kept within a byte budget), its loaded models, and its results, cached per image x model x
 * provider. Every method that may be slow checks the {@link SlowCallGuard} first (the window
 * forbids the FX thread). Thread-safe.
 */
public final class SessionCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCore.class);

    /** Default decode cache: about 20 photos of 12 MP, or 700 images of 640x480. */
    public static final long DEFAULT_DECODE_CACHE_BYTES = 640L * 1024 * 1024;

    /** How many classes a result keeps by default (the window's bars). */
    public static final int DEFAULT_TOP_K = 5;

    private final ClassificationService service;
    private final InspectionService inspection = new InspectionService();
    private final UrlFetcher fetcher;
    private final SlowCallGuard guard;
    private final DecodeCache decoded;
    private final ModelRegistry models;
    private final Map<ResultKey, CompletableFuture<ImageResult>> results =
            new ConcurrentHashMap<>();
    // The last failure per image x model, so exports list failed images too.
    private final Map<ResultKey, ImageResult> failures = new ConcurrentHashMap<>();
    // Models that produced any result, in the order first used (the export's model order).
    private final Set<ModelKey> used = Collections.synchronizedSet(new LinkedHashSet<>());
    private final AtomicLong decodes = new AtomicLong();
    private final AtomicLong inferences = new AtomicLong();

    private record ResultKey(String image, ModelKey model, int topK, boolean logits) {}

    /** Decides whether a slow call may run on the calling thread. */
    @FunctionalInterface
    public interface SlowCallGuard {
        /**
         * @param operation what is about to run ("decode", "classify", ...)
         * @throws IllegalStateException when it must not run on this thread
         */
        void check(String operation);

        SlowCallGuard ANY_THREAD = op -> {};
    }

    /** Counts of the slow work done so far (decodes and model runs, cache hits excluded). */
    public record Stats(long decodes, long inferences) {}

    public SessionCore(
            ClassificationService service,
            UrlFetcher fetcher,
            InferenceOptions options,
            long decodeCacheBytes,
            SlowCallGuard guard) {
        this.service = service;
        this.fetcher = fetcher;
        this.guard = guard;
        this.models = new ModelRegistry(service, options);
        this.decoded = new DecodeCache(decodeCacheBytes, this::decodeNow);
    }

    /** Defaults: ONNX Runtime's own session options, a 640 MiB decode cache, any thread. */
    public static SessionCore withDefaults() {
        return guarded(SlowCallGuard.ANY_THREAD);
    }

    /**
     * For one pass over many images (the CLI): keeps no decoded image, since each is decoded once
     * and not needed again, so memory stays flat however many images there are.
     */
    public static SessionCore streaming() {
        return new SessionCore(
                new ClassificationService(),
                UrlFetcher.withDefaults(),
                InferenceOptions.defaults(),
                0,
                SlowCallGuard.ANY_THREAD);
    }

    /** The same core with another guard (the window's: never on the FX thread). */
    public static SessionCore guarded(SlowCallGuard guard) {
        return new SessionCore(
                new ClassificationService(),
                UrlFetcher.withDefaults(),
                InferenceOptions.defaults(),
                DEFAULT_DECODE_CACHE_BYTES,
                guard);
    }

    public ModelRegistry models() {
        return models;
    }

    public DecodeCache decodeCache() {
        return decoded;
    }

    public Stats stats() {
        return new Stats(decodes.get(), inferences.get());
    }

    /**
     * Files and folders to images: folders contribute the images found in them (by content, see
     * {@link ImageFiles}); URLs and bytes pass through. Slow for big folders.
     */
    public List<ImageSource> expand(List<ImageSource> sources) {
        guard.check("expand");
        List<ImageSource> out = new ArrayList<>();
        for (ImageSource s : sources) {
            if (s instanceof ImageSource.FileSource f
                    && java.nio.file.Files.isDirectory(f.file())) {
                ImageFiles.Expansion e = ImageFiles.expand(List.of(f.file()));
                e.notes().forEach(n -> LOG.info("{}", n));
                for (Path p : e.images()) {
                    out.add(ImageSource.file(p));
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Loads a model (or returns the loaded one); see {@link ModelRegistry#load}. */
    public LoadedModel load(Path file, ExecutionProvider provider) {
        guard.check("load");
        return models.load(file, provider);
    }

    /**
     * The decoded image (cached).
     *
     * @throws ImageFailedException with the reason, now or on any later call
     */
    public DecodedPicture decode(ImageSource source) {
        guard.check("decode");
        return decoded.get(source);
    }

    /**
     * Classifies with the default top-k and no logits; see {@link #classify(ImageSource,
     * LoadedModel, int, boolean)}.
     */
    public ImageResult classify(ImageSource image, LoadedModel model) {
        return classify(image, model, DEFAULT_TOP_K, false);
    }

    /**
     * One image with one model, from the cache or run now; two callers asking for the same run it
     * once. Never throws for a bad image or a failed run: the result says why, for this item only.
     */
    public ImageResult classify(ImageSource image, LoadedModel model, int topK, boolean logits) {
        guard.check("classify");
        return cachedOrRun(image, null, model, topK, logits);
    }

    /**
     * Like {@link #classify(ImageSource, LoadedModel, int, boolean)} for an image the caller has
     * just decoded: it is used as it is, never decoded again (the decode cache may be too small to
     * keep it, or hold none, as in {@link #streaming()}).
     */
    public ImageResult classify(
            DecodedPicture picture, LoadedModel model, int topK, boolean logits) {
        guard.check("classify");
        return cachedOrRun(picture.source(), picture, model, topK, logits);
    }

    private ImageResult cachedOrRun(
            ImageSource image,
            DecodedPicture picture,
            LoadedModel model,
            int topK,
            boolean logits) {
        ResultKey key = new ResultKey(image.id(), model.key(), topK, logits);
        CompletableFuture<ImageResult> mine = new CompletableFuture<>();
        CompletableFuture<ImageResult> theirs = results.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) {
                return ImageResult.failed(image, model.info(), model.provider(), Messages.of(e));
            }
        }
        ImageResult r = run(image, picture, model, topK, logits);
        used.add(model.key());
        mine.complete(r);
        if (r.ok()) {
            failures.remove(key);
        } else {
            // Only successes are cached: a failure may be transient (a model closed mid-run, a
            // download that timed out); bad images stay cheap through the decode cache.
            failures.put(key, r);
            results.remove(key, mine);
        }
        return r;
    }

    /** The cached result of this image x model with the default top-k, or null (never runs). */
    public ImageResult cached(ImageSource image, ModelKey model) {
        CompletableFuture<ImageResult> f =
                results.get(new ResultKey(image.id(), model, DEFAULT_TOP_K, false));
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    /**
     * Every result so far for these images (default top-k), image by image, each with the models in
     * the order first used: the success, else the last failure; pairs never run are left out. Never
     * runs anything.
     */
    public List<ImageResult> results(List<ImageSource> images) {
        List<ModelKey> models;
        synchronized (used) {
            models = List.copyOf(used);
        }
        List<ImageResult> out = new ArrayList<>();
        for (ImageSource image : images) {
            for (ModelKey m : models) {
                ImageResult ok = cached(image, m);
                ImageResult failed =
                        failures.get(new ResultKey(image.id(), m, DEFAULT_TOP_K, false));
                if (ok != null) {
                    out.add(ok);
                } else if (failed != null) {
                    out.add(failed);
                }
            }
        }
        return out;
    }

    private ImageResult run(
            ImageSource image,
            DecodedPicture picture,
            LoadedModel model,
            int topK,
            boolean logits) {
        DecodedPicture p = picture;
        if (p == null) {
            try {
                p = decoded.get(image);
            } catch (ImageFailedException e) {
                return ImageResult.failed(image, model.info(), model.provider(), e.getMessage());
            }
        }
        try {
            inferences.incrementAndGet();
            Classification c = service.classify(model, p.image(), topK, logits);
            return ImageResult.ok(
                    image,
                    model.info(),
                    model.provider(),
                    c.withTimings(c.timings().withDecode(p.decodeMs())));
        } catch (RuntimeException e) {
            LOG.info("{} with {}: {}", image.name(), model.info().id(), e.getMessage());
            return ImageResult.failed(image, model.info(), model.provider(), Messages.of(e));
        }
    }

    /** The region of an image of this size the model sees (its center crop), in image pixels. */
    public CropBox cropBox(LoadedModel model, int imageWidth, int imageHeight) {
        CropGeometry g = service.cropGeometry(model, imageWidth, imageHeight);
        return new CropBox(g.sourceX(), g.sourceY(), g.sourceWidth(), g.sourceHeight());
    }

    /**
     * Reads a model's graph: parameters, MACs, stages, layers (slow for big files).
     *
     * @throws IOException with a message for people when the file is missing or not ONNX
     */
    public InspectionReport inspect(Path onnx, boolean withSha256) throws IOException {
        guard.check("inspect");
        return inspection.inspect(onnx, withSha256);
    }

    private DecodedPicture decodeNow(ImageSource source) {
        long t0 = System.nanoTime();
        decodes.incrementAndGet();
        try {
            DecodedImage d;
            if (source instanceof ImageSource.FileSource f) {
                d = service.decode(f.file());
            } else if (source instanceof ImageSource.BytesSource b) {
                d = service.decode(b.dataUnsafe(), b.name());
            } else {
                ImageSource.UrlSource u = (ImageSource.UrlSource) source;
                d = service.decode(fetcher.fetch(u.uri()), u.name());
            }
            return new DecodedPicture(
                    source, d.image(), d.format().displayName(), (System.nanoTime() - t0) / 1e6);
        } catch (ImageReadException e) {
            throw new ImageFailedException(e.getMessage(), e);
        }
    }

    /**
     * A model file was rewritten or deleted on disk: its loaded sessions are closed (waiting for
     * runs in flight) and its cached results dropped, so nothing the old file computed is shown for
     * the new one. Slow (may wait for a run).
     */
    public void modelFilesChanged(Set<Path> files) {
        guard.check("unload");
        Set<Path> abs = new java.util.HashSet<>();
        files.forEach(f -> abs.add(f.toAbsolutePath().normalize()));
        for (LoadedModel m : models.loaded()) {
            if (abs.contains(m.key().file().toAbsolutePath().normalize())) {
                models.unload(m.key());
            }
        }
        results.keySet().removeIf(k -> abs.contains(k.model().file().toAbsolutePath().normalize()));
        failures.keySet()
                .removeIf(k -> abs.contains(k.model().file().toAbsolutePath().normalize()));
    }

    /** Unloads every model; call when no worker can still be using them. */
    @Override
    public void close() {
        models.close();
    }
}
