package io.resnextexplorer.service;

/** A heatmap cannot be made; the message says why in one line, for people. */
public final class HeatmapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeatmapException(String message) {
        super(message);
    }

    public HeatmapException(String message, Throwable cause) {
        super(message, cause);
    }
}
