package io.resnextexplorer.session;

import io.resnextexplorer.model.RgbImage;

/**
 * A decoded image of the session.
 *
 * @param source where it came from
 * @param image its RGB pixels (EXIF orientation applied)
 * @param format the format it was decoded from, for people ("JPEG", "PNG", ...)
 * @param decodeMs time to fetch (for URLs) and decode, in milliseconds
 */
public record DecodedPicture(ImageSource source, RgbImage image, String format, double decodeMs) {
    /** Bytes the pixels hold in memory (what the decode cache counts). */
    public long bytes() {
        return (long) image.width() * image.height() * 3;
    }
}
