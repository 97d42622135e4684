package io.resnextexplorer.session;

import io.resnextexplorer.imageio.DecodedImage;
import io.resnextexplorer.imageio.ImageReadException;
import io.resnextexplorer.inference.InferenceOptions;
import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.postprocess.GlobalAveragePool;
import io.resnextexplorer.preprocess.CropGeometry;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.CompareService;
import io.resnextexplorer.service.HeatmapException;
import io.resnextexplorer.service.HeatmapService;
import io.resnextexplorer.service.InspectionService;
import io.resnextexplorer.service.LoadedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    /**
     * Large outputs (feature maps for heatmaps) kept for the most recent results: about 600
     * ResNeXt-50 images; older ones cost one inference when their heatmap is asked for again.
     */
    public static final long DEFAULT_ACTIVATION_BYTES = 256L * 1024 * 1024;

    /** The CLI's activation budget: a heatmap follows its own image's classification. */
    static final long STREAMING_ACTIVATION_BYTES = 16L * 1024 * 1024;

    /** Default decode cache: about 20 photos of 12 MP, or 700 images of 640x480. */
    public static final long DEFAULT_DECODE_CACHE_BYTES = 640L * 1024 * 1024;

    /** How many classes a result keeps by default (the window's bars). */
    public static final int DEFAULT_TOP_K = 5;

    private final ClassificationService service;
    private final InspectionService inspection = new InspectionService();
    private final HeatmapService heatmaps = new HeatmapService();
    private final CompareService compare = new CompareService();
    private final Map<ModelKey, InspectionReport> costReports = new ConcurrentHashMap<>();
    private final UrlFetcher fetcher;
    private final SlowCallGuard guard;
    private final DecodeCache decoded;
    private final ModelRegistry models;
    private final Map<ResultKey, CompletableFuture<ImageResult>> results =
            new ConcurrentHashMap<>();
    // The last failure per image x model, so exports list failed images too.
    private final Map<ResultKey, ImageResult> failures = new ConcurrentHashMap<>();
    // Feature maps and other large outputs of recent runs (results keep only the small ones).
    private final ActivationStore activations;
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
        this(service, fetcher, options, decodeCacheBytes, DEFAULT_ACTIVATION_BYTES, guard);
    }

    /**
     * @param activationBytes budget for the large outputs of recent results (feature maps)
     */
    SessionCore(
            ClassificationService service,
            UrlFetcher fetcher,
            InferenceOptions options,
            long decodeCacheBytes,
            long activationBytes,
            SlowCallGuard guard) {
        this.activations = new ActivationStore(activationBytes);
        this.service = service;
        this.fetcher = fetcher;
        this.guard = guard;
        this.models = new ModelRegistry(service, options);
        this.decoded = new DecodeCache(decodeCacheBytes, this::decodeNow);
    }

    /**
     * Loads ONNX Runtime's native libraries from the per-user cache (unpacked there once; ~160 ms
     * less at every start). Call first thing in main, before anything touches ONNX Runtime.
     */
    public static void prepareOnnxRuntime() {
        io.resnextexplorer.service.ClassificationService.useNativeLibraryFolder(
                UserDirs.nativeLibraries());
    }

    /**
     * Defaults: ONNX Runtime's own session options with optimized copies kept per user (see {@link
     * UserDirs#optimizedModels()}), a 640 MiB decode cache, any thread.
     */
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
                InferenceOptions.defaults().withOptimizedModels(UserDirs.optimizedModels()),
                0,
                // The CLI draws a heatmap right after its classification: a few maps suffice.
                STREAMING_ACTIVATION_BYTES,
                SlowCallGuard.ANY_THREAD);
    }

    /** The same core with another guard (the window's: never on the FX thread). */
    public static SessionCore guarded(SlowCallGuard guard) {
        return new SessionCore(
                new ClassificationService(),
                UrlFetcher.withDefaults(),
                InferenceOptions.defaults().withOptimizedModels(UserDirs.optimizedModels()),
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

    /**
     * Classifies a picture the caller has just decoded without keeping the result in the cache (nor
     * looking there): for one pass over a big folder (compare, evaluate), where a cache of every
     * result would grow with the folder. Never throws, like {@link #classify}.
     */
    public ImageResult classifyOnce(
            DecodedPicture picture, LoadedModel model, int topK, boolean logits) {
        guard.check("classify");
        return run(picture.source(), picture, model, topK, logits);
    }

    /** Like {@link #classifyOnce(DecodedPicture, LoadedModel, int, boolean)}, decoding first. */
    public ImageResult classifyOnce(
            ImageSource image, LoadedModel model, int topK, boolean logits) {
        guard.check("classify");
        return run(image, null, model, topK, logits);
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
            // The pooled features come with every classification (C floats), so "find similar"
            // and embeddings of classified images need no second run.
            Classification c =
                    service.classify(
                            model, p.image(), topK, logits, List.of(Classification.EMBEDDING));
            return ImageResult.ok(
                    image,
                    model.info(),
                    model.provider(),
                    keepLargeOutputsAside(image, model, c)
                            .withTimings(c.timings().withDecode(p.decodeMs())));
        } catch (RuntimeException e) {
            LOG.info("{} with {}: {}", image.name(), model.info().id(), e.getMessage());
            return ImageResult.failed(image, model.info(), model.provider(), Messages.of(e));
        }
    }

    /** Whether this model has a feature map to pool, so results carry an embedding. */
    public static boolean hasEmbeddings(LoadedModel model) {
        return model.info().outputRoles().features() != null;
    }

    /** One image's cosine similarity to the query image, or why it has none. */
    public record Similarity(ImageSource image, double cosine, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Cosine similarity of each image's pooled features to the query's, most similar first (the
     * query itself, 1.0, among them); images that failed come last with their reason, in their
     * given order. Uses cached results, so images already classified with this model (default
     * top-k) are not run again. Slow for images not classified yet.
     *
     * @throws IllegalArgumentException when the model has no feature map
     * @throws ImageFailedException when the query image itself cannot be classified
     */
    public List<Similarity> similarTo(
            ImageSource query, List<ImageSource> images, LoadedModel model) {
        guard.check("similar");
        if (!hasEmbeddings(model)) {
            throw new IllegalArgumentException(Messages.noFeatures(model.info().id()));
        }
        ImageResult q = classify(query, model);
        if (!q.ok()) {
            throw new ImageFailedException(q.error(), null);
        }
        float[] qe = q.classification().embedding();
        List<Similarity> ok = new ArrayList<>();
        List<Similarity> failed = new ArrayList<>();
        for (ImageSource image : images) {
            ImageResult r = classify(image, model);
            if (r.ok() && r.classification().embedding() != null) {
                ok.add(
                        new Similarity(
                                image,
                                GlobalAveragePool.cosine(qe, r.classification().embedding()),
                                null));
            } else {
                failed.add(new Similarity(image, Double.NaN, r.ok() ? "no features" : r.error()));
            }
        }
        // Stable: equal similarities keep the strip's order.
        ok.sort((a, b) -> Double.compare(b.cosine(), a.cosine()));
        ok.addAll(failed);
        return ok;
    }

    /**
     * The classification without its large outputs, which go to the bounded activation store:
     * results are cached and collected by batches and evaluations, and must stay small.
     */
    private Classification keepLargeOutputsAside(
            ImageSource image, LoadedModel model, Classification c) {
        Map<String, Tensor> small = new LinkedHashMap<>();
        Map<String, Tensor> large = new LinkedHashMap<>();
        c.outputs().forEach((k, t) -> (ActivationStore.isLarge(t) ? large : small).put(k, t));
        if (large.isEmpty()) {
            return c;
        }
        activations.put(image.id(), model.key(), large);
        return new Classification(c.top(), c.logits(), small, c.timings(), c.provider());
    }

    /**
     * The classification with the large outputs of its run put back: from the activation store, or,
     * when they were evicted, from one more inference of the same image.
     */
    private Classification withLargeOutputs(ImageResult r, LoadedModel model) {
        Classification c = r.classification();
        if (c.outputs().containsKey(OutputRoles.FEATURES)) {
            return c; // small enough to have stayed in the result (e.g. a tiny model's map)
        }
        Map<String, Tensor> large = activations.get(r.image().id(), model.key());
        if (large == null) {
            ImageResult again = run(r.image(), null, model, DEFAULT_TOP_K, false);
            if (!again.ok()) {
                return c;
            }
            large = activations.get(r.image().id(), model.key());
            if (large == null) {
                return c;
            }
        }
        Map<String, Tensor> all = new LinkedHashMap<>(c.outputs());
        all.putAll(large);
        return new Classification(c.top(), c.logits(), all, c.timings(), c.provider());
    }

    /**
     * Classifies one image with 2..4 models (each with all logits, cached like {@link #classify})
     * and says how they agree. Slow: one model run per model not yet cached.
     */
    public ImageComparison compare(ImageSource image, List<LoadedModel> models) {
        List<ImageResult> results = new ArrayList<>();
        for (LoadedModel m : models) {
            results.add(classify(image, m, DEFAULT_TOP_K, true));
        }
        return compare(image, models, results);
    }

    /**
     * The agreement of results at hand (the window fills its columns one by one, then asks this);
     * results that failed are left out of the figures.
     *
     * @param results one per model, same order; each with its logits (or heatmap outputs)
     */
    public ImageComparison compare(
            ImageSource image, List<LoadedModel> models, List<ImageResult> results) {
        List<io.resnextexplorer.model.ModelInfo> infos = new ArrayList<>();
        List<io.resnextexplorer.model.Classification> cs = new ArrayList<>();
        List<ModelCost> costs = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            ImageResult r = results.get(i);
            if (r.ok() && CompareService.logits(r.classification()) != null) {
                infos.add(r.model());
                cs.add(r.classification());
                costs.add(cost(models.get(i), r.classification().timings().inferenceMs()));
            }
        }
        if (infos.size() < 2) {
            return new ImageComparison(
                    image, results, null, "fewer than 2 models classified this image");
        }
        ImageAgreement a = compare.agreement(infos, cs, costs);
        return new ImageComparison(image, results, a, "");
    }

    /**
     * A model's params, MACs and this latency: from its metadata, else counted on its graph once
     * (slow the first time for a plain ONNX file).
     */
    public ModelCost cost(LoadedModel model, double latencyMs) {
        io.resnextexplorer.model.ModelInfo info = model.info();
        InspectionReport report = null;
        if (info.sourceParams() == null || info.sourceMacs() == null) {
            report =
                    costReports.computeIfAbsent(
                            model.key(),
                            k -> {
                                try {
                                    return inspection.inspect(info.file(), false);
                                } catch (IOException | RuntimeException e) {
                                    LOG.info("no cost figures for {}: {}", info.id(), e.toString());
                                    return null;
                                }
                            });
        }
        return compare.cost(info, report, latencyMs);
    }

    /** The compare use-case (pure arithmetic, any thread). */
    public CompareService compareService() {
        return compare;
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
            long size;
            if (source instanceof ImageSource.FileSource f) {
                d = service.decode(f.file());
                size = fileSize(f.file());
            } else if (source instanceof ImageSource.BytesSource b) {
                d = service.decode(b.dataUnsafe(), b.name());
                size = b.dataUnsafe().length;
            } else {
                ImageSource.UrlSource u = (ImageSource.UrlSource) source;
                byte[] data = fetcher.fetch(u.uri());
                d = service.decode(data, u.name());
                size = data.length;
            }
            return new DecodedPicture(
                    source,
                    d.image(),
                    d.format().displayName(),
                    (System.nanoTime() - t0) / 1e6,
                    d.exifOrientation(),
                    size);
        } catch (ImageReadException e) {
            throw new ImageFailedException(e.getMessage(), e);
        }
    }

    private static long fileSize(Path file) {
        try {
            return java.nio.file.Files.size(file);
        } catch (IOException e) {
            return -1; // decoded fine a moment ago; the size is only for people
        }
    }

    /**
     * The exact picture the model is given, before normalisation: the image resized and
     * center-cropped by the model's own preprocessing ({@code inputWidth x inputHeight}, 8-bit RGB,
     * EXIF orientation applied). Decodes (cached) when needed.
     *
     * @throws ImageFailedException when the image cannot be decoded
     */
    public RgbImage modelInput(ImageSource image, LoadedModel model) {
        guard.check("modelInput");
        return service.modelInput(model, decoded.get(image).image());
    }

    /**
     * Classes of this image x model whose label contains {@code query} (any case), most probable
     * first, each with its rank among all classes (1 = top-1). Runs (or reuses) one inference that
     * ranks every class.
     *
     * @param limit at most this many matches
     * @return the matches; empty for a blank query; null when the image or the run failed
     */
    public List<ClassMatch> findClasses(
            ImageSource image, LoadedModel model, String query, int limit) {
        guard.check("findClasses");
        ImageResult all = classify(image, model, model.info().numClasses(), false);
        if (!all.ok()) {
            return null;
        }
        return ClassMatch.find(all.classification().top(), query, limit);
    }

    /**
     * Why this build cannot run on {@code provider} (e.g. CUDA in a CPU-only build), or null when
     * it can try (a session may still fall back when the GPU is unusable). Loads the native library
     * on first use: off the FX thread.
     */
    public String providerUnavailableReason(ExecutionProvider provider) {
        guard.check("providers");
        return service.unavailableReason(provider);
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

    /**
     * A heatmap for one (image, model, class) from the classification (cached, or run now once);
     * any class and any method cost no further inference. Never throws for a bad image, a model
     * without a pooled linear head or a bad class: the view says why.
     *
     * @param cls class index for a CAM; -1 for the top-1 class; ignored by class-agnostic methods
     */
    public HeatmapView heatmap(
            ImageSource image, LoadedModel model, HeatmapMethod method, int cls) {
        return heatmap(classify(image, model), model, method, cls);
    }

    /** Like {@link #heatmap(ImageSource, LoadedModel, HeatmapMethod, int)} for a result at hand. */
    public HeatmapView heatmap(ImageResult r, LoadedModel model, HeatmapMethod method, int cls) {
        if (!r.ok()) {
            return new HeatmapView(r, null, null, r.error());
        }
        if (!model.heatmap().available()) {
            return new HeatmapView(r, null, null, "no heatmap: " + model.heatmap().reason());
        }
        try {
            int c = cls < 0 ? r.classification().top1().index() : cls;
            guard.check("heatmap");
            ActivationMap map = heatmaps.map(model, withLargeOutputs(r, model), method, c);
            return new HeatmapView(r, map, null, null);
        } catch (HeatmapException e) {
            return new HeatmapView(r, null, null, e.getMessage());
        }
    }

    /** The view with the crop box of an image of this size filled in. */
    public HeatmapView withCrop(HeatmapView v, LoadedModel model, int width, int height) {
        return v.ok()
                ? new HeatmapView(v.result(), v.map(), cropBox(model, width, height), null)
                : v;
    }

    /**
     * Draws a map on the image it was made from (fast: no inference, a few ms for a photo).
     *
     * @param alpha colour opacity 0..1
     */
    public RgbImage render(
            RgbImage image,
            LoadedModel model,
            ActivationMap map,
            Colormap colormap,
            double alpha,
            boolean sideBySide) {
        return heatmaps.render(
                image,
                cropBox(model, image.width(), image.height()),
                map,
                colormap,
                alpha,
                sideBySide);
    }

    /**
     * The heatmap use-case for files and class look-ups (writes are slow: not on the FX thread).
     */
    public HeatmapService heatmaps() {
        return heatmaps;
    }

    /** Unloads every model; call when no worker can still be using them. */
    @Override
    public void close() {
        models.close();
    }
}
