package io.resnextexplorer.session;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The per-user folder: {@code %APPDATA%\ResNeXt Explorer} on Windows, {@code ~/.resnext-explorer}
 * elsewhere. The system property {@code resnext.explorer.home} overrides it (tests and portable
 * installs). Here (not in ui) so that the CLI's {@code pull} and the window agree on the folder.
 */
public final class UserDirs {
    public static final String HOME_PROPERTY = "resnext.explorer.home";

    private UserDirs() {}

    public static Path home() {
        String override = System.getProperty(HOME_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String appData = System.getenv("APPDATA");
        if (os.contains("win") && appData != null && !appData.isBlank()) {
            return Path.of(appData, "ResNeXt Explorer");
        }
        return Path.of(System.getProperty("user.home"), ".resnext-explorer");
    }

    /** Overrides where ONNX Runtime-optimized model copies are kept; "off" keeps none. */
    public static final String OPTIMIZED_MODELS_PROPERTY = "resnext.explorer.optimized-models";

    /**
     * Where ONNX Runtime-optimized copies of models are kept (see {@code
     * inference.OptimizedModelCache}), or null when the property says "off".
     */
    public static Path optimizedModels() {
        String override = System.getProperty(OPTIMIZED_MODELS_PROPERTY);
        if (override != null && !override.isBlank()) {
            return override.strip().equalsIgnoreCase("off") ? null : Path.of(override.strip());
        }
        return home().resolve("cache").resolve("optimized-models");
    }

    /** Where ONNX Runtime's native libraries are unpacked once (see SessionCore). */
    public static Path nativeLibraries() {
        return home().resolve("cache").resolve("onnxruntime-native");
    }

    public static Path models() {
        return home().resolve("models");
    }

    /** How to write the per-user models folder in a shell command shown to the user. */
    public static String modelsForDisplay() {
        Path models = models();
        Path userHome = Path.of(System.getProperty("user.home"));
        if (System.getProperty(HOME_PROPERTY) == null && models.startsWith(userHome)) {
            return "~/" + userHome.relativize(models).toString().replace('\\', '/');
        }
        return models.toString();
    }
}
