package io.resnextexplorer.cli;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.service.LogisticRegression;
import io.resnextexplorer.session.HeadTrainer;
import io.resnextexplorer.session.ModelFailedException;
import io.resnextexplorer.session.SessionCore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code train-head --model M.onnx --out new.onnx [--l2 X] [--seed N] DIR}. */
@Command(
        name = "train-head",
        mixinStandardHelpOptions = true,
        description = {
            "Your own classes: train a new classifier layer (a linear probe) on the model's image"
                    + " features and write a new ONNX model with it.",
            "DIR holds one sub-folder per class (the folder name is the class name), about 10"
                    + " images each at least; 20 % of each class is held out to measure accuracy."
        })
final class TrainHeadCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "the base ONNX model")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "NEW.onnx", description = "new model")
    Path out;

    @Option(
            names = "--l2",
            defaultValue = "0.001",
            description = "L2 penalty on the weights (default ${DEFAULT-VALUE})")
    double l2;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "seed of the held-out split (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--force", description = "replace NEW.onnx if it exists")
    boolean force;

    @Parameters(index = "0", paramLabel = "DIR", description = "one sub-folder of images per class")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(out) && !force) {
            err.println("error: " + out + " exists (use --force to replace it)");
            return Cli.UNUSABLE;
        }
        if (out.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            err.println("error: --out must not be the base model itself");
            return Cli.UNUSABLE;
        }
        HeadTrainer.Dataset data;
        try {
            data = HeadTrainer.scan(dir);
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return Cli.UNUSABLE;
        }
        try (SessionCore core = SessionCore.streaming()) {
            LoadedModel loaded;
            try {
                loaded = core.load(model, ExecutionProvider.CPU);
            } catch (ModelFailedException e) {
                err.println("error: " + e.getMessage());
                return Cli.UNUSABLE;
            }
            LogisticRegression.Settings defaults = LogisticRegression.Settings.defaults();
            LogisticRegression.Settings settings =
                    new LogisticRegression.Settings(
                            l2,
                            defaults.learningRate(),
                            defaults.maxEpochs(),
                            defaults.patience(),
                            defaults.validationFraction(),
                            seed);
            stdout.println(
                    "Extracting features of "
                            + data.total()
                            + " images in "
                            + data.classes().size()
                            + " classes with "
                            + loaded.info().id()
                            + " ("
                            + loaded.info().weights().summary()
                            + ")");
            stdout.flush();
            HeadTrainer.Report report;
            try {
                report = HeadTrainer.train(core, loaded, data, settings, (done, total) -> {});
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return Cli.UNUSABLE;
            }
            stdout.print(HeadTrainer.summary(report));
            try {
                HeadTrainer.write(report, loaded, out, Cli.version());
            } catch (IOException | IllegalArgumentException e) {
                err.println("error: could not write " + out + ": " + e.getMessage());
                return Cli.UNUSABLE;
            }
            stdout.println("Wrote " + out + " (classify with: classify --model " + out + " ...)");
            stdout.flush();
            if (!report.failures().isEmpty()) {
                err.println(report.failures().size() + " images gave no features (left out)");
                return Cli.SOME_FAILED;
            }
            return Cli.OK;
        }
    }
}
