package io.resnextexplorer.session;

import java.io.UncheckedIOException;

/** Turns exceptions into the one line a person reads next to the image or model. */
final class Messages {
    private Messages() {}

    static String of(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException
                        || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? "failed (" + t.getClass().getSimpleName() + ")" : m;
    }
}
