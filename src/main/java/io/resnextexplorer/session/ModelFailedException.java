package io.resnextexplorer.session;

/** A model file that cannot be used (missing, not ONNX, not a classifier); message for people. */
public final class ModelFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
