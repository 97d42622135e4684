package io.resnextexplorer.ui.shell;

import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.session.ImageResult;
import io.resnextexplorer.session.ResultsWriter;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.library.ModelLibraryViewModel;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Main-window state: theme, status line, notices, recent files, export. */
public final class ShellViewModel {
    private final UiContext ctx;
    private final SessionViewModel session;
    private final ModelLibraryViewModel library;
    private final BooleanProperty dark = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final StringBinding status;

    public ShellViewModel(UiContext ctx, SessionViewModel session, ModelLibraryViewModel library) {
        this.ctx = ctx;
        this.session = session;
        this.library = library;
        status =
                Bindings.createStringBinding(
                        this::statusText,
                        session.modelProperty(),
                        session.images(),
                        session.errorCountProperty(),
                        session.batch().runningProperty(),
                        session.batch().doneProperty(),
                        library.loadingProperty());
    }

    private String statusText() {
        StringBuilder sb = new StringBuilder();
        LoadedModel m = session.modelProperty().get();
        if (library.loadingProperty().get()) {
            sb.append("Loading model…");
        } else if (m == null) {
            sb.append("No model");
        } else {
            sb.append(m.info().id()).append(" on ").append(m.provider().used());
        }
        int n = session.images().size();
        int errors = session.errorCountProperty().get();
        sb.append(" · ").append(n).append(n == 1 ? " image" : " images");
        if (errors > 0) {
            sb.append(" · ").append(errors).append(errors == 1 ? " error" : " errors");
        }
        if (session.batch().runningProperty().get()) {
            sb.append(" · classifying ")
                    .append(session.batch().doneProperty().get())
                    .append(" / ")
                    .append(session.batch().totalProperty().get());
        }
        return sb.toString();
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public StringBinding statusProperty() {
        return status;
    }

    /** A short message to flash (copied, exported, failed); changes each time. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public void notify(String message) {
        notice.set("");
        notice.set(message);
    }

    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    /**
     * Puts a file first in the recent list (no duplicates, at most {@link Settings#MAX_RECENT}).
     */
    public void addRecent(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        recentFiles.remove(abs);
        recentFiles.add(0, abs);
        if (recentFiles.size() > Settings.MAX_RECENT) {
            recentFiles.remove(Settings.MAX_RECENT, recentFiles.size());
        }
    }

    /** Writes all results of the session (CSV or JSON by extension) on the background executor. */
    public void export(Path file) {
        List<ImageResult> results = session.results();
        ctx.background()
                .execute(
                        () -> {
                            String msg;
                            try {
                                ResultsWriter.write(results, file);
                                msg =
                                        "Exported "
                                                + results.size()
                                                + " results to "
                                                + file.getFileName();
                            } catch (UncheckedIOException e) {
                                msg = e.getMessage();
                            }
                            String m = msg;
                            ctx.fx().execute(() -> notify(m));
                        });
    }
}
