package io.resnextexplorer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resnextexplorer.imageio.ImageReadException;
import io.resnextexplorer.inference.ExecutionProvider;
import io.resnextexplorer.inference.InferenceException;
import io.resnextexplorer.metadata.MetadataException;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code classify --model M.onnx [--top K] [--provider cpu|cuda] [--json] [--with-logits]
 * [--from-file LIST]... [IMAGE|FOLDER]...}
 */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        description = "Classify images; one bad image never stops the others.")
final class ClassifyCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(
            names = "--top",
            defaultValue = "5",
            description = "classes to show (default ${DEFAULT-VALUE})")
    int top;

    @Option(
            names = "--provider",
            defaultValue = "cpu",
            converter = ProviderConverter.class,
            description = "cpu or cuda (falls back to the CPU when CUDA cannot be used)")
    ExecutionProvider provider;

    @Option(names = "--json", description = "print JSON (see README)")
    boolean json;

    @Option(names = "--with-logits", description = "include all logits")
    boolean withLogits;

    @CommandLine.Mixin ImageArguments imageArguments;

    /** What {@link #imageArguments} named, folders and lists expanded; set by {@link #call()}. */
    private List<Path> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (top < 1) {
            err.println("error: --top must be at least 1");
            return Cli.UNUSABLE;
        }
        try {
            images = imageArguments.resolve(spec, err);
        } catch (ImageArguments.NoImagesException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        ClassificationService service = new ClassificationService();
        try (LoadedModel loaded = service.load(model, provider)) {
            return json ? runJson(service, loaded, out) : runText(service, loaded, out, err);
        } catch (InferenceException | MetadataException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
    }

    private int runText(
            ClassificationService service, LoadedModel loaded, PrintWriter out, PrintWriter err) {
        ModelInfo info = loaded.info();
        out.println(
                "Model:    "
                        + info.id()
                        + " ("
                        + info.timmFullName()
                        + ") on "
                        + loaded.provider().used());
        out.println("Weights:  " + info.weights().summary());
        String notes = Text.notes(info, loaded.provider());
        if (!notes.isEmpty()) {
            out.println("Note:     " + notes);
        }
        int failed = 0;
        for (Path image : images) {
            out.println();
            out.println(image);
            try {
                Classification c = service.classify(loaded, image, top, withLogits);
                int rank = 1;
                for (Prediction p : c.top()) {
                    out.printf(
                            Locale.ROOT,
                            "  %2d. %7.3f%%  %s  [class %d, logit %.4f]%n",
                            rank++,
                            100 * p.probability(),
                            p.label(),
                            p.index(),
                            p.logit());
                }
                if (info.weights().untrained()) {
                    out.println("  (untrained weights: these are not predictions)");
                }
                if (withLogits) {
                    out.println("  logits: " + java.util.Arrays.toString(c.logits()));
                }
                out.printf(
                        Locale.ROOT,
                        "  decode %.1f ms, preprocess %.1f ms, inference %.1f ms%n",
                        c.timings().decodeMs(),
                        c.timings().preprocessMs(),
                        c.timings().inferenceMs());
            } catch (ImageReadException | InferenceException e) {
                failed++;
                out.println("  error: " + e.getMessage());
            }
        }
        out.flush();
        if (failed > 0) {
            err.println(failed + " of " + images.size() + " images failed");
        }
        return failed > 0 ? Cli.SOME_FAILED : Cli.OK;
    }

    private int runJson(ClassificationService service, LoadedModel loaded, PrintWriter out) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("model", Json.model(loaded.info(), loaded.provider()));
        ArrayNode results = root.putArray("results");
        int failed = 0;
        for (Path image : images) {
            ObjectNode r = results.addObject();
            r.put("image", image.toString());
            try {
                Classification c = service.classify(loaded, image, top, withLogits);
                r.put("ok", true);
                ArrayNode topArray = r.putArray("top");
                for (Prediction p : c.top()) {
                    ObjectNode t = topArray.addObject();
                    t.put("index", p.index());
                    t.put("label", p.label());
                    t.put("probability", p.probability());
                    t.put("logit", p.logit());
                }
                if (withLogits) {
                    ArrayNode logits = r.putArray("logits");
                    for (float l : c.logits()) {
                        logits.add(l);
                    }
                }
                ObjectNode timing = r.putObject("timing_ms");
                timing.put("decode", c.timings().decodeMs());
                timing.put("preprocess", c.timings().preprocessMs());
                timing.put("inference", c.timings().inferenceMs());
            } catch (ImageReadException | InferenceException e) {
                failed++;
                r.put("ok", false);
                r.put("error", e.getMessage());
            }
        }
        out.println(Json.write(root));
        out.flush();
        return failed > 0 ? Cli.SOME_FAILED : Cli.OK;
    }

    static final class ProviderConverter implements CommandLine.ITypeConverter<ExecutionProvider> {
        @Override
        public ExecutionProvider convert(String value) {
            return ExecutionProvider.parse(value);
        }
    }
}
