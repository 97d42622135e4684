package io.resnextexplorer.imageio;

/** The image formats {@link ImageDecoder} reads, as detected from the file's content. */
public enum ImageFormat {
    JPEG("JPEG"),
    PNG("PNG"),
    BMP("BMP"),
    GIF("GIF"),
    TIFF("TIFF"),
    WEBP("WebP");

    private final String displayName;

    ImageFormat(String displayName) {
        this.displayName = displayName;
    }

    /** Human-readable name ("WebP"). */
    public String displayName() {
        return displayName;
    }
}
