package io.resnextexplorer.model;

import java.util.Objects;

/**
 * An 8-bit RGB image, the core's own pixel type (no AWT, no JavaFX).
 *
 * <p>Pixels are interleaved R, G, B bytes in row-major order: the byte at {@code (y * width + x) *
 * 3 + c} is channel {@code c} of pixel (x, y), read as unsigned 0..255. The array is owned by this
 * record; callers must not modify it after construction.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "image size must be positive: " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException(
                    "rgb has " + rgb.length + " bytes, expected " + (3L * width * height));
        }
    }

    /** Channel {@code c} (0=R, 1=G, 2=B) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }
}
