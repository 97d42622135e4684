package io.resnextexplorer.session;

import java.io.UncheckedIOException;

/** Turns exceptions into the one line a person reads next to the image or model. */
public final class Messages {
    private Messages() {}

    public static String of(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException
                        || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? "failed (" + t.getClass().getSimpleName() + ")" : m;
    }

    /** Why a model gives no image features (embed, find similar, train-head). */
    public static String noFeatures(String modelId) {
        return modelId
                + " has no feature-map output (no \"features\" output, and no global-average-pool"
                + " + linear head found in its graph), so it gives no image features; models"
                + " exported by onnx-export/export.py have one";
    }
}
