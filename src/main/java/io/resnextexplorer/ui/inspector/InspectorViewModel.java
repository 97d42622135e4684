package io.resnextexplorer.ui.inspector;

import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.ModelProperties;
import io.resnextexplorer.model.graph.StageSummary;
import io.resnextexplorer.model.graph.TensorInfo;
import io.resnextexplorer.ui.common.UiContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the model inspector: what file is inspected, whether it is loading, failed or loaded,
 * and the report turned into lists the view binds to. Call the command methods on the FX thread;
 * the inspection runs through the session core on the injected background executor and its result
 * comes back through the injected FX executor. A newer {@link #inspect} supersedes an older one
 * still in flight: the older result is dropped.
 */
public final class InspectorViewModel {

    /** What the inspector shows. */
    public enum State {
        /** Nothing inspected yet. */
        EMPTY,
        /** Reading and hashing the file. */
        LOADING,
        /** The report is shown. */
        LOADED,
        /** The file could not be inspected; {@link #errorMessageProperty()} says why. */
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(InspectorViewModel.class);

    private final UiContext ctx;
    // Only touched on the FX thread: a result is applied only if its generation is still current.
    private long generation;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.EMPTY);
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Inspector");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<InspectionReport> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<CardFigures> card = new ReadOnlyObjectWrapper<>();

    private final ObservableList<Fact> fileFacts = FXCollections.observableArrayList();
    private final ObservableList<Fact> figureFacts = FXCollections.observableArrayList();
    private final ObservableList<MetadataEntry> metadata = FXCollections.observableArrayList();
    private final ObservableList<StageSummary> stages = FXCollections.observableArrayList();
    private final ObservableList<LayerRow> layers = FXCollections.observableArrayList();
    private final ObservableList<Fact> fileFactsReadOnly =
            FXCollections.unmodifiableObservableList(fileFacts);
    private final ObservableList<Fact> figureFactsReadOnly =
            FXCollections.unmodifiableObservableList(figureFacts);
    private final ObservableList<MetadataEntry> metadataReadOnly =
            FXCollections.unmodifiableObservableList(metadata);
    private final ObservableList<StageSummary> stagesReadOnly =
            FXCollections.unmodifiableObservableList(stages);
    private final ObservableList<LayerRow> layersReadOnly =
            FXCollections.unmodifiableObservableList(layers);
    private final FilteredList<LayerRow> filteredLayers = new FilteredList<>(layers);
    private final ReadOnlyStringWrapper filter = new ReadOnlyStringWrapper(this, "filter", "");
    private final StringBinding layerCountText;

    public InspectorViewModel(UiContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        filter.addListener((obs, old, text) -> filteredLayers.setPredicate(matcher(text)));
        layerCountText =
                Bindings.createStringBinding(
                        () ->
                                filteredLayers.size() == layers.size()
                                        ? String.format(
                                                Locale.ROOT, "%,d counted nodes", layers.size())
                                        : String.format(
                                                Locale.ROOT,
                                                "%,d of %,d counted nodes",
                                                filteredLayers.size(),
                                                layers.size()),
                        filteredLayers,
                        layers);
    }

    /**
     * Inspects a model file in the background; the view shows a progress indicator until the report
     * or the error arrives. Call on the FX thread.
     *
     * @param file the .onnx file
     * @param cardOrNull the published card figures of this model, shown beside the measured ones,
     *     or null when no card is known
     */
    public void inspect(Path file, CardFigures cardOrNull) {
        Objects.requireNonNull(file, "file");
        long gen = ++generation;
        clear();
        this.file.set(file);
        this.card.set(cardOrNull);
        title.set("Inspector — " + fileName(file));
        state.set(State.LOADING);
        try {
            ctx.background().execute(() -> run(gen, file, cardOrNull));
        } catch (RejectedExecutionException e) {
            fail(gen, "the inspector is shutting down; " + fileName(file) + " was not inspected");
        }
    }

    private void run(long gen, Path file, CardFigures cardOrNull) {
        try {
            InspectionReport r = ctx.core().inspect(file, true);
            ctx.fx().execute(() -> apply(gen, r, cardOrNull));
        } catch (IOException e) {
            String msg = e.getMessage();
            ctx.fx()
                    .execute(
                            () ->
                                    fail(
                                            gen,
                                            msg == null || msg.isBlank()
                                                    ? "could not read " + file
                                                    : msg));
        } catch (RuntimeException e) {
            // A bug in our reader, not the user's file: log it once, show a sentence.
            LOG.warn("inspecting {} failed", file, e);
            ctx.fx()
                    .execute(
                            () ->
                                    fail(
                                            gen,
                                            "could not inspect "
                                                    + fileName(file)
                                                    + ": "
                                                    + (e.getMessage() == null
                                                            ? e.getClass().getSimpleName()
                                                            : e.getMessage())));
        }
    }

    private void fail(long gen, String message) {
        if (gen != generation) {
            return;
        }
        clear();
        errorMessage.set(message);
        state.set(State.FAILED);
    }

    private void apply(long gen, InspectionReport r, CardFigures cardOrNull) {
        if (gen != generation) {
            return;
        }
        report.set(r);
        fileFacts.setAll(fileFacts(file.get(), r));
        figureFacts.setAll(figureFacts(r, cardOrNull));
        List<MetadataEntry> md = new ArrayList<>();
        for (Map.Entry<String, String> e : r.properties().metadata().entrySet()) {
            md.add(new MetadataEntry(e.getKey(), e.getValue()));
        }
        metadata.setAll(md);
        stages.setAll(r.stages());
        layers.setAll(r.layers());
        errorMessage.set("");
        state.set(State.LOADED);
    }

    private void clear() {
        report.set(null);
        errorMessage.set("");
        fileFacts.clear();
        figureFacts.clear();
        metadata.clear();
        stages.clear();
        layers.clear();
    }

    static List<Fact> fileFacts(Path file, InspectionReport r) {
        ModelProperties p = r.properties();
        List<Fact> f = new ArrayList<>();
        f.add(new Fact("File", file.toAbsolutePath().toString(), "", Fact.Kind.CODE));
        f.add(Fact.text("Size", Formats.bytes(r.fileSize())));
        f.add(
                new Fact(
                        "SHA-256",
                        r.sha256() == null ? "not computed" : r.sha256(),
                        "",
                        Fact.Kind.CODE));
        String producer = (p.producerName() + " " + p.producerVersion()).trim();
        f.add(Fact.text("Producer", producer.isEmpty() ? "not recorded" : producer));
        f.add(Fact.text("Format", "ONNX IR version " + p.irVersion()));
        f.add(Fact.text("Opsets", opsets(p.opsetImports())));
        if (!p.graphName().isEmpty()) {
            f.add(Fact.text("Graph", p.graphName()));
        }
        if (!p.domain().isEmpty()) {
            f.add(Fact.text("Domain", p.domain()));
        }
        if (p.modelVersion() != 0) {
            f.add(Fact.text("Model version", Long.toString(p.modelVersion())));
        }
        if (!p.docString().isBlank()) {
            f.add(Fact.text("Doc string", p.docString().strip()));
        }
        for (TensorInfo t : r.inputs()) {
            f.add(Fact.text("Input", tensor(t)));
        }
        for (TensorInfo t : r.outputs()) {
            f.add(Fact.text("Output", tensor(t)));
        }
        f.add(Fact.text("Nodes", String.format(Locale.ROOT, "%,d", r.nodeCount())));
        return f;
    }

    static List<Fact> figureFacts(InspectionReport r, CardFigures card) {
        List<Fact> f = new ArrayList<>();
        f.add(
                Fact.text(
                        "Parameters (ONNX)",
                        Formats.countExact(r.initializerParams()),
                        "elements in the graph's initializers"));
        f.add(
                Fact.text(
                        "Parameters (source)",
                        r.sourceParams() == null
                                ? "not recorded in this file"
                                : Formats.countExact(r.sourceParams()),
                        r.paramsExplanation()));
        String macsNote = "multiply-accumulates of Conv, Gemm and MatMul, " + batchLabel(r);
        if (r.sourceMacs() != null) {
            macsNote +=
                    "; source model (metadata) "
                            + Formats.count(r.sourceMacs())
                            + (r.sourceMacs() == r.totalMacs() ? ", agrees" : ", differs");
        }
        f.add(Fact.text("MACs", Formats.countExact(r.totalMacs()), macsNote));
        f.add(
                Fact.text(
                        "FLOPs",
                        Formats.countExact(r.totalFlops()),
                        "floating-point operations = 2 × MACs"));
        if (card != null) {
            String source = card.source() == null ? "model card" : card.source();
            f.add(
                    Fact.text(
                            "Card \u201cFLOPs\u201d",
                            card.flops() == null
                                    ? "not given on the card"
                                    : Formats.countExact(card.flops()),
                            "the card's own figure and convention, not necessarily 2 × MACs;"
                                    + " source: "
                                    + source));
            if (card.params() != null) {
                f.add(
                        Fact.text(
                                "Card parameters",
                                Formats.countExact(card.params()),
                                "source: " + source));
            }
        }
        if (!r.notCountedOps().isEmpty()) {
            List<String> nc = new ArrayList<>();
            for (Map.Entry<String, Integer> e : r.notCountedOps().entrySet()) {
                nc.add(e.getKey() + " × " + e.getValue());
            }
            f.add(
                    new Fact(
                            "Not counted",
                            String.join(", ", nc),
                            "these nodes' MACs are not in the totals",
                            Fact.Kind.WARNING));
        }
        for (String n : r.notes()) {
            f.add(Fact.text("Note", n));
        }
        return f;
    }

    private static String batchLabel(InspectionReport r) {
        if (r.inputs().isEmpty()
                || r.inputs().get(0).shape() == null
                || r.inputs().get(0).shape().rank() == 0) {
            return "at the input shape as declared";
        }
        Dim d = r.inputs().get(0).shape().dim(0);
        return d.isSymbolic() ? "at batch 1" : "batch " + d.countValue() + " as declared";
    }

    private static String tensor(TensorInfo t) {
        return t.name() + "   " + t.elementType() + "   " + Formats.shape(t.shape());
    }

    private static String opsets(Map<String, Long> opsets) {
        if (opsets.isEmpty()) {
            return "none declared";
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : opsets.entrySet()) {
            out.add((e.getKey().isEmpty() ? "ai.onnx" : e.getKey()) + " " + e.getValue());
        }
        return String.join(", ", out);
    }

    private static String fileName(Path file) {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }

    /**
     * Rows whose name, module, op or stage contain every whitespace-separated word of the text
     * (case-insensitive); null (all rows) for blank text.
     */
    static Predicate<LayerRow> matcher(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] words = text.strip().toLowerCase(Locale.ROOT).split("\\s+");
        return row -> {
            String hay =
                    (row.name() + '\n' + row.module() + '\n' + row.opType() + '\n' + row.stage())
                            .toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (!hay.contains(w)) {
                    return false;
                }
            }
            return true;
        };
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State getState() {
        return state.get();
    }

    /** The file being or last inspected, or null. */
    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    /** "Inspector — resnext50_32x4d.onnx". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Why the last inspection failed, for people ("truncated ONNX file: …"); "" otherwise. */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** The report shown, or null while loading, after a failure or before the first file. */
    public ReadOnlyObjectProperty<InspectionReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The card figures given with the file, or null. */
    public ReadOnlyObjectProperty<CardFigures> cardProperty() {
        return card.getReadOnlyProperty();
    }

    /** File, size, hash, producer, format, inputs and outputs. Read-only list. */
    public ObservableList<Fact> fileFacts() {
        return fileFactsReadOnly;
    }

    /** Parameters, MACs, FLOPs, card figures, uncounted ops and notes. Read-only list. */
    public ObservableList<Fact> figureFacts() {
        return figureFactsReadOnly;
    }

    /** All metadata_props in file order. Read-only list. */
    public ObservableList<MetadataEntry> metadata() {
        return metadataReadOnly;
    }

    /** Per-stage figures in network order. Read-only list. */
    public ObservableList<StageSummary> stages() {
        return stagesReadOnly;
    }

    /** Every counted node of the report in graph order. Read-only list. */
    public ObservableList<LayerRow> layers() {
        return layersReadOnly;
    }

    /**
     * Filters the layer table: rows whose name, module, op or stage contain every
     * whitespace-separated word of the text, ignoring case; blank shows every row.
     */
    public void setFilter(String text) {
        filter.set(text == null ? "" : text);
    }

    /** The layers that match {@link #filterProperty()}, in graph order. Read-only list. */
    public ObservableList<LayerRow> filteredLayers() {
        return filteredLayers;
    }

    /** The layer filter text last set with {@link #setFilter}. */
    public ReadOnlyStringProperty filterProperty() {
        return filter.getReadOnlyProperty();
    }

    /** "312 counted nodes" or "37 of 312 counted nodes" while filtering. */
    public ObservableStringValue layerCountText() {
        return layerCountText;
    }
}
