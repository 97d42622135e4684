package io.resnextexplorer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.ui.common.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window fixture's user home is one test's only: the property is put back as it was and the
 * folder removed, so a later test class never reads another's settings or models folder.
 */
class ExplorerWindowFixtureTest {
    private final String outside = System.getProperty(UserDirs.HOME_PROPERTY);

    @AfterEach
    void putBack() {
        if (outside == null) {
            System.clearProperty(UserDirs.HOME_PROPERTY);
        } else {
            System.setProperty(UserDirs.HOME_PROPERTY, outside);
        }
    }

    @Test
    void restoresTheHomePropertyItFoundAndRemovesTheTestsHome() throws Exception {
        System.setProperty(UserDirs.HOME_PROPERTY, "/somewhere/else");
        ExplorerWindowFixture window = new ExplorerWindowFixture();

        Path home = window.home();
        Files.writeString(home.resolve("settings.json"), "{}");
        assertThat(System.getProperty(UserDirs.HOME_PROPERTY)).isEqualTo(home.toString());
        window.afterEach(null);

        assertThat(System.getProperty(UserDirs.HOME_PROPERTY)).isEqualTo("/somewhere/else");
        assertThat(home).doesNotExist();
    }

    @Test
    void clearsTheHomePropertyWhenNoneWasSetBefore() throws Exception {
        System.clearProperty(UserDirs.HOME_PROPERTY);
        ExplorerWindowFixture window = new ExplorerWindowFixture();

        window.home();
        window.afterEach(null);

        assertThat(System.getProperty(UserDirs.HOME_PROPERTY)).isNull();
    }
}
