package io.resnextexplorer.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.model.WeightsOrigin;
import io.resnextexplorer.service.ModelNotes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one writer of results, for the CLI ({@code classify --json}) and the window (Export, Copy)
 * alike: one schema (README, "Results JSON"), failed images included ({@code "ok": false} with the
 * error), the weights origin and untrained flag on every record.
 */
public final class ResultsWriter {
    /** Version of the JSON and CSV layout below; bumped on any incompatible change. */
    public static final int SCHEMA_VERSION = 1;

    static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final String CSV_HEADER =
            "image,name,model,weights,untrained,provider,ok,error,rank,class_index,label,"
                    + "probability,logit\n";

    private ResultsWriter() {}

    /** The whole document: schema version, each model once, then every result in order. */
    public static ObjectNode document(List<ImageResult> results) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        ArrayNode models = root.putArray("models");
        Map<ModelKey, ImageResult> seen = new LinkedHashMap<>();
        for (ImageResult r : results) {
            seen.putIfAbsent(new ModelKey(r.model().file(), r.provider().requested()), r);
        }
        for (ImageResult r : seen.values()) {
            models.add(model(r.model(), r.provider()));
        }
        ArrayNode out = root.putArray("results");
        for (ImageResult r : results) {
            out.add(record(r, true));
        }
        return root;
    }

    /** {@link #document} as indented JSON text, ending in a newline. */
    public static String json(List<ImageResult> results) {
        return write(document(results)) + "\n";
    }

    /** The "models" entry: id, file, timm name, weights, provider, notes a reader must see. */
    public static ObjectNode model(ModelInfo info, ProviderStatus provider) {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("id", info.id());
        m.put("file", info.file().toString());
        m.put("timm", info.timmFullName());
        ObjectNode w = m.putObject("weights");
        w.put("kind", kind(info.weights()));
        w.put("summary", info.weights().summary());
        w.put("detail", info.weights().detail());
        w.put("untrained", info.weights().untrained());
        m.put("provider", provider.used().name());
        m.put("provider_requested", provider.requested().name());
        String note = ModelNotes.of(info, provider);
        if (note.isEmpty()) {
            m.putNull("note");
        } else {
            m.put("note", note);
        }
        return m;
    }

    /**
     * One result: image id and name, model id, weights kind and untrained flag, provider, then
     * either {@code ok: true} with top-k (and logits when asked) or {@code ok: false} with the
     * error.
     *
     * @param withTimings whether to add {@code timing_ms} (left out to compare runs)
     */
    public static ObjectNode record(ImageResult r, boolean withTimings) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("image", r.image().id());
        o.put("name", r.image().name());
        o.put("model", r.model().id());
        ObjectNode w = o.putObject("weights");
        w.put("kind", kind(r.weights()));
        w.put("untrained", r.weights().untrained());
        o.put("provider", r.provider().used().name());
        o.put("ok", r.ok());
        if (!r.ok()) {
            o.put("error", r.error());
            return o;
        }
        Classification c = r.classification();
        ArrayNode top = o.putArray("top");
        for (Prediction p : c.top()) {
            ObjectNode t = top.addObject();
            t.put("index", p.index());
            t.put("label", p.label());
            t.put("probability", p.probability());
            t.put("logit", p.logit());
        }
        if (c.logits() != null) {
            ArrayNode logits = o.putArray("logits");
            for (float l : c.logits()) {
                logits.add(l);
            }
        }
        if (withTimings) {
            ObjectNode t = o.putObject("timing_ms");
            t.put("decode", c.timings().decodeMs());
            t.put("preprocess", c.timings().preprocessMs());
            t.put("inference", c.timings().inferenceMs());
            t.put("postprocess", c.timings().postprocessMs());
        }
        return o;
    }

    /**
     * CSV, one row per result x rank; a failed result is one row with {@code ok=false} and the
     * error; {@code untrained=true} rows are not predictions.
     */
    public static String csv(List<ImageResult> results) {
        StringBuilder sb = new StringBuilder(CSV_HEADER);
        for (ImageResult r : results) {
            String head =
                    String.join(
                            ",",
                            field(r.image().id()),
                            field(r.image().name()),
                            field(r.model().id()),
                            kind(r.weights()),
                            Boolean.toString(r.weights().untrained()),
                            r.provider().used().name(),
                            Boolean.toString(r.ok()));
            if (!r.ok()) {
                sb.append(head).append(',').append(field(r.error())).append(",,,,,\n");
                continue;
            }
            int rank = 1;
            for (Prediction p : r.classification().top()) {
                sb.append(head)
                        .append(",,")
                        .append(rank++)
                        .append(',')
                        .append(p.index())
                        .append(',')
                        .append(field(p.label()))
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.8f", p.probability()))
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.6f", p.logit()))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * One result as the text Copy puts on the clipboard: a header with image and model, the weights
     * line (and a warning when they are untrained), then tab-separated rank, label, percent, class
     * and logit; or the error.
     */
    public static String copyText(ImageResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.image().name()).append(" — ").append(r.model().id()).append('\n');
        sb.append("weights: ").append(r.weights().summary()).append('\n');
        if (r.weights().untrained()) {
            sb.append("UNTRAINED WEIGHTS: these are not predictions\n");
        }
        if (!r.ok()) {
            return sb.append("error: ").append(r.error()).append('\n').toString();
        }
        int rank = 1;
        for (Prediction p : r.classification().top()) {
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

    /** Writes JSON or CSV, chosen by the extension (".json" is JSON, else CSV), atomically. */
    public static void write(List<ImageResult> results, Path file) {
        String text =
                file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                        ? json(results)
                        : csv(results);
        try {
            AtomicFiles.writeString(file, text); // a reader never sees half a file
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** JSON text of any tree, indented. */
    public static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "pretrained", "checkpoint", "random-init" or "unknown". */
    public static String kind(WeightsOrigin w) {
        return w.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
