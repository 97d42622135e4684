package io.resnextexplorer.ui.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app remembers across restarts, stored as {@code settings.json} in the user folder. A
 * missing or unreadable file gives defaults (logged, never fatal). Read once at start and written
 * on exit (and when the model list changes), so the FX thread does at most one small file write at
 * those moments.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final int MAX_RECENT = 10;

    public double windowX = Double.NaN;
    public double windowY = Double.NaN;
    public double windowWidth = 1280;
    public double windowHeight = 800;
    public boolean maximized;
    public boolean dark;
    public boolean showCrop = true;
    public String provider = "CPU";
    public String lastModel;
    public List<String> recentFiles = new ArrayList<>();
    public List<String> extraModels = new ArrayList<>();

    public static Path file() {
        return UserDirs.home().resolve("settings.json");
    }

    public static Settings load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Settings();
        }
        try {
            Settings s = JSON.readValue(file.toFile(), Settings.class);
            if (s.recentFiles == null) {
                s.recentFiles = new ArrayList<>();
            }
            if (s.extraModels == null) {
                s.extraModels = new ArrayList<>();
            }
            return s;
        } catch (IOException e) {
            LOG.warn("could not read {}, using defaults: {}", file, e.getMessage());
            return new Settings();
        }
    }

    public synchronized void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("could not save settings to {}: {}", file, e.getMessage());
        }
    }
}
