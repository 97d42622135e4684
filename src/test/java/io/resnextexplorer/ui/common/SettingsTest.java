package io.resnextexplorer.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir Path dir;

    @Test
    void roundTripsWindowModelAndRecentFiles() {
        Settings s = new Settings();
        s.windowX = 10;
        s.windowWidth = 900;
        s.dark = true;
        s.lastModel = "/m/resnext50_32x4d.onnx";
        // The list's order and limit are the shell's (ShellViewModelTest); here only the file.
        s.recentFiles = new ArrayList<>(List.of("/img/5.jpg", "/img/11.jpg"));
        s.extraModels.add("/x/custom.onnx");
        Path f = dir.resolve("sub/settings.json");
        s.save(f);

        Settings t = Settings.load(f);
        assertThat(t.windowX).isEqualTo(10);
        assertThat(t.windowWidth).isEqualTo(900);
        assertThat(t.dark).isTrue();
        assertThat(t.lastModel).isEqualTo("/m/resnext50_32x4d.onnx");
        assertThat(t.recentFiles).containsExactly("/img/5.jpg", "/img/11.jpg");
        assertThat(t.extraModels).containsExactly("/x/custom.onnx");
    }

    @Test
    void aBrokenFileGivesDefaultsAndIsSetAsideWithAMessage() throws Exception {
        Path f = Files.writeString(dir.resolve("settings.json"), "{not json");
        Settings t = Settings.load(f);
        assertThat(t.windowWidth).isEqualTo(1280);
        assertThat(t.recentFiles).isEmpty();
        assertThat(t.loadMessage()).startsWith("Settings were reset: it could not be read");
        assertThat(f).doesNotExist();
        try (var files = Files.list(dir)) {
            Path aside = files.findFirst().orElseThrow();
            assertThat(aside.getFileName().toString()).startsWith("settings.json.set-aside-");
            assertThat(Files.readString(aside)).isEqualTo("{not json");
        }
    }

    @Test
    void aFileFromANewerVersionIsSetAsideAndOldUnversionedFilesAreRead() throws Exception {
        Path f =
                Files.writeString(
                        dir.resolve("settings.json"), "{\"schemaVersion\": 7, \"dark\": true}");
        Settings t = Settings.load(f);
        assertThat(t.dark).isFalse();
        assertThat(t.loadMessage()).contains("newer version").contains("settings schema 7");
        assertThat(f).doesNotExist();

        Path old = Files.writeString(dir.resolve("old.json"), "{\"dark\": true}");
        Settings o = Settings.load(old);
        assertThat(o.dark).isTrue();
        assertThat(o.loadMessage()).isNull();
        o.save(old);
        assertThat(Files.readString(old)).contains("\"schemaVersion\" : 1");
        assertThat(Files.readString(old)).doesNotContain("loadMessage");
    }

    @Test
    void shrinkKeepsAspectAndAveragesColour() {
        byte[] rgb = new byte[400 * 200 * 3];
        java.util.Arrays.fill(rgb, (byte) 200);
        RgbImage small = FxImages.shrink(new RgbImage(400, 200, rgb), 96);
        assertThat(small.width()).isEqualTo(96);
        assertThat(small.height()).isEqualTo(48);
        assertThat(small.get(10, 10, 1)).isEqualTo(200);
    }
}
