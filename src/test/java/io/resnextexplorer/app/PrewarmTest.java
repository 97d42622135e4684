package io.resnextexplorer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.session.UserDirs;
import io.resnextexplorer.ui.common.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings read started from main while JavaFX starts is the one the window then uses. */
class PrewarmTest {
    @TempDir Path home;
    private final String outside = System.getProperty(UserDirs.HOME_PROPERTY);

    @AfterEach
    void restore() {
        if (outside == null) {
            System.clearProperty(UserDirs.HOME_PROPERTY);
        } else {
            System.setProperty(UserDirs.HOME_PROPERTY, outside);
        }
    }

    @Test
    void theEarlyReadOfTheSettingsFileIsWhatTheWindowGets() throws Exception {
        System.setProperty(UserDirs.HOME_PROPERTY, home.toString());
        Files.writeString(
                home.resolve("settings.json"), "{\"schemaVersion\": 1, \"windowWidth\": 1111}");
        Prewarm.start();
        Settings s = Prewarm.settings(Settings.file());
        assertThat(s.windowWidth).isEqualTo(1111);
    }

    @Test
    void anotherSettingsFileIsReadItself() throws Exception {
        System.setProperty(UserDirs.HOME_PROPERTY, home.toString());
        Prewarm.start();
        Path other = home.resolve("other.json");
        Files.writeString(other, "{\"schemaVersion\": 1, \"windowWidth\": 999}");
        assertThat(Prewarm.settings(other).windowWidth).isEqualTo(999);
    }
}
