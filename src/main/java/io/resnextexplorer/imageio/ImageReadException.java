package io.resnextexplorer.imageio;

/**
 * An image could not be read. The message is a complete sentence meant for the person who chose the
 * file ("The file 'cat.jpg' is not an image: it looks like a PDF document."); {@link #reason()}
 * lets callers react without parsing it.
 */
public class ImageReadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why reading failed. */
    public enum Reason {
        /** The file does not exist, is a folder, or cannot be read. */
        NOT_FOUND,
        /** The file has no bytes. */
        EMPTY,
        /** The content is not an image (text, PDF, archive, ...). */
        NOT_AN_IMAGE,
        /** An image format we do not decode (HEIC, AVIF, SVG, ...). */
        UNSUPPORTED_FORMAT,
        /** The image data ends early or is damaged. */
        CORRUPT,
        /** The declared dimensions exceed the configured limit. */
        TOO_LARGE,
        /** The operating system reported an error while reading. */
        IO_ERROR
    }

    private final Reason reason;

    public ImageReadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageReadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
