package io.resnextexplorer.app;

import io.resnextexplorer.cli.Cli;
import io.resnextexplorer.model.CardFigures;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.session.ModelFolderWatcher;
import io.resnextexplorer.session.PullService;
import io.resnextexplorer.session.SessionStore;
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
import javafx.collections.ListChangeListener;

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
    private final SessionStore store;
    private final ModelFolderWatcher watcher;
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
        library.refresh(last); // says "loading" at once: images given wait for the model

        // The library follows its folders: new, deleted and rewritten files (issue 12).
        watcher = watch(folders);

        // Settings are saved when they change, not only at exit (a crash keeps them).
        shell.darkProperty().addListener((obs, old, now) -> saveSettings());
        canvas.showCropProperty().addListener((obs, old, now) -> saveSettings());
        library.providerProperty().addListener((obs, old, now) -> saveSettings());
        library.selectedProperty().addListener((obs, old, now) -> saveSettings());
        shell.recentFiles().addListener((ListChangeListener<Path>) c -> saveSettings());

        // The session file lives beside the settings (the user folder). It is read on a worker;
        // nothing is saved before it was restored, or an early change would overwrite it.
        store = new SessionStore(settingsFile.resolveSibling("session.json"), ctx.core()::results);
        ctx.background()
                .execute(
                        () -> {
                            SessionStore.Loaded saved = store.load();
                            ctx.fx().execute(() -> restore(saved, args.images()));
                        });
    }

    private ModelFolderWatcher watch(List<ModelLibrary.Folder> folders) {
        try {
            return new ModelFolderWatcher(
                    folders.stream().map(ModelLibrary.Folder::dir).toList(),
                    changed -> {
                        // On the watcher's thread: unloading may wait for a run in flight.
                        ctx.core().modelFilesChanged(changed);
                        ctx.fx().execute(() -> library.filesChanged(changed));
                    });
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(Explorer.class)
                    .warn("cannot watch the models folders: {}", e.getMessage());
            return null;
        }
    }

    private void restore(SessionStore.Loaded saved, List<Path> argImages) {
        SessionStore.State s = saved.state();
        if (s.model() != null && !s.images().isEmpty()) {
            library.refresh(s.model());
        }
        session.restore(s.images(), s.current());
        if (!argImages.isEmpty()) {
            session.addFiles(argImages);
        }
        String message =
                java.util.stream.Stream.of(settings.loadMessage(), saved.message())
                        .filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.joining(" "));
        if (!message.isEmpty()) {
            shell.notify(message);
        }
        session.revisionProperty().addListener((obs, old, now) -> store.changed(session.state()));
        restored = true;
        store.changed(session.state());
    }

    private boolean restored; // FX thread

    /** True once the saved session was put back (tests wait for it). */
    public boolean restored() {
        return restored;
    }

    /** The session file's store. */
    public SessionStore sessionStore() {
        return store;
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
        try {
            ctx.background().execute(() -> settings.save(settingsFile));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            settings.save(settingsFile); // closing: the workers are gone, write it here
        }
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
        // Save the session as it is before the model is let go (that is no choice of the user).
        store.close();
        if (watcher != null) {
            watcher.close();
        }
        session.cancel();
        library.close();
    }
}
