package io.resnextexplorer.inference;

/**
 * A model could not be loaded or run. The message is written for the person using the app (what is
 * wrong, in words); the cause keeps ONNX Runtime's own text for the log.
 */
public class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InferenceException(String message) {
        super(message);
    }
}
