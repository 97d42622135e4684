package io.resnextexplorer.session;

/** An image that cannot be used (unreadable, not an image, download failed); message for people. */
public final class ImageFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImageFailedException(String message) {
        super(message);
    }

    public ImageFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
