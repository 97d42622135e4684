package io.resnextexplorer.model;

import java.util.Locale;

/** Where a model runs. CUDA falls back to the CPU when it cannot be used. */
public enum ExecutionProvider {
    CPU,
    CUDA;

    /** Parses "cpu" or "cuda", any case. */
    public static ExecutionProvider parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown provider '" + s + "' (expected cpu or cuda)", e);
        }
    }
}
