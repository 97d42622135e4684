package io.resnextexplorer.postprocess;

/** The model's outputs hold NaN or infinity: there is nothing honest to rank or show. */
public final class NonFiniteOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteOutputException(String message) {
        super(message);
    }
}
