package io.resnextexplorer.ui.library;

import java.nio.file.Path;

/**
 * One row of the model library.
 *
 * @param id model id (a seed id, or the file name without ".onnx")
 * @param file the ONNX file, or null when a seed variant is missing
 * @param seed whether it is one of the four seed variants that are always listed
 * @param where where it was found ("./models", "user folder", "opened", ...)
 * @param exportCommand the command that makes a missing seed, else empty
 */
public record ModelEntry(String id, Path file, boolean seed, String where, String exportCommand) {
    public boolean present() {
        return file != null;
    }
}
