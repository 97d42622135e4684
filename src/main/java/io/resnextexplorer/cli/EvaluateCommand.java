package io.resnextexplorer.cli;

import io.resnextexplorer.model.ClassMatch;
import io.resnextexplorer.model.EvaluationReport;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.EvaluationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.BatchRunner;
import io.resnextexplorer.session.EvaluationRun;
import io.resnextexplorer.session.LabelledFolder;
import io.resnextexplorer.session.ModelFailedException;
import io.resnextexplorer.session.NativeThreads;
import io.resnextexplorer.session.ResultsWriter;
import io.resnextexplorer.session.SessionCore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evaluate --model A.onnx [--model B.onnx ...] [--class-map F] [--json] DIR}: accuracy,
 * calibration and confusions on a labelled folder (ImageFolder layout).
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluate models on a labelled folder: one sub-folder per class, named by ImageNet"
                    + " synset id (n01440764), by the model's class name, or as a class-map file"
                    + " says. Top-1/top-5 accuracy as timm's validate.py counts it, with 95%"
                    + " Wilson intervals; per-class accuracy; most confused pairs; expected"
                    + " calibration error (15 bins); params, MACs, median latency.",
            "Exit codes: 0 all images classified, 1 some failed (listed), 2 bad usage, an"
                    + " unusable model, or no folder matched."
        })
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "MODEL.onnx",
            description = "ONNX model file; repeat for several models")
    List<Path> models;

    @Option(
            names = "--class-map",
            paramLabel = "FILE",
            description =
                    "FOLDER<TAB>CLASS lines (CLASS = index, synset id or class name), or timm's"
                            + " --class-map form (line i names the folder of class i)")
    Path classMap;

    @Option(
            names = "--provider",
            defaultValue = "cpu",
            converter = ClassifyCommand.ProviderConverter.class,
            description = "cpu or cuda (falls back to the CPU when CUDA cannot be used)")
    ExecutionProvider provider;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Parameters(paramLabel = "DIR", description = "the labelled folder")
    Path dir;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> map = Map.of();
        if (classMap != null) {
            try {
                map = new EvaluationService().readClassMap(classMap);
            } catch (IOException e) {
                err.println("error: cannot read class map " + classMap + ": " + e.getMessage());
                return Cli.UNUSABLE;
            } catch (IllegalArgumentException e) {
                err.println("error: class map " + classMap + ": " + e.getMessage());
                return Cli.UNUSABLE;
            }
        }
        LabelledFolder folder;
        try {
            folder = LabelledFolder.scan(dir);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        folder.notes().forEach(n -> err.println("note: " + n));
        if (folder.classes().isEmpty()) {
            err.println("error: " + dir + " has no sub-folders (one per class is expected)");
            return Cli.UNUSABLE;
        }
        ExecutorService worker =
                Executors.newSingleThreadExecutor(NativeThreads.daemonFactory("evaluate"));
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
            AtomicInteger lastTenth = new AtomicInteger();
            EvaluationRun run =
                    EvaluationRun.start(
                            core,
                            new BatchRunner(core, worker),
                            folder,
                            loaded,
                            map,
                            new EvaluationRun.Listener() {
                                @Override
                                public void onProgress(EvaluationRun r, EvaluationRun.Progress p) {
                                    int tenth = p.done() * 10 / Math.max(1, p.total());
                                    if (tenth > lastTenth.getAndSet(tenth)) {
                                        err.printf(
                                                Locale.ROOT,
                                                "progress: %d/%d, %.0f s, about %.0f s left%n",
                                                p.done(),
                                                p.total(),
                                                p.elapsedSeconds(),
                                                p.etaSeconds());
                                        err.flush();
                                    }
                                }
                            });
            List<EvaluationReport> reports;
            try {
                reports = run.finished().get();
            } catch (ExecutionException e) {
                err.println("error: " + e.getCause().getMessage());
                return Cli.UNUSABLE;
            }
            if (json) {
                out.print(
                        ResultsWriter.evaluationJson(
                                folder.root(),
                                loaded.stream().map(LoadedModel::info).toList(),
                                loaded.stream().map(LoadedModel::provider).toList(),
                                run.matches(),
                                reports,
                                folder.notes()));
            } else {
                for (int i = 0; i < loaded.size(); i++) {
                    print(out, loaded.get(i), run.matches().get(i), reports.get(i));
                }
            }
            out.flush();
            if (run.images() == 0) {
                err.println("error: no folder of " + dir + " matched any model's classes");
                return Cli.UNUSABLE;
            }
            long failed = 0;
            for (EvaluationReport r : reports) {
                for (EvaluationReport.Failure f : r.failures()) {
                    err.println("failed: " + f.image() + " (" + r.model() + "): " + f.error());
                }
                failed += r.failed();
            }
            return failed > 0 ? Cli.SOME_FAILED : Cli.OK;
        } finally {
            worker.shutdownNow();
        }
    }

    private static void print(
            PrintWriter out, LoadedModel m, ClassMatch match, EvaluationReport r) {
        out.println();
        out.println("Model:    " + r.model() + " (" + r.timm() + ") on " + m.provider().used());
        out.println("Weights:  " + r.weights().summary());
        if (r.untrained()) {
            out.println("          UNTRAINED WEIGHTS: these figures measure no trained model");
        }
        out.printf(
                Locale.ROOT,
                "Folders:  %d matched, %d unmatched%n",
                match.matched().size(),
                match.unmatched().size());
        for (ClassMatch.Unmatched u : match.unmatched()) {
            out.println("  unmatched " + u.folder() + ": " + u.reason());
        }
        out.printf(Locale.ROOT, "Images:   %d evaluated, %d failed%n", r.images(), r.failed());
        out.println("Top-1:    " + rate(r.top1()));
        out.println("Top-5:    " + rate(r.top5()));
        out.printf(
                Locale.ROOT,
                "ECE:      %s (15 equal-width bins, confidence = top-1 probability)%n",
                Double.isNaN(r.ece()) ? "-" : String.format(Locale.ROOT, "%.4f", r.ece()));
        out.printf(
                Locale.ROOT,
                "Cost:     params %s, MACs %s, median inference %s%n",
                r.cost().params() == null ? "?" : Text.si(r.cost().params()),
                r.cost().macs() == null ? "?" : Text.si(r.cost().macs()),
                Double.isNaN(r.cost().latencyMs())
                        ? "-"
                        : String.format(Locale.ROOT, "%.1f ms", r.cost().latencyMs()));
        out.println("Per class (top-1):");
        for (EvaluationReport.ClassRow c : r.perClass()) {
            out.printf(
                    Locale.ROOT,
                    "  %4d %-32s %4d/%-4d %s%n",
                    c.classIndex(),
                    shorten(c.label()),
                    c.top1(),
                    c.images(),
                    c.images() == 0
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * c.accuracy()));
        }
        if (!r.confused().isEmpty()) {
            out.println("Most confused (true -> predicted):");
            for (EvaluationReport.ConfusedPair p : r.confused()) {
                out.printf(
                        Locale.ROOT,
                        "  %s -> %s: %d (%.1f%%)%n",
                        shorten(p.trueLabel()),
                        shorten(p.predictedLabel()),
                        p.count(),
                        100 * p.fraction());
            }
        }
    }

    private static String rate(EvaluationReport.Rate r) {
        if (r.n() == 0) {
            return "- (no image)";
        }
        return String.format(
                Locale.ROOT,
                "%.2f%% (%d/%d; 95%% Wilson interval %.2f%%..%.2f%%)",
                100 * r.value(),
                r.k(),
                r.n(),
                100 * r.low(),
                100 * r.high());
    }

    private static String shorten(String label) {
        return label.length() <= 32 ? label : label.substring(0, 31) + "…";
    }
}
