package io.resnextexplorer.cli;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.EmbeddingsWriter;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ImageSource;
import io.resnextexplorer.session.Messages;
import io.resnextexplorer.session.SessionCore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code embed --model M.onnx [--out emb.npy] [--json] [IMAGE|FOLDER]...}. */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = {
            "Image features: the global average of the model's final feature map (2048 values for"
                    + " ResNeXt-50/101), one row per image in input order.",
            "With --out, a float32 .npy [rows, C] and a .npy.json beside it naming each row's"
                    + " image, the model and the images that failed; without, JSON on standard"
                    + " output."
        })
final class EmbedCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "ONNX model file")
    Path model;

    @Option(names = "--out", paramLabel = "FILE.npy", description = "write a float32 .npy here")
    Path out;

    @Option(
            names = "--json",
            description = "print JSON (with --out: the .npy.json description, without vectors)")
    boolean json;

    @Option(
            names = "--provider",
            defaultValue = "cpu",
            converter = ClassifyCommand.ProviderConverter.class,
            description = "cpu or cuda (falls back to the CPU when CUDA cannot be used)")
    ExecutionProvider provider;

    @CommandLine.Mixin ImageArguments imageArguments;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> images = imageArguments.resolveOrSay(spec, err);
        if (images == null) {
            return Cli.UNUSABLE;
        }
        try (SessionCore core = SessionCore.streaming()) {
            LoadedModel loaded = Cli.load(core, model, provider, err);
            if (loaded == null) {
                return Cli.UNUSABLE;
            }
            ModelInfo info = loaded.info();
            if (!SessionCore.hasEmbeddings(loaded)) {
                err.println("error: " + Messages.noFeatures(info.id()));
                return Cli.UNUSABLE;
            }
            List<ImageResult> results = new ArrayList<>();
            for (Path image : images) {
                results.add(core.classify(ImageSource.file(image), loaded, 1, false));
            }
            long failed = results.stream().filter(r -> !r.ok()).count();
            if (out == null) {
                stdout.print(EmbeddingsWriter.json(info, loaded.provider(), results, true));
            } else {
                int rows;
                try {
                    rows = EmbeddingsWriter.write(out, info, loaded.provider(), results);
                } catch (IOException e) {
                    err.println("error: could not write " + out + ": " + e.getMessage());
                    return Cli.UNUSABLE;
                }
                if (json) {
                    stdout.print(EmbeddingsWriter.json(info, loaded.provider(), results, false));
                } else {
                    stdout.println("Model:    " + info.id() + " (" + info.timmFullName() + ")");
                    stdout.println("Weights:  " + info.weights().summary());
                    String notes = Text.notes(info, loaded.provider());
                    if (!notes.isEmpty()) {
                        stdout.println("Note:     " + notes);
                    }
                    if (info.weights().untrained()) {
                        stdout.println(
                                "          (untrained weights: these features describe no"
                                        + " image content)");
                    }
                    int dim =
                            results.stream()
                                    .filter(ImageResult::ok)
                                    .findFirst()
                                    .map(r -> r.classification().embedding().length)
                                    .orElse(0);
                    stdout.println(
                            "Wrote "
                                    + rows
                                    + " x "
                                    + dim
                                    + " float32 to "
                                    + out
                                    + " (row images in "
                                    + EmbeddingsWriter.sidecar(out).getFileName()
                                    + ")");
                }
            }
            stdout.flush();
            for (ImageResult r : results) {
                if (!r.ok()) {
                    err.println(r.image().id() + ": " + r.error());
                }
            }
            if (failed > 0) {
                err.println(
                        failed
                                + " of "
                                + images.size()
                                + " images failed (left out of the rows; listed under"
                                + " \"failed\")");
            }
            return failed > 0 ? Cli.SOME_FAILED : Cli.OK;
        }
    }
}
