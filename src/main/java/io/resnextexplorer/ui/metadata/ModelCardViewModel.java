package io.resnextexplorer.ui.metadata;

import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.ui.common.GraphFigures;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.Units;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The model card beside the bars: figures, preprocessing, provider and the last timings. */
public final class ModelCardViewModel {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(ModelCardViewModel.class);

    /** Shown for a value the model file does not give. */
    public static final String UNKNOWN = "—";

    private final SessionViewModel session;
    private final UiContext ctx;
    private final java.util.Map<java.nio.file.Path, GraphFigures> graphs =
            new java.util.HashMap<>();
    private long graphGeneration;
    private final ObservableList<CardRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper weights = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper providerNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("");
    private Timings lastTimings;

    /**
     * @param ctx runs the graph inspection (MACs) off the FX thread
     */
    public ModelCardViewModel(SessionViewModel session, UiContext ctx) {
        this.session = session;
        this.ctx = ctx;
        session.modelProperty()
                .addListener(
                        (obs, old, now) -> {
                            update();
                            inspect(now);
                        });
        session.resultProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (now != null) {
                                lastTimings = now.classification().timings();
                                update();
                            }
                        });
        session.loadingModelProperty().addListener((obs, old, now) -> update());
        session.modelErrorProperty().addListener((obs, old, now) -> update());
        update();
    }

    /** What the card says instead of figures: loading which model, why none, or empty. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    public ObservableList<CardRow> rows() {
        return rows;
    }

    /** "resnext50_32x4d.ra_in1k", or empty without a model. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Where the weights came from, one line (always shown). */
    public ReadOnlyStringProperty weightsProperty() {
        return weights.getReadOnlyProperty();
    }

    /** Why the requested provider is not the one in use, or empty. */
    public ReadOnlyStringProperty providerNoteProperty() {
        return providerNote.getReadOnlyProperty();
    }

    /** Counts the graph's MACs once per file, in the background; the newest model wins. */
    private void inspect(LoadedModel m) {
        long gen = ++graphGeneration;
        if (m == null || graphs.containsKey(m.info().file())) {
            return;
        }
        java.nio.file.Path file = m.info().file();
        ctx.background()
                .execute(
                        () -> {
                            GraphFigures g;
                            try {
                                g = GraphFigures.of(ctx.core().inspect(file, false));
                            } catch (java.io.IOException | RuntimeException e) {
                                LOG.warn(
                                        "could not count the graph of {}: {}",
                                        file,
                                        e.getMessage());
                                return;
                            }
                            ctx.fx()
                                    .execute(
                                            () -> {
                                                graphs.put(file, g);
                                                if (gen == graphGeneration) {
                                                    update();
                                                }
                                            });
                        });
    }

    private void update() {
        LoadedModel m = session.modelProperty().get();
        String loading = session.loadingModelProperty().get();
        if (m == null || !loading.isEmpty()) {
            rows.clear();
            title.set("");
            weights.set("");
            providerNote.set("");
            String error = session.modelErrorProperty().get();
            placeholder.set(
                    !loading.isEmpty()
                            ? "Loading " + loading + "…"
                            : !error.isEmpty()
                                    ? "No model in use: the one picked could not be loaded ("
                                            + error
                                            + ")."
                                    : "Pick a model in the list on the left.");
            return;
        }
        ModelInfo info = m.info();
        title.set(info.timmFullName());
        weights.set(info.weights().summary());
        ProviderStatus ps = m.provider();
        providerNote.set(ps.fellBack() || !ps.note().isEmpty() ? ps.note() : "");
        rows.setAll(rows(info, ps, lastTimings, graphs.get(info.file())));
        placeholder.set("");
    }

    /**
     * The exact count of the exported model first, the card's rounded figure beside it; for a plain
     * ONNX file, the inspector's count of the graph's initializers.
     */
    private static String parameters(Long exact, CardFigures card, GraphFigures graph) {
        Long published = card == null ? null : card.params();
        if (exact != null) {
            String v = String.format(Locale.ROOT, "%,d", exact);
            return published == null ? v : v + " (card " + count(published) + ")";
        }
        if (published != null) {
            return count(published) + " (card)";
        }
        return graph == null ? "counting…" : count(graph.params()) + " (in the graph)";
    }

    /** What the card's compute figures are, said in the card itself. */
    public static final String COMPUTE_NOTE =
            "MACs = multiply-accumulates of one image (batch 1, at the input size), counted on this"
                    + " ONNX graph. FLOPs = 2 × MACs, the convention of torch's FLOP counter. The"
                    + " model card's \"FLOPs\" figure is shown as published; its convention is"
                    + " not stated.";

    static List<CardRow> rows(ModelInfo info, ProviderStatus ps, Timings t, GraphFigures graph) {
        Set<String> d = info.defaulted();
        PreprocessSpec pp = info.preprocess();
        CardFigures card = info.card();
        boolean untrained = info.weights().untrained();
        List<CardRow> out = new ArrayList<>();
        out.add(new CardRow("Id", info.id(), false, info.file().toString()));
        out.add(
                new CardRow(
                        "timm tag", orUnknown(info.timmTag()), false, orUnknown(info.timmName())));
        out.add(
                new CardRow(
                        "Weights",
                        kind(info),
                        false,
                        info.weights().summary()
                                + (info.weights().detail().isEmpty()
                                        ? ""
                                        : "\n" + info.weights().detail())));
        if (info.quantization() != null) {
            out.add(
                    new CardRow(
                            "Quantization",
                            info.quantization().summary(),
                            false,
                            "weights and activations stored as 8-bit integers; the weights are"
                                    + " the fp32 export's, so their origin is unchanged"));
        }
        boolean published = card != null && (card.top1() != null || card.top5() != null);
        out.add(
                new CardRow(
                        untrained ? "Top-1 / Top-5 (card, pretrained)" : "Top-1 / Top-5 (card)",
                        published
                                ? pct(card.top1())
                                        + " / "
                                        + pct(card.top5())
                                        + (untrained
                                                ? " — for the pretrained weights only, not these"
                                                        + " untrained ones"
                                                : "")
                                : UNKNOWN,
                        false,
                        "published ImageNet-1k accuracy of the pretrained weights"));
        List<CardRow> compute = new ArrayList<>();
        compute.add(
                new CardRow(
                        "Parameters",
                        parameters(info.sourceParams(), card, graph),
                        false,
                        info.sourceParams() != null
                                ? "exact count of the exported model: "
                                        + String.format(Locale.ROOT, "%,d", info.sourceParams())
                                : graph != null
                                        ? String.format(
                                                Locale.ROOT,
                                                "elements in the graph's initializers: %,d",
                                                graph.params())
                                        : ""));
        // Measured MACs: counted on the ONNX graph by the inspector (background); until then, or
        // when it fails, the exporter's count of the source model.
        compute.add(macsRow(info, graph));
        Long macs = graph != null ? Long.valueOf(graph.macs()) : info.sourceMacs();
        compute.add(
                new CardRow(
                        "FLOPs (2 × MACs)",
                        macs == null ? UNKNOWN : count(2 * macs),
                        false,
                        "twice the measured MACs: one multiply and one add each"));
        compute.add(
                new CardRow(
                        "FLOPs (card)",
                        card != null && card.flops() != null
                                ? count(card.flops()) + " as published"
                                : UNKNOWN,
                        false,
                        "the model card's own figure, convention not stated"
                                + (card == null ? "" : "; source: " + orUnknown(card.source()))));
        compute.add(new CardRow("File size", bytes(info.fileSize()), false, "1 MiB = 1024² bytes"));
        compute.forEach(r -> out.add(r.in(CardRow.Section.COMPUTE)));
        List<CardRow> prep = new ArrayList<>();
        prep.add(
                new CardRow(
                        "Input size",
                        pp.inputWidth() + " × " + pp.inputHeight(),
                        d.contains("input_size"),
                        ""));
        prep.add(
                new CardRow(
                        "Interpolation",
                        pp.interpolation().timmName(),
                        d.contains("interpolation"),
                        ""));
        prep.add(
                new CardRow(
                        "Crop pct",
                        String.format(Locale.ROOT, "%.3f", pp.cropPct()),
                        d.contains("crop_pct"),
                        "center crop after resizing the short side to size / crop pct"));
        prep.add(new CardRow("Mean", triple(pp.mean()), d.contains("mean"), "RGB, 0..1 scale"));
        prep.add(new CardRow("Std", triple(pp.std()), d.contains("std"), "RGB, 0..1 scale"));
        prep.add(new CardRow("Labels", info.numClasses() + " classes", d.contains("labels"), ""));
        prep.forEach(r -> out.add(r.in(CardRow.Section.PREPROCESSING)));
        List<CardRow> runtime = new ArrayList<>();
        runtime.add(
                new CardRow(
                        "Opset",
                        info.opset() == null ? UNKNOWN : info.opset().toString(),
                        false,
                        ""));
        runtime.add(
                new CardRow(
                        "Provider",
                        ps.used() + (ps.fellBack() ? " (asked for " + ps.requested() + ")" : ""),
                        false,
                        ps.note()));
        runtime.add(
                new CardRow(
                        "Last run",
                        t == null
                                ? UNKNOWN
                                : String.format(
                                        Locale.ROOT,
                                        "decode %.0f · preprocess %.0f · inference %.0f ms",
                                        t.decodeMs(),
                                        t.preprocessMs(),
                                        t.inferenceMs()),
                        false,
                        "wall-clock milliseconds of the last classification shown"));
        runtime.forEach(r -> out.add(r.in(CardRow.Section.RUNTIME)));
        return out;
    }

    private static CardRow macsRow(ModelInfo info, GraphFigures graph) {
        if (graph != null) {
            StringBuilder tip =
                    new StringBuilder("counted on this ONNX graph (FLOPs = 2 x MACs)")
                            .append(graph.complete() ? "" : "; some operators not counted")
                            .append(
                                    String.format(
                                            Locale.ROOT,
                                            "%nparameters in the graph: %,d",
                                            graph.params()));
            for (GraphFigures.Stage st : graph.stages()) {
                tip.append(
                        String.format(
                                Locale.ROOT,
                                "%n%-7s %s MACs (%.1f%%), %s params",
                                st.name(),
                                count(st.macs()),
                                st.macsPercent(),
                                count(st.params())));
            }
            return new CardRow(
                    "MACs (measured)",
                    count(graph.macs()) + (graph.complete() ? "" : " (partial)"),
                    false,
                    tip.toString());
        }
        if (info.sourceMacs() != null) {
            return new CardRow(
                    "MACs (measured)",
                    count(info.sourceMacs()) + " (export)",
                    false,
                    "counted on the source model at export time; the graph count is running");
        }
        return new CardRow("MACs (measured)", "counting…", false, "the graph count is running");
    }

    private static String kind(ModelInfo info) {
        return switch (info.weights().kind()) {
            case PRETRAINED -> "pretrained";
            case CHECKPOINT -> "checkpoint";
            case RANDOM_INIT -> "UNTRAINED (random-init)";
            case UNKNOWN -> "unknown";
        };
    }

    private static String orUnknown(String s) {
        return s == null || s.isEmpty() ? UNKNOWN : s;
    }

    /** A count with a unit that fits: "4.23 G", "12.3 M". */
    public static String count(long n) {
        return Units.count(n);
    }

    static String bytes(long n) {
        return Units.bytes(n);
    }

    private static String pct(Double d) {
        return d == null ? UNKNOWN : String.format(Locale.ROOT, "%.2f%%", d);
    }

    private static String triple(List<Double> v) {
        return v.stream()
                .map(x -> String.format(Locale.ROOT, "%.3f", x))
                .collect(Collectors.joining(", "));
    }
}
