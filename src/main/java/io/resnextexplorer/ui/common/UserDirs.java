package io.resnextexplorer.ui.common;

import java.nio.file.Path;

/**
 * The per-user folder, as {@link io.resnextexplorer.session.UserDirs} defines it (the CLI's {@code
 * pull} needs the same place, and cli must not import ui).
 */
public final class UserDirs {
    public static final String HOME_PROPERTY = io.resnextexplorer.session.UserDirs.HOME_PROPERTY;

    private UserDirs() {}

    public static Path home() {
        return io.resnextexplorer.session.UserDirs.home();
    }

    public static Path models() {
        return io.resnextexplorer.session.UserDirs.models();
    }

    /** How to write the per-user models folder in a shell command shown to the user. */
    public static String modelsForDisplay() {
        return io.resnextexplorer.session.UserDirs.modelsForDisplay();
    }
}
