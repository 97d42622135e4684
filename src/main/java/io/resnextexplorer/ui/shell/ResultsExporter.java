package io.resnextexplorer.ui.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.ui.session.SessionViewModel.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the session's results: CSV (one row per image x model x rank) and JSON. */
public final class ResultsExporter {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsExporter() {}

    public static String csv(List<Result> results) {
        StringBuilder sb =
                new StringBuilder("image,source,model,rank,class_index,label,probability,logit\n");
        for (Result r : results) {
            int rank = 1;
            for (Prediction p : r.classification().top()) {
                sb.append(field(r.image()))
                        .append(',')
                        .append(field(r.source()))
                        .append(',')
                        .append(field(r.model()))
                        .append(',')
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

    public static String json(List<Result> results) {
        ArrayNode root = JSON.createArrayNode();
        for (Result r : results) {
            ObjectNode o = root.addObject();
            o.put("image", r.image());
            o.put("source", r.source());
            o.put("model", r.model());
            o.put("provider", r.classification().provider());
            ObjectNode t = o.putObject("timings_ms");
            t.put("decode", r.classification().timings().decodeMs());
            t.put("preprocess", r.classification().timings().preprocessMs());
            t.put("inference", r.classification().timings().inferenceMs());
            ArrayNode top = o.putArray("top");
            for (Prediction p : r.classification().top()) {
                ObjectNode po = top.addObject();
                po.put("index", p.index());
                po.put("label", p.label());
                po.put("probability", p.probability());
                po.put("logit", p.logit());
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes CSV or JSON, chosen by the file's extension (".json" is JSON, else CSV). */
    public static void write(List<Result> results, Path file) {
        String text =
                file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                        ? json(results)
                        : csv(results);
        try {
            // Write next to the target, then move: a reader never sees half a file.
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
