package io.resnextexplorer.ui.heatmap;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.RgbImage;
import io.resnextexplorer.service.HeatmapException;
import io.resnextexplorer.service.HeatmapService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.HeatmapView;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.FxImages;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

/**
 * The heatmap view's state for the current image and model: which class (top-1 unless one is
 * chosen), which method and colormap, the opacity, overlay or side by side; and what to draw (the
 * coloured map at the model's crop size, laid over the crop box), its legend and figures. The map
 * comes from the classification already made (SessionCore.heatmap: no inference); it is computed
 * and coloured on the background executor, a newer request making older ones stale.
 */
public final class HeatmapViewModel {
    /** What the help text says about the methods (shown by the view's "?" button). */
    public static final String HELP =
            "CAM = ReLU(Σk w[c,k]·A_k): the last feature map A weighted by the classifier's row"
                    + " for class c. For a global-average-pool + linear head this equals Grad-CAM"
                    + " and HiResCAM up to a positive factor (dy_c/dA_k,ij = w[c,k]/HW at every"
                    + " cell), so no gradients are needed. Check: the mean of the map before the"
                    + " ReLU equals y_c − b_c (logit minus bias).\n"
                    + "Eigen-CAM: the feature map projected on its first principal component"
                    + " (class-agnostic), signed to agree with the mean activation.\n"
                    + "Stage: the channel-mean activation of the stem or a layer: what each depth"
                    + " responds to.\n"
                    + "The map is computed at its own resolution (7×7 for a 224 crop), smoothed"
                    + " over the model's crop; outside the crop the image is dimmed: the model never"
                    + " saw it.";

    private final UiContext ctx;
    private final SessionCore core;
    private final SessionViewModel session;
    private final AtomicLong generation = new AtomicLong();

    private final BooleanProperty active = new SimpleBooleanProperty(false);
    private final ObjectProperty<HeatmapMethod> method =
            new SimpleObjectProperty<>(HeatmapMethod.CAM);
    private final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>(Colormap.TURBO);
    private final DoubleProperty opacity = new SimpleDoubleProperty(0.5);
    private final BooleanProperty sideBySide = new SimpleBooleanProperty(false);

    /** -1: follow the top-1 class of each result. */
    private final IntegerProperty chosenClass = new SimpleIntegerProperty(-1);

    private final ObservableList<HeatmapMethod> methods = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Image> mapImage = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Image> legend = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ActivationMap> map = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<CropBox> crop = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rangeMin = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rangeMax = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sanity = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper untrained = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper lastUpdateMs = new ReadOnlyDoubleWrapper();

    public HeatmapViewModel(UiContext ctx, SessionViewModel session) {
        this.ctx = ctx;
        this.core = ctx.core();
        this.session = session;
        methods.setAll(HeatmapMethod.CAM, HeatmapMethod.EIGEN_CAM);
        session.resultProperty().addListener((o, a, b) -> refresh());
        session.modelProperty()
                .addListener(
                        (o, a, b) -> {
                            chosenClass.set(-1);
                            updateMethods(b);
                            refresh();
                        });
        session.cropProperty().addListener((o, a, b) -> crop.set(b));
        session.currentProperty().addListener((o, a, b) -> chosenClass.set(-1));
        method.addListener((o, a, b) -> refresh());
        colormap.addListener((o, a, b) -> refresh());
        chosenClass.addListener((o, a, b) -> refresh());
        active.addListener((o, a, b) -> refresh());
        updateMethods(session.modelProperty().get());
        crop.set(session.cropProperty().get());
    }

    private void updateMethods(LoadedModel model) {
        List<HeatmapMethod> list =
                new ArrayList<>(List.of(HeatmapMethod.CAM, HeatmapMethod.EIGEN_CAM));
        if (model != null && model.heatmap().available()) {
            model.heatmap().stages().forEach(s -> list.add(HeatmapMethod.stage(s)));
        }
        methods.setAll(list);
        if (!list.contains(method.get())) {
            method.set(HeatmapMethod.CAM);
        }
    }

    /** Recomputes what to draw (on the background executor; a newer call supersedes). */
    private void refresh() {
        long gen = generation.incrementAndGet();
        ImageResult r = session.resultProperty().get();
        LoadedModel model = session.modelProperty().get();
        if (!active.get()) {
            return;
        }
        if (r == null || model == null) {
            clear(
                    model == null
                            ? "Pick a model to see heatmaps."
                            : "Open an image to see its heatmap.");
            return;
        }
        if (!r.model().file().equals(model.info().file())) {
            return; // a result of the previous model; the current one's follows
        }
        HeatmapMethod m = method.get();
        Colormap cm = colormap.get();
        int cls = chosenClass.get();
        untrained.set(r.weights().untrained());
        ctx.background()
                .execute(
                        () -> {
                            long t0 = System.nanoTime();
                            HeatmapView v = core.heatmap(r, model, m, cls);
                            if (!v.ok()) {
                                ctx.fx()
                                        .execute(
                                                () -> {
                                                    if (gen == generation.get()) {
                                                        clear(v.error());
                                                    }
                                                });
                                return;
                            }
                            ActivationMap am = v.map();
                            int w = model.info().preprocess().inputWidth();
                            int h = model.info().preprocess().inputHeight();
                            RgbImage rgb = core.heatmaps().mapImage(am, cm, w, h);
                            Image fxMap = FxImages.toFx(rgb);
                            Image fxLegend = FxImages.toFx(core.heatmaps().legend(cm, 256, 12));
                            double ms = (System.nanoTime() - t0) / 1e6;
                            ctx.fx()
                                    .execute(
                                            () -> {
                                                if (gen == generation.get()) {
                                                    publish(am, model.info(), fxMap, fxLegend, ms);
                                                }
                                            });
                        });
    }

    private void publish(ActivationMap am, ModelInfo info, Image fxMap, Image fxLegend, double ms) {
        map.set(am);
        mapImage.set(am.drawable() ? fxMap : null);
        legend.set(fxLegend);
        String head =
                am.classIndex() >= 0
                        ? am.method().title() + " · class " + am.classIndex() + ": " + am.label()
                        : am.method().title();
        title.set(head + "  (" + am.width() + "×" + am.height() + " map)");
        rangeMin.set(format(am.min()));
        rangeMax.set(format(am.max()));
        if (!Double.isNaN(am.preReluMean())) {
            sanity.set(
                    String.format(
                            Locale.ROOT,
                            "Check: mean before ReLU %.4f = logit − bias %.4f",
                            am.preReluMean(),
                            am.expectedMean()));
        } else {
            sanity.set("");
        }
        message.set(am.note() == null ? "" : capitalize(am.note()));
        lastUpdateMs.set(ms);
    }

    private void clear(String why) {
        map.set(null);
        mapImage.set(null);
        title.set("");
        rangeMin.set("");
        rangeMax.set("");
        sanity.set("");
        message.set(why);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    private static String format(float v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 || v == 0 ? "%.1f" : "%.3g", v);
    }

    // ---- commands ----

    /** Shows this class's CAM (a click on a bar); switches to CAM if another method is on. */
    public void showClass(int index) {
        if (!method.get().perClass()) {
            method.set(HeatmapMethod.CAM);
        }
        chosenClass.set(index);
    }

    /** Back to each image's top-1 class. */
    public void showTop1() {
        chosenClass.set(-1);
    }

    /**
     * Looks a class up by index or (part of its) name and shows it.
     *
     * @return false when nothing or several classes match (then {@link #messageProperty()} says so)
     */
    public boolean search(String query) {
        LoadedModel model = session.modelProperty().get();
        if (model == null || query == null || query.isBlank()) {
            return false;
        }
        try {
            showClass(core.heatmaps().classIndex(model.info(), query));
            return true;
        } catch (HeatmapException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    /** Class names for the search field's suggestions ("281 tabby, tabby cat"). */
    public List<String> classNames() {
        LoadedModel model = session.modelProperty().get();
        if (model == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<String> labels = model.info().labels();
        for (int i = 0; i < labels.size(); i++) {
            out.add(i + " " + labels.get(i));
        }
        return out;
    }

    /** What the save buttons write. */
    public enum SaveKind {
        PNG,
        NPY,
        CSV
    }

    /**
     * Writes the overlay (full resolution, as drawn: overlay or side by side) or the raw map, on
     * the background executor; {@code done} gets null or the error, on the FX thread.
     */
    public void save(Path file, SaveKind kind, java.util.function.Consumer<String> done) {
        ActivationMap am = map.get();
        ImageResult r = session.resultProperty().get();
        LoadedModel model = session.modelProperty().get();
        if (am == null || r == null || model == null) {
            done.accept("There is no heatmap to save.");
            return;
        }
        Colormap cm = colormap.get();
        double alpha = opacity.get();
        boolean side = sideBySide.get();
        ctx.background()
                .execute(
                        () -> {
                            String error = null;
                            try {
                                HeatmapService hs = core.heatmaps();
                                if (kind == SaveKind.PNG) {
                                    RgbImage img = core.decode(r.image()).image();
                                    hs.writePng(
                                            file,
                                            core.render(img, model, am, cm, alpha, side),
                                            r.weights().untrained());
                                } else {
                                    hs.writeRaw(file, am);
                                }
                            } catch (Exception e) {
                                error =
                                        "Could not save "
                                                + file.getFileName()
                                                + ": "
                                                + e.getMessage();
                            }
                            String result = error;
                            ctx.fx().execute(() -> done.accept(result));
                        });
    }

    // ---- properties ----

    /** Whether the heatmap view is shown (maps are only computed while it is). */
    public BooleanProperty activeProperty() {
        return active;
    }

    public ObjectProperty<HeatmapMethod> methodProperty() {
        return method;
    }

    public ObservableList<HeatmapMethod> methods() {
        return methods;
    }

    public ObjectProperty<Colormap> colormapProperty() {
        return colormap;
    }

    /** Opacity of the colours over the picture, 0..1 (the view applies it: no recompute). */
    public DoubleProperty opacityProperty() {
        return opacity;
    }

    public BooleanProperty sideBySideProperty() {
        return sideBySide;
    }

    /** The chosen class, or -1 for each result's top-1. */
    public IntegerProperty chosenClassProperty() {
        return chosenClass;
    }

    /** The coloured map at the model's crop size; null when there is nothing to draw. */
    public ReadOnlyObjectProperty<Image> mapImageProperty() {
        return mapImage.getReadOnlyProperty();
    }

    /** The colormap as a 256x1 ramp, min to max. */
    public ReadOnlyObjectProperty<Image> legendProperty() {
        return legend.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ActivationMap> mapProperty() {
        return map.getReadOnlyProperty();
    }

    /** Where the map goes on the picture (the model's crop, in picture pixels). */
    public ReadOnlyObjectProperty<CropBox> cropProperty() {
        return crop.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rangeMinProperty() {
        return rangeMin.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rangeMaxProperty() {
        return rangeMax.getReadOnlyProperty();
    }

    /** "Check: mean before ReLU ... = logit − bias ..." for a CAM; else empty. */
    public ReadOnlyStringProperty sanityProperty() {
        return sanity.getReadOnlyProperty();
    }

    /** Why nothing is drawn ("No positive evidence for this class.", a model without a head). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The model's weights are random-init: the map shows untrained features. */
    public ReadOnlyBooleanProperty untrainedProperty() {
        return untrained.getReadOnlyProperty();
    }

    /** Time from a change (class, method, colormap) to the map ready to paint, in ms. */
    public ReadOnlyDoubleProperty lastUpdateMsProperty() {
        return lastUpdateMs.getReadOnlyProperty();
    }

    /** The picture the map is laid over (the canvas's). */
    public ReadOnlyObjectProperty<Image> pictureProperty() {
        return session.pictureProperty();
    }
}
