package io.resnextexplorer.ui.library;

import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.ModelKey;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ModelFailedException;
import io.resnextexplorer.ui.common.UiContext;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model library: which models exist, which one is active, on which provider. Loading runs on
 * the background executor through the session core's model registry; a newer selection supersedes
 * an older one still loading. The {@value #KEEP_LOADED} models used last stay loaded (switching
 * back is instant); older ones are unloaded to free their native memory.
 */
public final class ModelLibraryViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLibraryViewModel.class);

    private final UiContext ctx;
    private final ModelLibrary library;
    private final List<Path> openedFiles = new ArrayList<>();
    private final Consumer<List<Path>> rememberOpened;

    private final ObservableList<ModelEntry> entries = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ModelEntry> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LoadedModel> active = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<ExecutionProvider> provider =
            new SimpleObjectProperty<>(ExecutionProvider.CPU);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadingId = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ObservableMap<ExecutionProvider, String> unavailable =
            FXCollections.observableHashMap();
    private final BooleanProperty scanned = new SimpleBooleanProperty();
    private final BooleanBinding hasModels;

    /** How many recently used models stay loaded. */
    static final int KEEP_LOADED = 3;

    private final Deque<ModelKey> recent = new ArrayDeque<>(); // FX thread only, newest first
    private long loadGeneration;

    /**
     * @param rememberOpened called (on the FX thread) with all files the user opened, to persist
     */
    public ModelLibraryViewModel(
            UiContext ctx,
            ModelLibrary library,
            List<Path> previouslyOpened,
            Consumer<List<Path>> rememberOpened) {
        this.ctx = ctx;
        this.library = library;
        this.openedFiles.addAll(previouslyOpened);
        this.rememberOpened = rememberOpened;
        this.hasModels =
                Bindings.createBooleanBinding(
                        () -> entries.stream().anyMatch(ModelEntry::present), entries);
        provider.addListener((obs, old, now) -> reloadSelected());
        // Asking ONNX Runtime which providers this build has loads the native library: not on the
        // FX thread. Until the answer is in, every provider stays selectable.
        ctx.background()
                .execute(
                        () -> {
                            java.util.Map<ExecutionProvider, String> why =
                                    new java.util.EnumMap<>(ExecutionProvider.class);
                            for (ExecutionProvider p : ExecutionProvider.values()) {
                                String reason = ctx.core().providerUnavailableReason(p);
                                if (reason != null) {
                                    why.put(p, reason);
                                }
                            }
                            ctx.fx().execute(() -> unavailable.putAll(why));
                        });
    }

    /**
     * The id of the model being loaded to replace the active one ("model" while the first scan has
     * not picked one yet), or empty when nothing is loading.
     */
    public ReadOnlyStringProperty loadingIdProperty() {
        return loadingId.getReadOnlyProperty();
    }

    /** A short message for the user (e.g. a missing entry was clicked); changes each time. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Providers this build cannot run, each with the reason (for a disabled choice's tooltip). */
    public ObservableMap<ExecutionProvider, String> unavailableProviders() {
        return unavailable;
    }

    public ObservableList<ModelEntry> entries() {
        return entries;
    }

    public ReadOnlyObjectProperty<ModelEntry> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The loaded model in use, or null. */
    public ReadOnlyObjectProperty<LoadedModel> activeModelProperty() {
        return active.getReadOnlyProperty();
    }

    public ObjectProperty<ExecutionProvider> providerProperty() {
        return provider;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    /** Why the last load failed, or empty. */
    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    /** True once the first scan finished (before that the library is not "empty", just unknown). */
    public ReadOnlyBooleanProperty scannedProperty() {
        return scanned;
    }

    /** Whether any model file is present. */
    public BooleanBinding hasModelsProperty() {
        return hasModels;
    }

    public String exportCommand(String id) {
        return library.exportCommand(id);
    }

    private io.resnextexplorer.ui.hub.ModelDownloadsViewModel downloads;

    /** "Get" for missing seeds (issue 13), or null when the window offers none. */
    public io.resnextexplorer.ui.hub.ModelDownloadsViewModel downloads() {
        return downloads;
    }

    /** Set once by the wiring, before the views are made. */
    public void setDownloads(io.resnextexplorer.ui.hub.ModelDownloadsViewModel downloads) {
        this.downloads = downloads;
    }

    /**
     * Rescans the folders; then selects {@code preferred} (or keeps the selection, or the first).
     */
    public void refresh(Path preferred) {
        List<Path> opened = List.copyOf(openedFiles);
        if (active.get() == null && loadingId.get().isEmpty()) {
            // A model will be picked once the folders are read: say so from the start, so that
            // images added meanwhile wait for it instead of starting a batch without one.
            loadingId.set(preferred == null ? "model" : ModelLibrary.idOf(preferred));
        }
        ctx.background()
                .execute(
                        () -> {
                            List<ModelEntry> found = library.scan(opened);
                            ctx.fx().execute(() -> applyScan(found, preferred));
                        });
    }

    private void applyScan(List<ModelEntry> found, Path preferred) {
        ModelEntry before = selected.get();
        entries.setAll(found);
        scanned.set(true);
        Path target = preferred != null ? preferred : before == null ? null : before.file();
        ModelEntry pick = null;
        for (ModelEntry e : found) {
            if (e.present()
                    && target != null
                    && e.file().equals(target.toAbsolutePath().normalize())) {
                pick = e;
            }
        }
        if (pick == null) {
            pick = found.stream().filter(ModelEntry::present).findFirst().orElse(null);
        }
        if (pick != null && (before == null || !pick.equals(before) || active.get() == null)) {
            select(pick);
        } else if (pick == null) {
            loadingId.set(""); // no model anywhere: nothing is coming
        }
    }

    /**
     * Model files changed on disk (the session core has already dropped what it held of them):
     * rescans, and reloads the model in use if its file is among them. FX thread.
     */
    public void filesChanged(java.util.Set<Path> files) {
        LoadedModel m = active.get();
        if (m != null && files.contains(m.info().file().toAbsolutePath().normalize())) {
            recent.remove(m.key());
            active.set(null); // the scan below selects it again and loads the new file
        }
        refresh(null);
    }

    /** Adds ONNX files the user opened or dropped (remembered) and switches to the first. */
    public void addModelFiles(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            if (!openedFiles.contains(abs)) {
                openedFiles.add(abs);
            }
        }
        rememberOpened.accept(List.copyOf(openedFiles));
        refresh(files.get(0));
    }

    /**
     * Switches to a library entry. A missing entry cannot run: the selection stays on the model in
     * use (so list and active model never disagree) and a notice points at its export command.
     */
    public void select(ModelEntry entry) {
        if (entry != null && !entry.present()) {
            notice.set("");
            notice.set(
                    entry.id()
                            + " is not exported yet: use its Get button or copy its export"
                            + " command in the list, then pick it.");
            return;
        }
        selected.set(entry);
        if (entry == null) {
            return;
        }
        load(entry.file());
    }

    /** Ctrl+1..9: the n-th (1-based) present model. */
    public void selectNth(int n) {
        List<ModelEntry> present = entries.stream().filter(ModelEntry::present).toList();
        if (n >= 1 && n <= present.size()) {
            select(present.get(n - 1));
        }
    }

    private void reloadSelected() {
        ModelEntry e = selected.get();
        if (e != null && e.present()) {
            load(e.file());
        }
    }

    private void load(Path file) {
        ExecutionProvider p = provider.get();
        ModelKey key = new ModelKey(file, p);
        long gen = ++loadGeneration;
        LoadedModel cached = ctx.core().models().get(key); // never loads: fine on the FX thread
        if (cached != null) {
            loading.set(false);
            loadError.set("");
            activate(cached);
            loadingId.set("");
            return;
        }
        loading.set(true);
        loadError.set("");
        loadingId.set(
                entries.stream()
                        .filter(e -> file.equals(e.file()))
                        .map(ModelEntry::id)
                        .findFirst()
                        .orElse(ModelLibrary.idOf(file)));
        ctx.background()
                .execute(
                        () -> {
                            LoadedModel handle = null;
                            String error = null;
                            try {
                                handle = ctx.core().load(file, p);
                            } catch (ModelFailedException e) {
                                LOG.warn("could not load {}: {}", file, e.getMessage());
                                error = e.getMessage();
                            }
                            LoadedModel h = handle;
                            String err = error;
                            ctx.fx().execute(() -> loaded(gen, h, err));
                        });
    }

    private void loaded(long gen, LoadedModel handle, String error) {
        if (gen != loadGeneration) {
            return; // a newer selection superseded this one; the model stays in the registry
        }
        loading.set(false);
        if (handle == null) {
            loadError.set(error);
            active.set(null);
        } else {
            activate(handle);
        }
        loadingId.set("");
    }

    private void activate(LoadedModel m) {
        active.set(m);
        recent.remove(m.key());
        recent.addFirst(m.key());
        while (recent.size() > KEEP_LOADED) {
            ModelKey old = recent.removeLast();
            // Unloading waits for runs in flight on that model: not on the FX thread.
            ctx.background().execute(() -> ctx.core().models().unload(old));
        }
    }

    /** Forgets the active model; the registry (the session core) closes the sessions. */
    @Override
    public void close() {
        active.set(null);
    }
}
