package io.resnextexplorer.service;

/** A benchmark could not run; the message says why in words. */
public final class BenchmarkFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchmarkFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
