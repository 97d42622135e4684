package io.resnextexplorer.ui.metadata;

import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.ui.common.GraphFigures;
import io.resnextexplorer.ui.common.UiContext;
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
        update();
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
        if (m == null) {
            rows.clear();
            title.set("");
            weights.set("");
            providerNote.set("");
            return;
        }
        ModelInfo info = m.info();
        title.set(info.timmFullName());
        weights.set(info.weights().summary());
        ProviderStatus ps = m.provider();
        providerNote.set(ps.fellBack() || !ps.note().isEmpty() ? ps.note() : "");
        rows.setAll(rows(info, ps, lastTimings, graphs.get(info.file())));
    }

    /** The exact count of the exported model first, the card's rounded figure beside it. */
    private static String parameters(Long exact, CardFigures card) {
        Long published = card == null ? null : card.params();
        if (exact != null) {
            String v = String.format(Locale.ROOT, "%,d", exact);
            return published == null ? v : v + " (card " + count(published) + ")";
        }
        return published == null ? UNKNOWN : count(published) + " (card)";
    }

    static List<CardRow> rows(ModelInfo info, ProviderStatus ps, Timings t, GraphFigures graph) {
        Set<String> d = info.defaulted();
        PreprocessSpec pp = info.preprocess();
        CardFigures card = info.card();
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
        out.add(
                new CardRow(
                        "Parameters",
                        parameters(info.sourceParams(), card),
                        false,
                        info.sourceParams() == null
                                ? ""
                                : "exact count of the exported model: "
                                        + String.format(Locale.ROOT, "%,d", info.sourceParams())));
        out.add(
                new CardRow(
                        "FLOPs (card)",
                        card != null && card.flops() != null ? giga(card.flops()) : UNKNOWN,
                        false,
                        card == null ? "" : "as published: " + orUnknown(card.source())));
        // Measured MACs: counted on the ONNX graph by the inspector (background); until then, or
        // when it fails, the exporter's count of the source model.
        out.add(macsRow(info, graph));
        out.add(new CardRow("File size", bytes(info.fileSize()), false, ""));
        out.add(
                new CardRow(
                        "Top-1 / Top-5 (card)",
                        card != null && (card.top1() != null || card.top5() != null)
                                ? pct(card.top1()) + " / " + pct(card.top5())
                                : UNKNOWN,
                        false,
                        "published ImageNet accuracy of the pretrained weights"));
        out.add(
                new CardRow(
                        "Input size",
                        pp.inputWidth() + " × " + pp.inputHeight(),
                        d.contains("input_size"),
                        ""));
        out.add(
                new CardRow(
                        "Interpolation",
                        pp.interpolation().timmName(),
                        d.contains("interpolation"),
                        ""));
        out.add(
                new CardRow(
                        "Crop pct",
                        String.format(Locale.ROOT, "%.3f", pp.cropPct()),
                        d.contains("crop_pct"),
                        "center crop after resizing the short side to size / crop pct"));
        out.add(new CardRow("Mean", triple(pp.mean()), d.contains("mean"), "RGB, 0..1 scale"));
        out.add(new CardRow("Std", triple(pp.std()), d.contains("std"), "RGB, 0..1 scale"));
        out.add(new CardRow("Labels", info.numClasses() + " classes", d.contains("labels"), ""));
        out.add(
                new CardRow(
                        "Opset",
                        info.opset() == null ? UNKNOWN : info.opset().toString(),
                        false,
                        ""));
        out.add(
                new CardRow(
                        "Provider",
                        ps.used() + (ps.fellBack() ? " (asked for " + ps.requested() + ")" : ""),
                        false,
                        ps.note()));
        out.add(
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
                                giga(st.macs()),
                                st.macsPercent(),
                                count(st.params())));
            }
            return new CardRow(
                    "MACs (measured)",
                    giga(graph.macs()) + (graph.complete() ? "" : " (partial)"),
                    false,
                    tip.toString());
        }
        if (info.sourceMacs() != null) {
            return new CardRow(
                    "MACs (measured)",
                    giga(info.sourceMacs()) + " (export)",
                    false,
                    "counted on the source model at export time; the graph count is running");
        }
        return new CardRow("MACs (measured)", UNKNOWN, false, "not measured yet");
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

    static String count(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String giga(long n) {
        return String.format(Locale.ROOT, "%.2f G", n / 1e9);
    }

    static String bytes(long n) {
        if (n >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
        }
        return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
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
