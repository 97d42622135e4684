package io.resnextexplorer.app;

import io.resnextexplorer.cli.Cli;
import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.session.PullService;
import io.resnextexplorer.ui.canvas.CanvasViewModel;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.common.UserDirs;
import io.resnextexplorer.ui.compare.CompareViewModel;
import io.resnextexplorer.ui.compare.CompareWindow;
import io.resnextexplorer.ui.heatmap.HeatmapView;
import io.resnextexplorer.ui.heatmap.HeatmapViewModel;
import io.resnextexplorer.ui.hub.ModelDownloadsViewModel;
import io.resnextexplorer.ui.inspector.InspectorViewModel;
import io.resnextexplorer.ui.inspector.InspectorWindow;
import io.resnextexplorer.ui.library.ModelLibrary;
import io.resnextexplorer.ui.library.ModelLibraryViewModel;
import io.resnextexplorer.ui.metadata.ModelCardViewModel;
import io.resnextexplorer.ui.predictions.PredictionsViewModel;
import io.resnextexplorer.ui.session.SessionViewModel;
import io.resnextexplorer.ui.shell.MainView;
import io.resnextexplorer.ui.shell.ShellViewModel;
import io.resnextexplorer.ui.train.TrainHeadView;
import io.resnextexplorer.ui.train.TrainHeadViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual wiring of the view models and the main view (no DI framework). {@link App} builds one with
 * the session core and executors; tests build one with a core and executors of their own. Create
 * and use on the FX thread.
 */
public final class Explorer implements AutoCloseable {
    private final UiContext ctx;
    private final Settings settings;
    private final Path settingsFile;
    private final ModelLibraryViewModel library;
    private final SessionViewModel session;
    private final CanvasViewModel canvas;
    private final PredictionsViewModel predictions;
    private final ModelCardViewModel card;
    private final ShellViewModel shell;
    private final MainView view;
    private final TrainHeadViewModel trainHead;
    private final HeatmapViewModel heatmap;

    public Explorer(UiContext ctx, Settings settings, Path settingsFile, GuiArgs args) {
        this.ctx = ctx;
        this.settings = settings;
        this.settingsFile = settingsFile;
        List<ModelLibrary.Folder> folders = new ArrayList<>();
        if (args.modelsDir() != null) {
            folders.add(new ModelLibrary.Folder(args.modelsDir(), "--models folder"));
        }
        folders.add(new ModelLibrary.Folder(Path.of("models"), "./models"));
        folders.add(new ModelLibrary.Folder(UserDirs.models(), UserDirs.modelsForDisplay()));
        ModelLibrary lib = new ModelLibrary(folders, UserDirs.modelsForDisplay());
        library =
                new ModelLibraryViewModel(
                        ctx,
                        lib,
                        settings.extraModels.stream().map(Path::of).toList(),
                        opened -> {
                            settings.extraModels =
                                    new ArrayList<>(opened.stream().map(Path::toString).toList());
                            saveSettings();
                        });
        library.setDownloads(
                new ModelDownloadsViewModel(
                        ctx,
                        new PullService(Cli.version()),
                        PullService.endpoint(null),
                        UserDirs.models(),
                        library::refresh));
        try {
            library.providerProperty().set(ExecutionProvider.parse(settings.provider));
        } catch (IllegalArgumentException e) {
            library.providerProperty().set(ExecutionProvider.CPU);
        }
        session = new SessionViewModel(ctx, this::fileOpened);
        library.activeModelProperty().addListener((obs, old, now) -> session.setModel(now));
        // The window shows the model being loaded at once (bars cleared, "loading …"), so the
        // previous model's results are never shown as if they were the new one's.
        library.loadingIdProperty()
                .addListener(
                        (obs, old, id) -> {
                            if (!id.isEmpty()) {
                                session.modelLoading(id);
                            } else {
                                session.setModel(library.activeModelProperty().get());
                            }
                        });
        library.loadErrorProperty().addListener((obs, old, error) -> session.setModelError(error));
        shell = new ShellViewModel(ctx, session, library);
        settings.recentFiles.stream().map(Path::of).forEach(p -> shell.recentFiles().add(p));
        shell.darkProperty().set(settings.dark);
        App.applyTheme(settings.dark);
        shell.darkProperty().addListener((obs, old, dark) -> App.applyTheme(dark));
        canvas = new CanvasViewModel(session, library::addModelFiles, ctx.background());
        canvas.showCropProperty().set(settings.showCrop);
        predictions = new PredictionsViewModel(session, ctx);
        card = new ModelCardViewModel(session, ctx);
        trainHead =
                new TrainHeadViewModel(
                        ctx,
                        () -> library.activeModelProperty().get(),
                        library::addModelFiles,
                        Cli.version());
        view =
                new MainView(
                        shell,
                        session,
                        library,
                        canvas,
                        predictions,
                        card,
                        this::openInspector,
                        this::openTrainHead);
        heatmap = new HeatmapViewModel(ctx, session);
        predictions.setOnChoose(
                index -> {
                    heatmap.activeProperty().set(true);
                    heatmap.showClass(index);
                });
        view.installHeatmap(new HeatmapView(heatmap), heatmap.activeProperty());
        view.installCompare(this::openCompare);

        Path last = settings.lastModel == null ? null : Path.of(settings.lastModel);
        library.refresh(last); // says "loading" at once: images given below wait for the model
        if (!args.images().isEmpty()) {
            session.addFiles(args.images());
        }
    }

    /** The graph inspector in a window of its own, working on the shared background executor. */
    private void openInspector(Path file, CardFigures card) {
        InspectorWindow.show(
                view.getScene() == null ? null : view.getScene().getWindow(),
                new InspectorViewModel(ctx),
                file,
                card);
    }

    /** "Train your own classes" in a window of its own, on the model in use. */
    private void openTrainHead() {
        TrainHeadView.show(view.getScene() == null ? null : view.getScene().getWindow(), trainHead);
    }

    /** Trains new heads on the active model's features; the result joins the library. */
    public TrainHeadViewModel trainHead() {
        return trainHead;
    }

    /**
     * The compare window: the library's models offered (the seed variants chosen when present), the
     * current image compared at once when there is one.
     */
    public CompareViewModel openCompare() {
        CompareViewModel vm = new CompareViewModel(ctx);
        vm.offer(
                library.entries().stream()
                        .filter(io.resnextexplorer.ui.library.ModelEntry::present)
                        .map(io.resnextexplorer.ui.library.ModelEntry::file)
                        .toList(),
                ModelLibrary.SEEDS);
        CompareWindow.show(view.getScene() == null ? null : view.getScene().getWindow(), vm);
        var current = session.currentProperty().get();
        if (current != null && vm.chosen().size() >= 2) {
            vm.compareImage(current.source());
        }
        return vm;
    }

    private void fileOpened(Path file) {
        shell.addRecent(file);
    }

    /** Copies what should be remembered into the settings and writes them (background). */
    public void saveSettings() {
        settings.dark = shell.darkProperty().get();
        settings.showCrop = canvas.showCropProperty().get();
        settings.provider = library.providerProperty().get().name();
        if (library.selectedProperty().get() != null
                && library.selectedProperty().get().present()) {
            settings.lastModel = library.selectedProperty().get().file().toString();
        }
        settings.recentFiles =
                new ArrayList<>(shell.recentFiles().stream().map(Path::toString).toList());
        ctx.background().execute(() -> settings.save(settingsFile));
    }

    public MainView view() {
        return view;
    }

    public ModelLibraryViewModel library() {
        return library;
    }

    public SessionViewModel session() {
        return session;
    }

    public CanvasViewModel canvas() {
        return canvas;
    }

    public HeatmapViewModel heatmap() {
        return heatmap;
    }

    public PredictionsViewModel predictions() {
        return predictions;
    }

    public ModelCardViewModel card() {
        return card;
    }

    public ShellViewModel shell() {
        return shell;
    }

    public Settings settings() {
        return settings;
    }

    /** Stops the batch and lets go of the active model; the session core closes the sessions. */
    @Override
    public void close() {
        session.cancel();
        library.close();
    }
}
