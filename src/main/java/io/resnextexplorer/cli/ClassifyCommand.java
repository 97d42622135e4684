package io.resnextexplorer.cli;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.ResultsWriter;
import io.resnextexplorer.session.SessionCore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
        try (SessionCore core = SessionCore.streaming()) {
            LoadedModel loaded = Cli.load(core, model, provider, err);
            if (loaded == null) {
                return Cli.UNUSABLE;
            }
            if (!json) {
                printHeader(out, loaded);
            }
            List<ImageResult> results = new ArrayList<>();
            for (Path image : images) {
                ImageResult r = core.classify(ImageSource.file(image), loaded, top, withLogits);
                results.add(r);
                if (!json) {
                    printText(out, image, r);
                }
            }
            long failed = results.stream().filter(r -> !r.ok()).count();
            if (json) {
                out.print(ResultsWriter.json(results));
            }
            out.flush();
            if (failed > 0 && !json) {
                err.println(failed + " of " + images.size() + " images failed");
            }
            return failed > 0 ? Cli.SOME_FAILED : Cli.OK;
        }
    }

    private static void printHeader(PrintWriter out, LoadedModel loaded) {
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
    }

    private void printText(PrintWriter out, Path image, ImageResult r) {
        out.println();
        out.println(image);
        if (!r.ok()) {
            out.println("  error: " + r.error());
            return;
        }
        Classification c = r.classification();
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
        if (r.weights().untrained()) {
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
    }

    static final class ProviderConverter implements CommandLine.ITypeConverter<ExecutionProvider> {
        @Override
        public ExecutionProvider convert(String value) {
            return ExecutionProvider.parse(value);
        }
    }
}
