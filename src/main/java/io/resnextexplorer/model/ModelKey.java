package io.resnextexplorer.model;

import java.nio.file.Path;

/**
 * Which loaded model: a file (absolute, normalized) on a requested provider. The same file on the
 * CPU and on CUDA are two sessions and may give results that differ in the last bits.
 */
public record ModelKey(Path file, ExecutionProvider provider) {
    public ModelKey {
        file = file.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return file.getFileName() + " on " + provider;
    }
}
