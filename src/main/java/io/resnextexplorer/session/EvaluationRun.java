package io.resnextexplorer.session;

import io.resnextexplorer.evaluation.EvaluationAccumulator;
import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.service.EvaluationService;
import io.resnextexplorer.service.LoadedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Evaluates 1..n models on a labelled folder, run by a {@link BatchRunner} without caching: each
 * result goes into the model's accumulator and is dropped, so memory stays bounded whatever the
 * folder's size (4 bytes per image per model for the latency median, plus failures). Only images of
 * folders that some model's classes match are run; a model skips the images of folders it has no
 * class for. Figures can be read at any time ({@link #reports()}) and fill in as results come.
 */
public final class EvaluationRun {
    /**
     * Where a run is.
     *
     * @param done items (image x model) finished
     * @param total items in all
     * @param elapsedSeconds since the start
     * @param etaSeconds estimated time left (NaN before the first item)
     */
    public record Progress(int done, int total, double elapsedSeconds, double etaSeconds) {}

    /** Told on the worker thread. */
    public interface Listener {
        default void onProgress(EvaluationRun run, Progress progress) {}

        default void onFinished(EvaluationRun run) {}
    }

    private final LabelledFolder folder;
    private final List<LoadedModel> models;
    private final List<ClassMatch> matches = new ArrayList<>();
    private final List<EvaluationAccumulator> accs = new ArrayList<>();
    private final List<Map<String, Integer>> targets = new ArrayList<>();
    private final List<ModelCost> costs = new ArrayList<>();
    private final List<ImageSource> images = new ArrayList<>();
    private final List<String> imageFolder = new ArrayList<>();
    private final CompletableFuture<List<EvaluationReport>> finished = new CompletableFuture<>();
    private final EvaluationService service = new EvaluationService();
    private final long start = System.nanoTime();
    private volatile BatchRunner.Batch batch;
    private volatile Progress progress;
    private volatile boolean stopped;

    private EvaluationRun(
            SessionCore core,
            LabelledFolder folder,
            List<LoadedModel> models,
            Map<String, String> classMap) {
        this.folder = folder;
        this.models = List.copyOf(models);
        Set<String> wanted = new LinkedHashSet<>();
        for (LoadedModel m : models) {
            ClassMatch match = service.match(m.info(), folder.names(), classMap);
            matches.add(match);
            accs.add(service.accumulator(m.info(), match));
            Map<String, Integer> t = new HashMap<>();
            for (ClassMatch.Folder f : match.matched()) {
                t.put(f.folder(), f.classIndex());
                wanted.add(f.folder());
            }
            targets.add(t);
            // Params and MACs only; the latency is the median measured during the run.
            costs.add(core.cost(m, Double.NaN));
        }
        for (LabelledFolder.ClassFolder c : folder.classes()) {
            if (wanted.contains(c.name())) {
                for (Path p : c.images()) {
                    images.add(ImageSource.file(p));
                    imageFolder.add(c.name());
                }
            }
        }
        progress = new Progress(0, images.size() * models.size(), 0, Double.NaN);
    }

    /**
     * Matches the folders to each model's classes, then starts the run on the runner's executor
     * (superseding its batch before). Slow for a plain ONNX file (its MACs are counted first): call
     * off the FX thread.
     *
     * @param classMap folder -> class from the user's class-map file, may be empty
     */
    public static EvaluationRun start(
            SessionCore core,
            BatchRunner runner,
            LabelledFolder folder,
            List<LoadedModel> models,
            Map<String, String> classMap,
            Listener listener) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("evaluate needs a model");
        }
        EvaluationRun run = new EvaluationRun(core, folder, models, classMap);
        int n = models.size();
        run.batch =
                runner.run(
                        run.images,
                        models,
                        EvaluationService.TOP_K,
                        false,
                        new BatchRunner.Listener() {
                            @Override
                            public void onResult(int index, ImageResult r, int done) {
                                run.add(index / n, index % n, r);
                                double s = (System.nanoTime() - run.start) / 1e9;
                                int total = run.images.size() * n;
                                run.progress =
                                        new Progress(done, total, s, s / done * (total - done));
                                listener.onProgress(run, run.progress);
                            }

                            @Override
                            public void onFinished(BatchRunner.Batch b) {
                                run.stopped |= b.cancelled();
                                run.finished.complete(run.reports());
                                listener.onFinished(run);
                            }
                        });
        return run;
    }

    private void add(int image, int model, ImageResult r) {
        Integer target = targets.get(model).get(imageFolder.get(image));
        if (target == null) {
            return; // this model has no class for the folder
        }
        if (r.ok()) {
            service.add(accs.get(model), target, r.classification());
        } else {
            accs.get(model).fail(r.image().id(), r.error());
        }
    }

    public LabelledFolder folder() {
        return folder;
    }

    /** Per model (in order), which folders are which class, and which are none. */
    public List<ClassMatch> matches() {
        return List.copyOf(matches);
    }

    /** Images that are run (those of folders some model matched). */
    public int images() {
        return images.size();
    }

    public Progress progress() {
        return progress;
    }

    /** The figures so far, one report per model. */
    public List<EvaluationReport> reports() {
        boolean done = !cancelled() && progress.done() == progress.total();
        List<EvaluationReport> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            ModelCost c = costs.get(i);
            out.add(accs.get(i).report(c.params(), c.macs(), done));
        }
        return out;
    }

    /** Whether the run was cancelled or superseded before its end. */
    public boolean cancelled() {
        BatchRunner.Batch b = batch;
        return stopped || (b != null && b.cancelled());
    }

    /** Stops after the image in progress; the figures so far stay readable. */
    public void cancel() {
        stopped = true;
        BatchRunner.Batch b = batch;
        if (b != null) {
            b.cancel();
        }
    }

    /** Completes with the reports when the run ends, done or cancelled. */
    public CompletableFuture<List<EvaluationReport>> finished() {
        return finished;
    }
}
