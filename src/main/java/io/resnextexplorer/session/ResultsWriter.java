package io.resnextexplorer.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.ModelCost;
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

    /**
     * {@link #json} for heatmaps ({@code heatmap --json}): each result gets a {@code heatmap}
     * object (method, class, map size, value range, sanity figures, files written, or the error).
     *
     * @param views one per result, in order
     * @param files per view, the files written ("overlay", "raw"), may be empty
     */
    public static String heatmapJson(List<HeatmapView> views, List<Map<String, Path>> files) {
        List<ImageResult> results = views.stream().map(HeatmapView::result).toList();
        ObjectNode root = document(results);
        ArrayNode out = (ArrayNode) root.get("results");
        for (int i = 0; i < views.size(); i++) {
            HeatmapView v = views.get(i);
            ObjectNode h = ((ObjectNode) out.get(i)).putObject("heatmap");
            h.put("ok", v.ok());
            if (!v.ok()) {
                h.put("error", v.error());
                continue;
            }
            io.resnextexplorer.model.ActivationMap m = v.map();
            h.put("method", m.method().id());
            if (m.classIndex() >= 0) {
                h.put("class_index", m.classIndex());
                h.put("label", m.label());
            }
            h.put("width", m.width());
            h.put("height", m.height());
            h.put("min", m.min());
            h.put("max", m.max());
            if (!Double.isNaN(m.preReluMean())) {
                h.put("cam_mean_before_relu", m.preReluMean());
                h.put("logit_minus_bias", m.expectedMean());
            }
            if (m.note() == null) {
                h.putNull("note");
            } else {
                h.put("note", m.note());
            }
            if (v.crop() != null) {
                ObjectNode c = h.putObject("crop_box");
                c.put("x", v.crop().x());
                c.put("y", v.crop().y());
                c.put("width", v.crop().width());
                c.put("height", v.crop().height());
            }
            if (i < files.size()) {
                files.get(i).forEach((k, p) -> h.put(k, p.toString()));
            }
        }
        return write(root) + "\n";
    }

    /**
     * {@code compare --json}: the classify document of every result, plus {@code agreement}: per
     * image the figures of {@link #agreement}, and for more than one image the folder figures of
     * {@link #folderAgreement}.
     *
     * @param folder the folder table, or null for a single image
     */
    public static String compareJson(List<ImageComparison> images, FolderAgreement folder) {
        List<ImageResult> results = new java.util.ArrayList<>();
        images.forEach(c -> results.addAll(c.results()));
        ObjectNode root = document(results);
        ArrayNode per = root.putArray("agreement");
        for (ImageComparison c : images) {
            ObjectNode o = per.addObject();
            o.put("image", c.image().id());
            o.put("name", c.image().name());
            if (c.agreement() == null) {
                o.putNull("figures");
                o.put("note", c.note());
            } else {
                o.set("figures", agreement(c.agreement()));
            }
        }
        if (folder != null) {
            root.set("folder", folderAgreement(folder, false));
        }
        return write(root) + "\n";
    }

    /**
     * {@link #document} of a folder comparison's results plus its {@code folder} figures (the
     * window's Export).
     */
    public static String folderJson(List<ImageResult> results, FolderAgreement folder) {
        ObjectNode root = document(results);
        root.set("folder", folderAgreement(folder, true));
        return write(root) + "\n";
    }

    /** Writes {@link #folderJson} (".json") or {@link #csv} (else), atomically. */
    public static void writeFolder(List<ImageResult> results, FolderAgreement folder, Path file) {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        writeAtomically(file, json ? folderJson(results, folder) : csv(results));
    }

    /**
     * One image's agreement: models, untrained flags, same top-1, top-5 overlap matrix,
     * Jensen-Shannon divergence in bits (log base 2), ranks of each other's top-1, costs.
     */
    public static ObjectNode agreement(ImageAgreement a) {
        ObjectNode o = MAPPER.createObjectNode();
        strings(o.putArray("models"), a.models());
        ArrayNode u = o.putArray("untrained");
        a.untrained().forEach(u::add);
        ArrayNode t1 = o.putArray("top1");
        for (Prediction p : a.top1()) {
            ObjectNode t = t1.addObject();
            t.put("index", p.index());
            t.put("label", p.label());
            t.put("probability", p.probability());
        }
        o.put("same_top1", a.sameTop1());
        matrix(o.putArray("top5_overlap"), a.top5Overlap());
        o.put("common_top5", a.commonTop5());
        o.put("jsd_log_base", 2);
        if (a.jsdBits() == null) {
            o.putNull("jsd_bits");
            o.putNull("pairwise_jsd_bits");
            o.putNull("rank_of_top1");
        } else {
            o.put("jsd_bits", a.jsdBits());
            ArrayNode pj = o.putArray("pairwise_jsd_bits");
            for (double[] row : a.pairwiseJsdBits()) {
                ArrayNode r = pj.addArray();
                for (double v : row) {
                    r.add(v);
                }
            }
            matrix(o.putArray("rank_of_top1"), a.rankOfTop1());
        }
        ArrayNode costs = o.putArray("cost");
        for (ModelCost c : a.costs()) {
            cost(costs.addObject(), c);
        }
        note(o, a.note());
        return o;
    }

    /** A folder's agreement: disagreements, the pairwise matrix and, when asked, every row. */
    public static ObjectNode folderAgreement(FolderAgreement f, boolean withRows) {
        ObjectNode o = MAPPER.createObjectNode();
        strings(o.putArray("models"), f.models());
        ArrayNode u = o.putArray("untrained");
        f.untrained().forEach(u::add);
        o.put("images", f.rows().size());
        o.put("disagreements", f.disagreements());
        ArrayNode m = o.putArray("top1_agreement");
        for (int i = 0; i < f.models().size(); i++) {
            ArrayNode r = m.addArray();
            for (int j = 0; j < f.models().size(); j++) {
                double v = f.agreement(i, j);
                if (Double.isNaN(v)) {
                    r.addNull();
                } else {
                    r.add(v);
                }
            }
        }
        matrix(o.putArray("both_classified"), f.bothOk());
        ArrayNode speed = o.putArray("median_inference_ms");
        for (int i = 0; i < f.models().size(); i++) {
            double v = f.medianInferenceMs(i);
            if (Double.isNaN(v)) {
                speed.addNull();
            } else {
                speed.add(v);
            }
        }
        if (withRows) {
            ArrayNode rows = o.putArray("rows");
            for (FolderAgreement.Row row : f.rows()) {
                ObjectNode r = rows.addObject();
                r.put("image", row.image());
                r.put("name", row.name());
                r.put("disagree", row.disagree());
                ArrayNode cells = r.putArray("top1");
                for (FolderAgreement.Cell c : row.cells()) {
                    ObjectNode co = cells.addObject();
                    if (c.ok()) {
                        co.put("index", c.top1().index());
                        co.put("label", c.top1().label());
                        co.put("probability", c.top1().probability());
                    } else {
                        co.put("error", c.error());
                    }
                }
            }
        }
        return o;
    }

    /**
     * {@code evaluate --json}: schema version, the folder, then per model its class match (matched
     * and unmatched folders) and figures (see {@link #evaluation}).
     */
    public static String evaluationJson(
            Path folder,
            List<ModelInfo> models,
            List<ProviderStatus> providers,
            List<ClassMatch> matches,
            List<EvaluationReport> reports,
            List<String> notes) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("folder", folder.toString());
        strings(root.putArray("notes"), notes);
        ArrayNode ms = root.putArray("models");
        for (int i = 0; i < models.size(); i++) {
            ObjectNode m = model(models.get(i), providers.get(i));
            ClassMatch cm = matches.get(i);
            ArrayNode matched = m.putArray("matched_folders");
            for (ClassMatch.Folder f : cm.matched()) {
                ObjectNode fo = matched.addObject();
                fo.put("folder", f.folder());
                fo.put("class_index", f.classIndex());
                fo.put("label", f.label());
                fo.put("via", f.via().name().toLowerCase(Locale.ROOT));
            }
            ArrayNode unmatched = m.putArray("unmatched_folders");
            for (ClassMatch.Unmatched f : cm.unmatched()) {
                ObjectNode fo = unmatched.addObject();
                fo.put("folder", f.folder());
                fo.put("reason", f.reason());
            }
            m.set("evaluation", evaluation(reports.get(i)));
            ms.add(m);
        }
        return write(root) + "\n";
    }

    /**
     * One model's evaluation: images, failures, top-1/top-5 (fractions 0..1 with the 95 % Wilson
     * interval), ECE over 15 bins with the reliability bins, per class, most confused pairs, the
     * confusion matrix (at most 50 classes), cost.
     */
    public static ObjectNode evaluation(EvaluationReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("untrained", r.untrained());
        o.put("complete", r.done());
        o.put("images", r.images());
        o.put("failed", r.failed());
        rate(o.putObject("top1"), r.top1());
        rate(o.putObject("top5"), r.top5());
        o.put("interval", "95% Wilson score");
        number(o, "ece", r.ece());
        o.put("ece_bins", r.reliability().size());
        ArrayNode bins = o.putArray("reliability");
        for (EvaluationReport.ReliabilityBin b : r.reliability()) {
            ObjectNode bo = bins.addObject();
            bo.put("lower", b.lower());
            bo.put("upper", b.upper());
            bo.put("count", b.count());
            number(bo, "confidence", b.confidence());
            number(bo, "accuracy", b.accuracy());
        }
        ArrayNode pc = o.putArray("per_class");
        for (EvaluationReport.ClassRow c : r.perClass()) {
            ObjectNode co = pc.addObject();
            co.put("class_index", c.classIndex());
            co.put("label", c.label());
            co.put("folder", c.folder());
            co.put("images", c.images());
            co.put("top1_correct", c.top1());
            co.put("top5_correct", c.top5());
            number(co, "top1", c.accuracy());
        }
        ArrayNode cp = o.putArray("most_confused");
        for (EvaluationReport.ConfusedPair p : r.confused()) {
            ObjectNode po = cp.addObject();
            po.put("true_index", p.trueClass());
            po.put("true_label", p.trueLabel());
            po.put("predicted_index", p.predicted());
            po.put("predicted_label", p.predictedLabel());
            po.put("count", p.count());
            po.put("fraction", p.fraction());
        }
        if (r.matrix() == null) {
            o.putNull("confusion_matrix");
        } else {
            ObjectNode cm = o.putObject("confusion_matrix");
            ArrayNode cls = cm.putArray("classes");
            r.matrix().classes().forEach(cls::add);
            strings(cm.putArray("labels"), r.matrix().labels());
            cm.put("last_column", "other classes");
            ArrayNode rows = cm.putArray("counts");
            for (long[] row : r.matrix().counts()) {
                ArrayNode ro = rows.addArray();
                for (long v : row) {
                    ro.add(v);
                }
            }
        }
        cost(o.putObject("cost"), r.cost());
        ArrayNode f = o.putArray("failures");
        for (EvaluationReport.Failure x : r.failures()) {
            ObjectNode fo = f.addObject();
            fo.put("image", x.image());
            fo.put("error", x.error());
        }
        return o;
    }

    private static void rate(ObjectNode o, EvaluationReport.Rate r) {
        o.put("correct", r.k());
        o.put("of", r.n());
        number(o, "value", r.value());
        o.put("low", r.low());
        o.put("high", r.high());
    }

    private static void cost(ObjectNode o, ModelCost c) {
        if (c.params() == null) {
            o.putNull("params");
        } else {
            o.put("params", c.params());
        }
        if (c.macs() == null) {
            o.putNull("macs");
        } else {
            o.put("macs", c.macs());
        }
        number(o, "latency_ms", c.latencyMs());
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static void note(ObjectNode o, String note) {
        if (note == null || note.isEmpty()) {
            o.putNull("note");
        } else {
            o.put("note", note);
        }
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void matrix(ArrayNode a, int[][] m) {
        for (int[] row : m) {
            ArrayNode r = a.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
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
        writeAtomically(file, text);
    }

    private static void writeAtomically(Path file, String text) {
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
