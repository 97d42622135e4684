package io.resnextexplorer.session;

import java.nio.file.Path;
import java.util.List;

/** Placeholder until the CLI branch's folder expansion lands (merged, not kept). */
public final class ImageFiles {
    private ImageFiles() {}

    public static List<Path> expand(List<Path> filesOrFolders) {
        throw new UnsupportedOperationException("merged from cli-args");
    }
}
