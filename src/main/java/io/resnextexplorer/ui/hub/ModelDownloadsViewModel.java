package io.resnextexplorer.ui.hub;

import io.resnextexplorer.model.PullProgress;
import io.resnextexplorer.session.PullService;
import io.resnextexplorer.ui.common.UiContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Get" for models the library is missing: one {@link Download} per model id, run by {@link
 * PullService} on the background executor, with progress (bytes, speed, time left), cancel and
 * resume (a cancelled or broken download keeps its part file; Get again continues it). When a model
 * is installed, {@code onInstalled} gets its file (the library rescans and selects it).
 */
public final class ModelDownloadsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDownloadsViewModel.class);

    private final UiContext ctx;
    private final PullService service;
    private final String endpoint;
    private final Path modelsDir;
    private final Consumer<Path> onInstalled;
    private final Map<String, Download> downloads = new HashMap<>(); // FX thread only

    /**
     * @param service the pull use case
     * @param endpoint Hub URL (see {@link PullService#endpoint(String)})
     * @param modelsDir where models are installed (the user's models folder)
     * @param onInstalled called on the FX thread with each installed file
     */
    public ModelDownloadsViewModel(
            UiContext ctx,
            PullService service,
            String endpoint,
            Path modelsDir,
            Consumer<Path> onInstalled) {
        this.ctx = ctx;
        this.service = service;
        this.endpoint = endpoint;
        this.modelsDir = modelsDir;
        this.onInstalled = onInstalled;
    }

    /** Whether {@code id} can be fetched (a card id or a ResNet-family name with tag). */
    public static boolean canGet(String id) {
        return PullService.unsupportedReason(id).isEmpty();
    }

    /** "Get (≈100 MB)" for a card id, "Get" when the size is not known up front. */
    public static String getLabel(String id) {
        long bytes = PullService.publishedDownloadBytes(id);
        return bytes > 0 ? String.format(Locale.ROOT, "Get (≈%.0f MB)", bytes / 1e6) : "Get";
    }

    /** The published licence of the weights, e.g. "apache-2.0", or empty. */
    public static String license(String id) {
        return PullService.publishedLicense(id);
    }

    /** The state of {@code id}'s download (created idle on first use). FX thread. */
    public Download download(String id) {
        return downloads.computeIfAbsent(id, Download::new);
    }

    /** Where models come from, for tooltips. */
    public String endpoint() {
        return endpoint;
    }

    /** One model's download: view state plus the get/cancel commands. */
    public final class Download {
        private final String id;
        private final BooleanProperty running = new SimpleBooleanProperty();
        private final DoubleProperty progress = new SimpleDoubleProperty(-1);
        private final StringProperty status = new SimpleStringProperty("");
        private final StringProperty error = new SimpleStringProperty("");
        private final BooleanProperty paused = new SimpleBooleanProperty();
        private AtomicBoolean cancel = new AtomicBoolean();

        private Download(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public ReadOnlyBooleanProperty runningProperty() {
            return running;
        }

        /** 0..1 of the current file, -1 while unknown (indeterminate). */
        public ReadOnlyDoubleProperty progressProperty() {
            return progress;
        }

        /** e.g. "model.safetensors 42.1 / 100.4 MB, 10.2 MB/s, 6 s left". */
        public ReadOnlyStringProperty statusProperty() {
            return status;
        }

        /** Why the last attempt failed, or empty. */
        public ReadOnlyStringProperty errorProperty() {
            return error;
        }

        /** True after a cancel: Get resumes the part already downloaded. */
        public ReadOnlyBooleanProperty pausedProperty() {
            return paused;
        }

        /** Starts (or resumes) the download; does nothing while one runs. FX thread. */
        public void get() {
            if (running.get()) {
                return;
            }
            running.set(true);
            error.set("");
            paused.set(false);
            status.set("connecting to " + endpoint + " …");
            progress.set(-1);
            AtomicBoolean cancelled = new AtomicBoolean();
            cancel = cancelled;
            // Progress arrives every 64 KB: publish only the newest, at most one pending at a time.
            AtomicReference<PullProgress> latest = new AtomicReference<>();
            ctx.background()
                    .execute(
                            () -> {
                                Path file = null;
                                String failure = null;
                                boolean wasCancelled = false;
                                try {
                                    file =
                                            service.pull(
                                                            id,
                                                            endpoint,
                                                            "main",
                                                            modelsDir,
                                                            p -> {
                                                                if (latest.getAndSet(p) == null) {
                                                                    ctx.fx()
                                                                            .execute(
                                                                                    () ->
                                                                                            show(
                                                                                                    latest
                                                                                                            .getAndSet(
                                                                                                                    null)));
                                                                }
                                                            },
                                                            cancelled::get)
                                                    .file();
                                } catch (PullService.PullException e) {
                                    LOG.info("get {}: {}", id, e.getMessage());
                                    failure = e.getMessage();
                                    wasCancelled = e.cancelled();
                                } catch (RuntimeException e) {
                                    LOG.warn("get {} failed", id, e);
                                    failure = "the download failed: " + e;
                                }
                                Path f = file;
                                String why = failure;
                                boolean c = wasCancelled;
                                ctx.fx().execute(() -> finished(f, why, c));
                            });
        }

        /** Stops the download; what arrived is kept and Get resumes it. FX thread. */
        public void cancel() {
            cancel.set(true);
        }

        private void show(PullProgress p) {
            if (p == null || !running.get()) {
                return;
            }
            progress.set(p.fraction());
            status.set(p.describe());
        }

        private void finished(Path file, String failure, boolean cancelled) {
            running.set(false);
            progress.set(file != null ? 1 : -1);
            if (file != null) {
                status.set("installed " + file.getFileName());
                onInstalled.accept(file);
            } else if (cancelled) {
                paused.set(true);
                status.set("paused; Get resumes it");
            } else {
                status.set("");
                error.set(failure);
            }
        }
    }
}
