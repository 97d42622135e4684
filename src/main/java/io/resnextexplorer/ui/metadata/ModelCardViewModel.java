package io.resnextexplorer.ui.metadata;

import io.resnextexplorer.inference.ProviderStatus;
import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.PreprocessSpec;
import io.resnextexplorer.model.Timings;
import io.resnextexplorer.ui.common.ModelHandle;
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
    /** Shown for a value the model file does not give. */
    public static final String UNKNOWN = "—";

    private final SessionViewModel session;
    private final ObservableList<CardRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper weights = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper providerNote = new ReadOnlyStringWrapper("");
    private Timings lastTimings;

    public ModelCardViewModel(SessionViewModel session) {
        this.session = session;
        session.modelProperty().addListener((obs, old, now) -> update());
        session.resultProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (now != null) {
                                lastTimings = now.timings();
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

    private void update() {
        ModelHandle m = session.modelProperty().get();
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
        rows.setAll(rows(info, ps, lastTimings));
    }

    static List<CardRow> rows(ModelInfo info, ProviderStatus ps, Timings t) {
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
                        card != null && card.params() != null
                                ? count(card.params()) + " (card)"
                                : info.sourceParams() != null
                                        ? count(info.sourceParams()) + " (exported model)"
                                        : UNKNOWN,
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
        // Measured MACs: from the exporter's metadata for now; the ONNX graph inspector will
        // replace this with its own count of the file.
        out.add(
                new CardRow(
                        "MACs (measured)",
                        info.sourceMacs() != null ? giga(info.sourceMacs()) : UNKNOWN,
                        false,
                        info.sourceMacs() != null
                                ? "counted on the source model at export time"
                                : "not measured for this file"));
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

    /** The latest result's timings, or null. */
    Timings lastTimings() {
        Classification c = session.resultProperty().get();
        return c == null ? lastTimings : c.timings();
    }
}
