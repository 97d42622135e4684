package io.resnextexplorer.cli;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.FolderAgreement;
import io.resnextexplorer.model.ImageAgreement;
import io.resnextexplorer.model.ModelCost;
import io.resnextexplorer.model.Prediction;
import io.resnextexplorer.service.CompareService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ImageComparison;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.ModelFailedException;
import io.resnextexplorer.session.ResultsWriter;
import io.resnextexplorer.session.SessionCore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code compare --models A.onnx B.onnx [C.onnx [D.onnx]] [--json] IMAGE|FOLDER...}: each model's
 * result as {@code classify} gives it, and how the models agree.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Classify the same images with 2 to 4 models and say how they agree: same top-1,"
                    + " top-5 overlap, Jensen-Shannon divergence (bits, log base 2), each model's"
                    + " rank of the others' top-1, params/MACs/latency; for several images a"
                    + " table and the pairwise top-1 agreement."
        })
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec CommandSpec spec;

    @Option(
            names = "--models",
            paramLabel = "MODEL.onnx",
            parameterConsumer = OnnxFiles.class,
            description = "2 to 4 ONNX model files (the values ending in .onnx after --models)")
    List<Path> models = new ArrayList<>();

    @Option(
            names = "--provider",
            defaultValue = "cpu",
            converter = ClassifyCommand.ProviderConverter.class,
            description = "cpu or cuda (falls back to the CPU when CUDA cannot be used)")
    ExecutionProvider provider;

    @Option(names = "--json", description = "print JSON (classify's records plus agreement)")
    boolean json;

    @CommandLine.Mixin ImageArguments imageArguments;

    /** Takes the values after {@code --models} while they end in ".onnx": images follow them. */
    static final class OnnxFiles implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
            List<Path> list = argSpec.getValue();
            int before = list.size();
            while (!args.isEmpty()
                    && args.peek().toLowerCase(Locale.ROOT).endsWith(".onnx")
                    && !args.peek().startsWith("-")) {
                list.add(Path.of(args.pop()));
            }
            if (list.size() == before) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--models needs ONNX files (names ending in .onnx)");
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (models.size() < 2 || models.size() > CompareService.MAX_MODELS) {
            err.println(
                    "error: compare takes 2 to "
                            + CompareService.MAX_MODELS
                            + " models (--models A.onnx B.onnx ...), got "
                            + models.size());
            return Cli.UNUSABLE;
        }
        List<Path> images = imageArguments.resolveOrSay(spec, err);
        if (images == null) {
            return Cli.UNUSABLE;
        }
        try (SessionCore core = SessionCore.streaming()) {
            List<LoadedModel> loaded = new ArrayList<>();
            for (Path m : models) {
                try {
                    loaded.add(core.load(m, provider));
                } catch (ModelFailedException e) {
                    err.println("error: " + m + ": " + e.getMessage());
                    return Cli.UNUSABLE;
                }
            }
            if (!json) {
                printModels(out, loaded);
            }
            List<ImageComparison> comparisons = new ArrayList<>();
            FolderAccumulatorHolder table = new FolderAccumulatorHolder(core, loaded);
            int failed = 0;
            for (Path image : images) {
                ImageSource source = ImageSource.file(image);
                List<ImageResult> results = new ArrayList<>();
                for (LoadedModel m : loaded) {
                    // Not cached: a pass over a big folder keeps only slim results.
                    results.add(core.classifyOnce(source, m, SessionCore.DEFAULT_TOP_K, true));
                }
                ImageComparison full = core.compare(source, loaded, results);
                List<ImageResult> slim = results.stream().map(ImageResult::slim).toList();
                comparisons.add(new ImageComparison(source, slim, full.agreement(), full.note()));
                failed += results.stream().anyMatch(r -> !r.ok()) ? 1 : 0;
                table.add(source, results);
                if (!json) {
                    printImage(out, image, results, full);
                }
            }
            FolderAgreement folder = images.size() > 1 ? table.acc.snapshot() : null;
            if (json) {
                out.print(ResultsWriter.compareJson(comparisons, folder));
            } else if (folder != null) {
                printFolder(out, folder);
            }
            out.flush();
            if (failed > 0) {
                err.println(failed + " of " + images.size() + " images failed with some model");
            }
            return failed > 0 ? Cli.SOME_FAILED : Cli.OK;
        }
    }

    /** The folder table, filled as the images go. */
    private static final class FolderAccumulatorHolder {
        final CompareService.FolderTable acc;
        final CompareService service;

        FolderAccumulatorHolder(SessionCore core, List<LoadedModel> models) {
            service = core.compareService();
            acc = service.folder(models.stream().map(LoadedModel::info).toList());
        }

        void add(ImageSource image, List<ImageResult> results) {
            List<FolderAgreement.Cell> cells = new ArrayList<>();
            for (ImageResult r : results) {
                cells.add(service.cell(r.classification(), r.error()));
            }
            acc.add(image.id(), image.name(), cells);
        }
    }

    private static void printModels(PrintWriter out, List<LoadedModel> loaded) {
        for (int i = 0; i < loaded.size(); i++) {
            LoadedModel m = loaded.get(i);
            out.printf(
                    Locale.ROOT,
                    "Model %c:  %s (%s) on %s%n",
                    (char) ('A' + i),
                    m.info().id(),
                    m.info().timmFullName(),
                    m.provider().used());
            out.println("          weights: " + m.info().weights().summary());
            if (m.info().quantization() != null) {
                out.println("          quantization: " + m.info().quantization().summary());
            }
            String notes = Text.notes(m.info(), m.provider());
            if (!notes.isEmpty()) {
                out.println("          note: " + notes);
            }
        }
    }

    private static void printImage(
            PrintWriter out, Path image, List<ImageResult> results, ImageComparison c) {
        out.println();
        out.println(image);
        for (int i = 0; i < results.size(); i++) {
            ImageResult r = results.get(i);
            out.printf(Locale.ROOT, "  %c %s%n", (char) ('A' + i), r.model().id());
            if (!r.ok()) {
                out.println("      error: " + r.error());
                continue;
            }
            int rank = 1;
            for (Prediction p : r.classification().top()) {
                out.printf(
                        Locale.ROOT,
                        "    %d. %7.3f%%  %s  [class %d]%n",
                        rank++,
                        100 * p.probability(),
                        p.label(),
                        p.index());
            }
            if (r.weights().untrained()) {
                out.println("      (untrained weights: these are not predictions)");
            }
        }
        ImageAgreement a = c.agreement();
        if (a == null) {
            out.println("  agreement: " + c.note());
            return;
        }
        out.println("  same top-1: " + (a.sameTop1() ? "yes" : "no"));
        out.println("  top-5 overlap (classes shared): " + matrix(a.top5Overlap()));
        out.println("  in every top-5: " + a.commonTop5());
        if (a.jsdBits() != null) {
            out.printf(
                    Locale.ROOT,
                    "  Jensen-Shannon divergence: %.4f bits (log base 2; 0 = same, at most %.2f)%n",
                    a.jsdBits(),
                    Math.log(a.models().size()) / Math.log(2));
            out.println(
                    "  rank of the others' top-1 (row model ranks column model's top-1): "
                            + matrix(a.rankOfTop1()));
        }
        for (int i = 0; i < a.costs().size(); i++) {
            ModelCost cost = a.costs().get(i);
            out.printf(
                    Locale.ROOT,
                    "  cost %c: params %s, MACs %s, inference %.1f ms%n",
                    (char) ('A' + i),
                    cost.params() == null ? "?" : Text.si(cost.params()),
                    cost.macs() == null ? "?" : Text.si(cost.macs()),
                    cost.latencyMs());
        }
        if (!a.note().isEmpty()) {
            out.println("  note: " + a.note());
        }
    }

    private static void printFolder(PrintWriter out, FolderAgreement f) {
        out.println();
        out.printf(
                Locale.ROOT,
                "%d images, %d where the models' top-1 differ%n",
                f.rows().size(),
                f.disagreements());
        out.println("pairwise top-1 agreement:");
        for (int i = 0; i < f.models().size(); i++) {
            StringBuilder sb = new StringBuilder("  " + (char) ('A' + i) + " ");
            for (int j = 0; j < f.models().size(); j++) {
                double v = f.agreement(i, j);
                sb.append(
                        Double.isNaN(v)
                                ? "     -"
                                : String.format(Locale.ROOT, " %5.1f%%", 100 * v));
            }
            out.println(sb);
        }
        if (f.untrained().contains(Boolean.TRUE)) {
            out.println("(untrained weights in some model: agreement of untrained outputs)");
        }
        out.println("median inference per image, this run:");
        for (String line : speedLines(f)) {
            out.println("  " + line);
        }
    }

    /**
     * One line per model: its median ms per image and, beside A, how many times faster it ran (an
     * int8 variant next to its fp32 export says its speed-up here).
     */
    static List<String> speedLines(FolderAgreement f) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < f.models().size(); i++) {
            double v = f.medianInferenceMs(i);
            double speed = f.speedVsFirst(i);
            String ratio =
                    Double.isNaN(speed)
                            ? ""
                            : String.format(Locale.ROOT, " (%.2fx A's speed)", speed);
            lines.add(
                    (char) ('A' + i)
                            + " "
                            + (Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f ms", v))
                            + ratio
                            + "  "
                            + f.models().get(i));
        }
        return lines;
    }

    private static String matrix(int[][] m) {
        StringBuilder sb = new StringBuilder();
        for (int[] row : m) {
            sb.append(sb.length() == 0 ? "" : " | ");
            for (int k = 0; k < row.length; k++) {
                sb.append(k > 0 ? " " : "").append(row[k]);
            }
        }
        return sb.toString();
    }
}
