package io.resnextexplorer.imageio;

import io.resnextexplorer.model.RgbImage;

/**
 * The result of decoding an image file.
 *
 * @param image 8-bit RGB pixels, already turned upright by the EXIF orientation (if any)
 * @param format the format detected from the file's content
 * @param originalWidth width in pixels as stored in the file, before any EXIF rotation
 * @param originalHeight height in pixels as stored in the file, before any EXIF rotation
 * @param exifOrientation the EXIF orientation tag that was applied, 1..8 (1 = none; 2 = mirrored; 3
 *     = rotated 180; 4 = flipped; 5 = transposed; 6 = rotated 90 clockwise; 7 = transversed; 8 =
 *     rotated 90 counter-clockwise)
 */
public record DecodedImage(
        RgbImage image,
        ImageFormat format,
        int originalWidth,
        int originalHeight,
        int exifOrientation) {

    /** Whether the pixels were rotated or mirrored because of an EXIF orientation tag. */
    public boolean orientationApplied() {
        return exifOrientation != 1;
    }
}
