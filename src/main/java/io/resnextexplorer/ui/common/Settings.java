package io.resnextexplorer.ui.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.resnextexplorer.session.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app remembers across restarts, stored as {@code settings.json} in the user folder, with
 * a {@code schemaVersion}. A missing file gives defaults; an unreadable one, or one written by a
 * newer version, is set aside (renamed, kept for the user) and gives defaults with a {@link
 * #loadMessage()} for the window to show, never a crash. Read once at start; written atomically
 * (temporary file + rename) whenever a remembered value changes and at exit, on the background
 * executor.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final int MAX_RECENT = 10;

    /** The settings file's schema; a file with a higher number is set aside, never read. */
    public static final int SCHEMA_VERSION = 1;

    /** Files from before versioning have none: they are version 1. */
    public int schemaVersion = SCHEMA_VERSION;

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

    @JsonIgnore private String loadMessage;

    /** What the user must be told about the settings file read at start, or null. */
    @JsonIgnore
    public String loadMessage() {
        return loadMessage;
    }

    public static Path file() {
        return UserDirs.home().resolve("settings.json");
    }

    public static Settings load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Settings();
        }
        String why;
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            int version = tree == null ? 0 : tree.path("schemaVersion").asInt(1);
            if (tree == null || !tree.isObject()) {
                why = "it is not a settings file";
            } else if (version > SCHEMA_VERSION) {
                why =
                        "it was written by a newer version of ResNeXt Explorer (settings schema "
                                + version
                                + ")";
            } else {
                Settings s = JSON.treeToValue(tree, Settings.class);
                s.schemaVersion = SCHEMA_VERSION;
                if (s.recentFiles == null) {
                    s.recentFiles = new ArrayList<>();
                }
                if (s.extraModels == null) {
                    s.extraModels = new ArrayList<>();
                }
                return s;
            }
        } catch (IOException | RuntimeException e) {
            why = "it could not be read";
            LOG.warn("could not read {}: {}", file, e.getMessage());
        }
        Settings defaults = new Settings();
        String where;
        try {
            where = "it was kept as " + AtomicFiles.setAside(file).getFileName();
        } catch (IOException e) {
            where = "it will be overwritten";
        }
        defaults.loadMessage = "Settings were reset: " + why + "; " + where + ".";
        LOG.warn("{} ({})", defaults.loadMessage, file);
        return defaults;
    }

    public synchronized void save(Path file) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(this);
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            LOG.warn("could not save settings to {}: {}", file, e.getMessage());
        }
    }
}
