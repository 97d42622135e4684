package io.resnextexplorer.ui.train;

import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.service.LogisticRegression;
import io.resnextexplorer.session.HeadTrainer;
import io.resnextexplorer.session.Messages;
import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.UiContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * "Train your own classes": the state of one training (progress, the report with its confusion
 * matrix, the file written, or why it failed) and the command that starts it. The work is {@link
 * HeadTrainer}'s, run on the background executor; the new model is handed to the library, which
 * lists and selects it like any model.
 */
public final class TrainHeadViewModel {
    private final UiContext ctx;
    private final Supplier<LoadedModel> activeModel;
    private final Consumer<List<Path>> openModels;
    private final String version;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper report = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper accuracy = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> written = new ReadOnlyObjectWrapper<>();

    /**
     * @param activeModel the model in use (the base), read on the FX thread
     * @param openModels adds written models to the library and switches to the first
     * @param version the app version recorded in the files written
     */
    public TrainHeadViewModel(
            UiContext ctx,
            Supplier<LoadedModel> activeModel,
            Consumer<List<Path>> openModels,
            String version) {
        this.ctx = ctx;
        this.activeModel = activeModel;
        this.openModels = openModels;
        this.version = version;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1 over the images whose features are extracted. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What is happening now, in words. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last training's report: accuracy, confusion matrix, untrained warning; or empty. */
    public ReadOnlyStringProperty reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** "Validation accuracy 93.3 % (of 15 held-out images)", or empty. */
    public ReadOnlyStringProperty accuracyProperty() {
        return accuracy.getReadOnlyProperty();
    }

    /** Why the last training failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The model file the last training wrote, or null. */
    public ReadOnlyObjectProperty<Path> writtenProperty() {
        return written.getReadOnlyProperty();
    }

    /** The model in use, which a training would start from (for the dialog's text). */
    public String baseDescription() {
        LoadedModel m = activeModel.get();
        return m == null ? "" : m.info().id() + " (" + m.info().weights().summary() + ")";
    }

    /** A file name beside the base model: "resnext50_32x4d-classes.onnx". */
    public Path suggestedOutput(Path folder) {
        LoadedModel m = activeModel.get();
        String stem =
                (m == null ? "model" : m.info().id())
                        + "-"
                        + (folder == null || folder.getFileName() == null
                                ? "classes"
                                : folder.getFileName().toString());
        Path dir = m == null ? Path.of(".") : m.info().file().toAbsolutePath().getParent();
        return dir.resolve(stem.replaceAll("[^A-Za-z0-9._-]", "_") + ".onnx");
    }

    /**
     * Trains a head on the active model's features of {@code folder} (one sub-folder per class) and
     * writes it to {@code out}; the new model then becomes the active one. FX thread.
     */
    public void train(Path folder, Path out) {
        if (running.get()) {
            return;
        }
        LoadedModel base = activeModel.get();
        error.set("");
        report.set("");
        accuracy.set("");
        written.set(null);
        if (base == null) {
            error.set(
                    "Choose a model first: its features are what the new classes are learned on.");
            return;
        }
        if (!SessionCore.hasEmbeddings(base)) {
            error.set(Messages.noFeatures(base.info().id()));
            return;
        }
        if (folder == null || out == null) {
            error.set(
                    "Choose a folder with one sub-folder of images per class, and a file to write.");
            return;
        }
        running.set(true);
        progress.set(0);
        status.set("Reading " + folder.getFileName() + "…");
        try {
            ctx.background().execute(() -> work(base, folder, out));
        } catch (RejectedExecutionException e) {
            running.set(false); // the app is closing
        }
    }

    private void work(LoadedModel base, Path folder, Path out) {
        try {
            if (Files.exists(out)) {
                throw new IllegalArgumentException(
                        out.getFileName() + " exists already; choose another file name");
            }
            HeadTrainer.Dataset data = HeadTrainer.scan(folder);
            ctx.fx()
                    .execute(
                            () ->
                                    status.set(
                                            "Extracting features of "
                                                    + data.total()
                                                    + " images in "
                                                    + data.classes().size()
                                                    + " classes…"));
            HeadTrainer.Report r =
                    HeadTrainer.train(
                            ctx.core(),
                            base,
                            data,
                            LogisticRegression.Settings.defaults(),
                            (done, total) ->
                                    ctx.fx().execute(() -> progress.set((double) done / total)));
            ctx.fx().execute(() -> status.set("Writing " + out.getFileName() + "…"));
            HeadTrainer.write(r, base, out, version);
            String summary = HeadTrainer.summary(r);
            String acc =
                    String.format(
                            Locale.ROOT,
                            "Validation accuracy %.1f %% (of %d held-out images)%s",
                            100 * r.fit().validationAccuracy(),
                            r.fit().split().validation().length,
                            r.baseUntrained() ? " — on UNTRAINED base features" : "");
            ctx.fx()
                    .execute(
                            () -> {
                                running.set(false);
                                progress.set(1);
                                report.set(summary);
                                accuracy.set(acc);
                                status.set("Wrote " + out + "; it is now the model in use.");
                                written.set(out);
                                openModels.accept(List.of(out));
                            });
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            ctx.fx()
                    .execute(
                            () -> {
                                running.set(false);
                                status.set("");
                                error.set(why);
                            });
        }
    }
}
