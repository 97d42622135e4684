package io.resnextexplorer.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.session.SessionCore;
import io.resnextexplorer.ui.common.Settings;
import io.resnextexplorer.ui.common.UiContext;
import io.resnextexplorer.ui.library.ModelLibrary;
import io.resnextexplorer.ui.library.ModelLibraryViewModel;
import io.resnextexplorer.ui.session.SessionViewModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shell's recent-files list: the one the window fills and saves into the settings. */
class ShellViewModelTest {
    private final SessionCore core = SessionCore.withDefaults();
    private final ShellViewModel shell = shell(core);

    private static ShellViewModel shell(SessionCore core) {
        // Nothing here runs a task: both executors run on the calling thread.
        UiContext ctx = new UiContext(core, Runnable::run, Runnable::run);
        return new ShellViewModel(
                ctx,
                new SessionViewModel(ctx, file -> {}),
                new ModelLibraryViewModel(
                        ctx, new ModelLibrary(List.of(), "models"), List.of(), opened -> {}));
    }

    @AfterEach
    void closeCore() {
        core.close();
    }

    @Test
    void putsTheLatestFileFirstWithoutDuplicatesAndKeepsAtMostTheLimit() {
        for (int i = 0; i < 12; i++) {
            shell.addRecent(Path.of("/img/" + i + ".jpg"));
        }
        shell.addRecent(Path.of("/img/5.jpg"));

        assertThat(shell.recentFiles())
                .hasSize(Settings.MAX_RECENT)
                .startsWith(Path.of("/img/5.jpg"), Path.of("/img/11.jpg"))
                .doesNotHaveDuplicates()
                .doesNotContain(Path.of("/img/0.jpg"), Path.of("/img/1.jpg"));
    }

    @Test
    void remembersFilesByTheirAbsoluteNormalisedPath() {
        Path relative = Path.of("a", "..", "b.png");

        shell.addRecent(relative);
        shell.addRecent(Path.of("b.png").toAbsolutePath());

        assertThat(shell.recentFiles()).containsExactly(Path.of("b.png").toAbsolutePath());
    }
}
