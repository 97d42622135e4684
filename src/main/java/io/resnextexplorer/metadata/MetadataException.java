package io.resnextexplorer.metadata;

/** Our metadata is present but cannot be used; the message says which key and why. */
public class MetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }

    public MetadataException(String message) {
        super(message);
    }
}
