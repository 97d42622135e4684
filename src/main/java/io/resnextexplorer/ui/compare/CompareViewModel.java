package io.resnextexplorer.ui.compare;

import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.service.CompareService;
import io.resnextexplorer.service.EvaluationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.BatchRunner;
import io.resnextexplorer.session.DecodedPicture;
import io.resnextexplorer.session.EvaluationRun;
import io.resnextexplorer.session.FolderComparison;
import io.resnextexplorer.session.HeatmapView;
import io.resnextexplorer.session.ImageComparison;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.LabelledFolder;
import io.resnextexplorer.session.ResultsWriter;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.FxImages;
import io.resnextexplorer.ui.common.UiContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * State of the compare window: which models (2..4), and the three modes: one image (a column per
 * model, filled as each result arrives, with a heatmap for one class shared by all columns), a
 * folder (a row per image, disagreements highlighted and filterable, the pairwise agreement
 * matrix), and a labelled folder (per-model figures, filled in as results come, with progress, ETA
 * and cancel). Every slow step runs on the background executor through the session core; results
 * come back on the FX executor; a newer request makes older ones stale.
 */
public final class CompareViewModel {
    private final UiContext ctx;
    private final SessionCore core;
    private final BatchRunner runner;
    private final AtomicLong generation = new AtomicLong();

    private final ObservableList<Path> available = FXCollections.observableArrayList();
    private final ObservableList<Path> chosen = FXCollections.observableArrayList();
    private final StringProperty notice = new SimpleStringProperty("");

    private final ObservableList<CompareColumn> columns = FXCollections.observableArrayList();
    private final ObjectProperty<ImageAgreement> agreement = new SimpleObjectProperty<>();
    private final StringProperty agreementNote = new SimpleStringProperty("");
    private final IntegerProperty heatClass = new SimpleIntegerProperty(-1);
    private final StringProperty heatLabel = new SimpleStringProperty("");
    private final StringProperty imageName = new SimpleStringProperty("");

    private final ObservableList<FolderAgreement.Row> rows = FXCollections.observableArrayList();
    private final FilteredList<FolderAgreement.Row> shownRows = new FilteredList<>(rows);
    private final BooleanProperty onlyDisagreements = new SimpleBooleanProperty(false);
    private final ObjectProperty<FolderAgreement> folder = new SimpleObjectProperty<>();
    private final ObservableList<String> folderModels = FXCollections.observableArrayList();
    private final DoubleProperty folderProgress = new SimpleDoubleProperty(0);
    private final BooleanProperty folderRunning = new SimpleBooleanProperty(false);
    private volatile FolderComparison folderRun;

    private final ObservableList<EvaluationReport> reports = FXCollections.observableArrayList();
    private final ObservableList<ClassMatch> matches = FXCollections.observableArrayList();
    private final DoubleProperty evalProgress = new SimpleDoubleProperty(0);
    private final StringProperty evalStatus = new SimpleStringProperty("");
    private final BooleanProperty evalRunning = new SimpleBooleanProperty(false);
    private volatile EvaluationRun evalRun;
    private volatile long lastPublish;

    private List<LoadedModel> imageModels = List.of();
    private List<ImageResult> imageResults = List.of();
    private DecodedPicture imagePicture;

    public CompareViewModel(UiContext ctx) {
        this.ctx = ctx;
        this.core = ctx.core();
        this.runner = new BatchRunner(core, ctx.background());
        onlyDisagreements.addListener(
                (o, a, only) ->
                        shownRows.setPredicate(only ? FolderAgreement.Row::disagree : null));
    }

    /**
     * Offers these model files and picks the defaults: the four seed variants when present, else
     * the first models (up to 4).
     *
     * @param files models the library knows, present on disk
     * @param seeds ids of the seed variants, in their order
     */
    public void offer(List<Path> files, List<String> seeds) {
        available.setAll(files);
        List<Path> pick = new ArrayList<>();
        for (String s : seeds) {
            for (Path f : files) {
                if (f.getFileName().toString().equals(s + ".onnx") && pick.size() < 4) {
                    pick.add(f);
                }
            }
        }
        for (Path f : files) {
            if (pick.size() >= 2) {
                break;
            }
            if (!pick.contains(f)) {
                pick.add(f);
            }
        }
        chosen.setAll(pick);
    }

    public ObservableList<Path> available() {
        return available;
    }

    /** The chosen models, in column order (2..4 to compare). */
    public ObservableList<Path> chosen() {
        return chosen;
    }

    /** Adds or removes a model; at most 4. */
    public void toggle(Path model, boolean on) {
        if (on && !chosen.contains(model)) {
            if (chosen.size() >= CompareService.MAX_MODELS) {
                notice.set("At most " + CompareService.MAX_MODELS + " models side by side.");
                return;
            }
            chosen.add(model);
        } else if (!on) {
            chosen.remove(model);
        }
    }

    /** One line for the user (a problem, or what to do next). */
    public StringProperty noticeProperty() {
        return notice;
    }

    private boolean enoughModels() {
        if (chosen.size() < 2) {
            notice.set("Pick 2 to 4 models to compare.");
            return false;
        }
        notice.set("");
        return true;
    }

    private List<LoadedModel> load(List<Path> files) {
        List<LoadedModel> out = new ArrayList<>();
        for (Path f : files) {
            out.add(core.load(f, ExecutionProvider.CPU));
        }
        return out;
    }

    // ---------------------------------------------------------------- one image

    public ObservableList<CompareColumn> columns() {
        return columns;
    }

    public ObjectProperty<ImageAgreement> agreementProperty() {
        return agreement;
    }

    /** Why there is no agreement yet, or "". */
    public StringProperty agreementNoteProperty() {
        return agreementNote;
    }

    /** The class every column's heatmap shows; -1 until the first column's top-1 is known. */
    public IntegerProperty heatClassProperty() {
        return heatClass;
    }

    public StringProperty heatLabelProperty() {
        return heatLabel;
    }

    public StringProperty imageNameProperty() {
        return imageName;
    }

    /**
     * Compares the chosen models on one image: columns appear as each model's result arrives, then
     * the agreement and the heatmaps (for the first column's top-1 class).
     */
    public void compareImage(ImageSource image) {
        if (!enoughModels()) {
            return;
        }
        long gen = generation.incrementAndGet();
        List<Path> files = List.copyOf(chosen);
        columns.clear();
        agreement.set(null);
        agreementNote.set("Classifying with " + files.size() + " models…");
        heatClass.set(-1);
        heatLabel.set("");
        imageName.set(image.name());
        ctx.background()
                .execute(
                        () -> {
                            List<LoadedModel> models;
                            DecodedPicture picture;
                            try {
                                models = load(files);
                                picture = core.decode(image);
                            } catch (RuntimeException e) {
                                String msg = message(e);
                                ctx.fx().execute(() -> agreementNote.set(msg));
                                return;
                            }
                            RgbImage shown = FxImages.shrink(picture.image(), 512);
                            List<ImageResult> results = new ArrayList<>();
                            for (LoadedModel m : models) {
                                if (generation.get() != gen) {
                                    return;
                                }
                                ImageResult r =
                                        core.classify(picture, m, SessionCore.DEFAULT_TOP_K, true);
                                results.add(r);
                                var fxPicture = FxImages.toFx(shown);
                                ctx.fx().execute(() -> addColumn(gen, m, r, fxPicture));
                            }
                            ImageComparison c = core.compare(image, models, results);
                            ctx.fx()
                                    .execute(
                                            () -> {
                                                if (generation.get() != gen) {
                                                    return;
                                                }
                                                imageModels = models;
                                                imageResults = results;
                                                imagePicture = picture;
                                                agreement.set(c.agreement());
                                                agreementNote.set(c.note());
                                                ImageResult first = results.get(0);
                                                if (first.ok()) {
                                                    showHeatmaps(
                                                            first.classification().top1().index());
                                                }
                                            });
                        });
    }

    private void addColumn(long gen, LoadedModel m, ImageResult r, javafx.scene.image.Image pic) {
        if (generation.get() != gen) {
            return;
        }
        CompareColumn col =
                new CompareColumn(
                        m.info().id(),
                        m.info().weights().summary()
                                + (m.info().quantization() == null
                                        ? ""
                                        : "; " + m.info().quantization().summary()),
                        m.info().weights().untrained());
        col.pictureProperty().set(pic);
        if (r.ok()) {
            col.topProperty().set(r.classification().top());
            col.latencyProperty()
                    .set(
                            String.format(
                                    Locale.ROOT,
                                    "inference %.1f ms",
                                    r.classification().timings().inferenceMs()));
            col.statusProperty().set("");
        } else {
            col.statusProperty().set(r.error());
        }
        columns.add(col);
    }

    /** Draws every column's CAM for this class (a click on any bar). */
    public void showHeatmaps(int cls) {
        if (imageModels.isEmpty() || imagePicture == null) {
            return;
        }
        long gen = generation.get();
        heatClass.set(cls);
        List<LoadedModel> models = imageModels;
        List<ImageResult> results = imageResults;
        DecodedPicture picture = imagePicture;
        ctx.background()
                .execute(
                        () -> {
                            RgbImage base = FxImages.shrink(picture.image(), 512);
                            for (int i = 0; i < models.size(); i++) {
                                LoadedModel m = models.get(i);
                                HeatmapView v =
                                        core.heatmap(results.get(i), m, HeatmapMethod.CAM, cls);
                                javafx.scene.image.Image img;
                                String note;
                                if (v.ok()) {
                                    img =
                                            FxImages.toFx(
                                                    core.render(
                                                            base,
                                                            m,
                                                            v.map(),
                                                            Colormap.TURBO,
                                                            0.5,
                                                            false));
                                    note = v.map().note() == null ? "CAM" : v.map().note();
                                } else {
                                    img = null;
                                    note = v.error();
                                }
                                int col = i;
                                String label =
                                        cls < m.info().numClasses()
                                                ? m.info().labels().get(cls)
                                                : "";
                                ctx.fx()
                                        .execute(
                                                () -> {
                                                    if (generation.get() != gen
                                                            || col >= columns.size()) {
                                                        return;
                                                    }
                                                    if (img != null) {
                                                        columns.get(col).pictureProperty().set(img);
                                                    }
                                                    columns.get(col)
                                                            .heatmapNoteProperty()
                                                            .set(note);
                                                    heatLabel.set("class " + cls + " " + label);
                                                });
                            }
                        });
    }

    // ---------------------------------------------------------------- folder

    /** All rows so far (input order). */
    public ObservableList<FolderAgreement.Row> rows() {
        return rows;
    }

    /** The rows shown (all, or only disagreements). */
    public ObservableList<FolderAgreement.Row> shownRows() {
        return shownRows;
    }

    public BooleanProperty onlyDisagreementsProperty() {
        return onlyDisagreements;
    }

    /** The latest folder figures (matrix), or null. */
    public ObjectProperty<FolderAgreement> folderProperty() {
        return folder;
    }

    /** Model ids of the folder table's columns. */
    public ObservableList<String> folderModels() {
        return folderModels;
    }

    public DoubleProperty folderProgressProperty() {
        return folderProgress;
    }

    public BooleanProperty folderRunningProperty() {
        return folderRunning;
    }

    /** Compares the chosen models on every image in these files and folders. */
    public void compareFolder(List<Path> filesOrFolders) {
        if (!enoughModels()) {
            return;
        }
        List<Path> files = List.copyOf(chosen);
        rows.clear();
        folder.set(null);
        folderRunning.set(true);
        folderProgress.set(0);
        ctx.background()
                .execute(
                        () -> {
                            List<LoadedModel> models;
                            List<ImageSource> images;
                            try {
                                models = load(files);
                                images =
                                        core.expand(
                                                filesOrFolders.stream()
                                                        .map(ImageSource::file)
                                                        .toList());
                            } catch (RuntimeException e) {
                                String msg = message(e);
                                ctx.fx()
                                        .execute(
                                                () -> {
                                                    notice.set(msg);
                                                    folderRunning.set(false);
                                                });
                                return;
                            }
                            List<String> ids = models.stream().map(m -> m.info().id()).toList();
                            ctx.fx().execute(() -> folderModels.setAll(ids));
                            folderRun =
                                    FolderComparison.start(
                                            core,
                                            runner,
                                            images,
                                            models,
                                            new FolderComparison.Listener() {
                                                @Override
                                                public void onRow(
                                                        int index,
                                                        FolderAgreement.Row row,
                                                        int done,
                                                        int total) {
                                                    ctx.fx()
                                                            .execute(
                                                                    () -> {
                                                                        rows.add(row);
                                                                        folderProgress.set(
                                                                                (double) done
                                                                                        / total);
                                                                    });
                                                }

                                                @Override
                                                public void onFinished(FolderComparison c) {
                                                    FolderAgreement f = c.snapshot();
                                                    ctx.fx()
                                                            .execute(
                                                                    () -> {
                                                                        folder.set(f);
                                                                        folderRunning.set(false);
                                                                    });
                                                }
                                            });
                        });
    }

    /** Stops the folder comparison after the image in progress. */
    public void cancelFolder() {
        FolderComparison c = folderRun;
        if (c != null) {
            c.cancel();
        }
    }

    /** Writes the folder results (".json" with the agreement, else CSV) on the background. */
    public void exportFolder(Path file) {
        FolderComparison c = folderRun;
        if (c == null) {
            notice.set("Compare a folder first.");
            return;
        }
        ctx.background()
                .execute(
                        () -> {
                            String msg;
                            try {
                                ResultsWriter.writeFolder(c.results(), c.snapshot(), file);
                                msg = "Wrote " + file;
                            } catch (RuntimeException e) {
                                msg = message(e);
                            }
                            String m = msg;
                            ctx.fx().execute(() -> notice.set(m));
                        });
    }

    // ---------------------------------------------------------------- evaluation

    /** One report per model, refreshed as results come. */
    public ObservableList<EvaluationReport> reports() {
        return reports;
    }

    /** Per model, which folders are which class. */
    public ObservableList<ClassMatch> matches() {
        return matches;
    }

    public DoubleProperty evalProgressProperty() {
        return evalProgress;
    }

    /** "120 / 400 images, 12 s, about 28 s left", or a problem. */
    public StringProperty evalStatusProperty() {
        return evalStatus;
    }

    public BooleanProperty evalRunningProperty() {
        return evalRunning;
    }

    /**
     * Evaluates the chosen models (1 or more) on a labelled folder.
     *
     * @param classMap the user's class-map file, or null
     */
    public void evaluate(Path dir, Path classMap) {
        if (chosen.isEmpty()) {
            notice.set("Pick at least one model to evaluate.");
            return;
        }
        List<Path> files = List.copyOf(chosen);
        reports.clear();
        matches.clear();
        evalRunning.set(true);
        evalProgress.set(0);
        evalStatus.set("Reading " + dir.getFileName() + "…");
        ctx.background()
                .execute(
                        () -> {
                            EvaluationRun run;
                            try {
                                Map<String, String> map =
                                        classMap == null
                                                ? Map.of()
                                                : new EvaluationService().readClassMap(classMap);
                                LabelledFolder lf = LabelledFolder.scan(dir);
                                List<LoadedModel> models = load(files);
                                run =
                                        EvaluationRun.start(
                                                core,
                                                runner,
                                                lf,
                                                models,
                                                map,
                                                new EvaluationRun.Listener() {
                                                    @Override
                                                    public void onProgress(
                                                            EvaluationRun r,
                                                            EvaluationRun.Progress p) {
                                                        long now = System.nanoTime();
                                                        // A few refreshes a second are enough.
                                                        if (now - lastPublish > 250_000_000L) {
                                                            lastPublish = now;
                                                            publish(r, false);
                                                        }
                                                    }

                                                    @Override
                                                    public void onFinished(EvaluationRun r) {
                                                        publish(r, true);
                                                    }
                                                });
                            } catch (Exception e) {
                                String msg = message(e);
                                ctx.fx()
                                        .execute(
                                                () -> {
                                                    evalStatus.set(msg);
                                                    evalRunning.set(false);
                                                });
                                return;
                            }
                            evalRun = run;
                            List<ClassMatch> m = run.matches();
                            ctx.fx().execute(() -> matches.setAll(m));
                            if (run.images() == 0) {
                                ctx.fx()
                                        .execute(
                                                () ->
                                                        evalStatus.set(
                                                                "No folder matched the models'"
                                                                        + " classes (see the"
                                                                        + " unmatched list)."));
                            }
                        });
    }

    private void publish(EvaluationRun r, boolean finished) {
        List<EvaluationReport> snapshot = r.reports();
        EvaluationRun.Progress p = r.progress();
        String text =
                String.format(
                        Locale.ROOT,
                        "%d / %d results, %.0f s%s",
                        p.done(),
                        p.total(),
                        p.elapsedSeconds(),
                        finished
                                ? (r.cancelled() ? ", cancelled" : ", done")
                                : Double.isNaN(p.etaSeconds())
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                ", about %.0f s left",
                                                p.etaSeconds()));
        ctx.fx()
                .execute(
                        () -> {
                            reports.setAll(snapshot);
                            evalProgress.set(p.total() == 0 ? 1 : (double) p.done() / p.total());
                            if (p.total() > 0) {
                                evalStatus.set(text);
                            }
                            if (finished) {
                                evalRunning.set(false);
                            }
                        });
    }

    /** Stops the evaluation after the image in progress; the figures so far stay. */
    public void cancelEvaluation() {
        EvaluationRun r = evalRun;
        if (r != null) {
            r.cancel();
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
