package io.resnextexplorer.session;

import io.resnextexplorer.model.RgbImage;

/**
 * A decoded image of the session.
 *
 * @param source where it came from
 * @param image its RGB pixels (EXIF orientation applied)
 * @param format the format it was decoded from, for people ("JPEG", "PNG", ...)
 * @param decodeMs time to fetch (for URLs) and decode, in milliseconds
 * @param exifOrientation the EXIF orientation tag that was applied, 1..8 (1 = none)
 * @param encodedBytes size of the encoded file or bytes, or -1 when unknown
 */
public record DecodedPicture(
        ImageSource source,
        RgbImage image,
        String format,
        double decodeMs,
        int exifOrientation,
        long encodedBytes) {
    /** A picture without orientation tag and of unknown encoded size. */
    public DecodedPicture(ImageSource source, RgbImage image, String format, double decodeMs) {
        this(source, image, format, decodeMs, 1, -1);
    }

    /** Bytes the pixels hold in memory (what the decode cache counts). */
    public long bytes() {
        return (long) image.width() * image.height() * 3;
    }

    /** Whether EXIF orientation turned or mirrored the pixels (what you see is what is run). */
    public boolean orientationApplied() {
        return exifOrientation != 1;
    }
}
