package io.resnextexplorer.imageio;

import io.resnextexplorer.model.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files to 8-bit RGB the way Pillow's {@code Image.open(p).convert("RGB")} does, then
 * turns the result upright by its EXIF orientation.
 *
 * <p>Formats: JPEG (baseline, progressive, grayscale, CMYK/YCCK), PNG (all colour types and bit
 * depths), BMP, GIF (first frame), TIFF and WebP, detected from the content, never from the file
 * name. Alpha is dropped without compositing, palettes are looked up, and no ICC profile is applied
 * (as in Pillow). The EXIF orientation is applied (what the user sees is what is classified); timm
 * itself ignores EXIF (except for TIFF, which Pillow turns upright while loading), so for a rotated
 * photo our input differs from a plain timm run by that rotation; pass {@code false} to the
 * two-argument constructor to get timm's behaviour.
 *
 * <p>Fidelity: JPEG, PNG, BMP, GIF, TIFF and lossless WebP give Pillow's bytes exactly on every
 * fixture (JPEG through libjpeg's integer IDCT and fancy upsampling in the JDK, then libjpeg's
 * colour conversion here). Lossy WebP is decoded by a different VP8 implementation and differs by a
 * few levels (up to 16 measured). Exotic layouts without a simple Pillow rule (16-bit 5-6-5 BMP,
 * float TIFF) fall back to Java2D's conversion.
 *
 * <p>Decoding is guarded: the dimensions are read from the header and checked against {@link
 * #maxPixels()} before any pixel is decoded, and every failure is reported as an {@link
 * ImageReadException} with a message a user understands. Instances are immutable and thread-safe.
 */
public final class ImageDecoder {

    /** Default limit: 100 megapixels (300 MB of RGB). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    /** Files larger than this are refused before being read (no image we accept needs more). */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    private final long maxPixels;
    private final boolean applyExifOrientation;

    /**
     * A decoder with the default limit of {@value #DEFAULT_MAX_PIXELS} pixels that applies EXIF
     * orientation.
     */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS, true);
    }

    /**
     * @param maxPixels largest accepted width * height, at most {@code Integer.MAX_VALUE / 3}
     * @param applyExifOrientation whether to turn images upright by their EXIF orientation (the
     *     product default); {@code false} gives exactly what timm's own loader sees (TIFFs are
     *     still turned upright, because Pillow's TIFF plugin does that while loading)
     */
    public ImageDecoder(long maxPixels, boolean applyExifOrientation) {
        if (maxPixels < 1 || maxPixels > Integer.MAX_VALUE / 3) {
            throw new IllegalArgumentException(
                    "maxPixels must be in 1.." + Integer.MAX_VALUE / 3 + ", got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        this.applyExifOrientation = applyExifOrientation;
    }

    /** The largest accepted width * height, in pixels. */
    public long maxPixels() {
        return maxPixels;
    }

    /** How many leading bytes {@link #looksLikeImage(Path)} reads: enough for every signature. */
    public static final int SNIFF_BYTES = 512;

    /**
     * Whether a file's first {@value #SNIFF_BYTES} bytes say it is an image: one we decode, or an
     * image kind we recognize but do not decode (HEIC, SVG, ...; decoding it then explains what to
     * do). Never looks at the name and never reads the whole file.
     *
     * @throws IOException when the file cannot be opened or read
     */
    public static boolean looksLikeImage(Path file) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        FormatSniffer.Sniffed sniffed = FormatSniffer.classify(head);
        return sniffed instanceof FormatSniffer.Supported
                || sniffed instanceof FormatSniffer.UnsupportedImage;
    }

    /**
     * Reads and decodes an image file.
     *
     * @throws ImageReadException when the file is missing, unreadable, not an image, unsupported,
     *     damaged or too large; the message names the file
     */
    public DecodedImage decode(Path file) throws ImageReadException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isDirectory(file)) {
            throw new ImageReadException(
                    ImageReadException.Reason.NOT_FOUND,
                    "'" + name + "' is a folder, not an image file.");
        }
        byte[] data;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ImageReadException(
                        ImageReadException.Reason.TOO_LARGE,
                        String.format(
                                Locale.ROOT,
                                "The file '%s' is too large to open (%.1f GB; the limit is 1 GB).",
                                name,
                                size / 1e9));
            }
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageReadException(
                    ImageReadException.Reason.NOT_FOUND,
                    "The file '" + file + "' does not exist.",
                    e);
        } catch (AccessDeniedException e) {
            throw new ImageReadException(
                    ImageReadException.Reason.NOT_FOUND,
                    "The file '" + name + "' cannot be read: permission denied.",
                    e);
        } catch (IOException e) {
            throw new ImageReadException(
                    ImageReadException.Reason.IO_ERROR,
                    "The file '" + name + "' could not be read: " + e.getMessage(),
                    e);
        }
        return decode(data, name);
    }

    /**
     * Decodes an image held in memory.
     *
     * @param data the encoded file content
     * @param nameForMessages how to name the image in error messages (file name or URL)
     * @throws ImageReadException as for {@link #decode(Path)}
     */
    public DecodedImage decode(byte[] data, String nameForMessages) throws ImageReadException {
        String name = "'" + nameForMessages + "'";
        if (data.length == 0) {
            throw new ImageReadException(
                    ImageReadException.Reason.EMPTY, "The file " + name + " is empty (0 bytes).");
        }
        ImageFormat format = detect(data, name);
        String kind = format.displayName();
        if (format == ImageFormat.JPEG) {
            String variant = JpegColor.unsupportedVariant(data);
            if (variant != null) {
                throw new ImageReadException(
                        ImageReadException.Reason.UNSUPPORTED_FORMAT,
                        "The JPEG file "
                                + name
                                + " "
                                + variant
                                + ", which this program cannot decode;"
                                + " please re-save it as a standard JPEG or PNG.");
            }
        }
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = readerFor(in, format, name);
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                GifCanvas.Layout gif = format == ImageFormat.GIF ? GifCanvas.layout(reader) : null;
                int width = gif != null ? gif.width() : reader.getWidth(0);
                int height = gif != null ? gif.height() : reader.getHeight(0);
                checkSize(width, height, name, kind);
                RgbImage rgb = readRgb(reader, format, data, gif);
                if (!warnings.isEmpty()) {
                    if (warnings.stream().anyMatch(ImageDecoder::meansTruncated)) {
                        throw corrupt(name, kind, null);
                    }
                    LOG.warn("{}: decoder warnings: {}", nameForMessages, warnings);
                }
                // Pillow's TIFF plugin applies the orientation tag itself while loading, so even
                // timm sees TIFFs upright.
                boolean orient = applyExifOrientation || format == ImageFormat.TIFF;
                int orientation = orient ? ExifOrientation.read(data, format) : 1;
                RgbImage upright = ExifOrientation.apply(rgb, orientation);
                return new DecodedImage(upright, format, rgb.width(), rgb.height(), orientation);
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders report damaged data as IIOException, EOFException or, for some malformed
            // headers, as runtime exceptions (IndexOutOfBounds, IllegalArgument, ...).
            LOG.debug("decoding {} failed", nameForMessages, e);
            throw corrupt(name, kind, e);
        } catch (OutOfMemoryError e) {
            throw new ImageReadException(
                    ImageReadException.Reason.TOO_LARGE,
                    "The image " + name + " needs more memory than is available to decode.",
                    e);
        }
    }

    private static ImageFormat detect(byte[] data, String name) throws ImageReadException {
        FormatSniffer.Sniffed sniffed = FormatSniffer.classify(data);
        if (sniffed instanceof FormatSniffer.Supported s) {
            return s.format();
        }
        if (sniffed instanceof FormatSniffer.UnsupportedImage u) {
            throw new ImageReadException(
                    ImageReadException.Reason.UNSUPPORTED_FORMAT,
                    "The file " + name + " is " + u.description() + ".");
        }
        if (sniffed instanceof FormatSniffer.NotAnImage n) {
            throw new ImageReadException(
                    ImageReadException.Reason.NOT_AN_IMAGE,
                    "The file "
                            + name
                            + " is not an image: it looks like "
                            + n.description()
                            + ".");
        }
        throw new ImageReadException(
                ImageReadException.Reason.NOT_AN_IMAGE,
                "The file "
                        + name
                        + " is not an image in a supported format"
                        + " (JPEG, PNG, BMP, GIF, TIFF or WebP).");
    }

    private static ImageReader readerFor(ImageInputStream in, ImageFormat format, String name)
            throws ImageReadException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageReadException(
                    ImageReadException.Reason.UNSUPPORTED_FORMAT,
                    "The file "
                            + name
                            + " looks like a "
                            + format.displayName()
                            + " image, but no decoder for it is installed.");
        }
        return readers.next();
    }

    private void checkSize(int width, int height, String name, String kind)
            throws ImageReadException {
        if (width < 1 || height < 1) {
            throw corrupt(name, kind, null);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageReadException(
                    ImageReadException.Reason.TOO_LARGE,
                    String.format(
                            Locale.ROOT,
                            "The image %s is too large: %d x %d pixels (%.1f megapixels);"
                                    + " the limit is %.1f megapixels.",
                            name,
                            width,
                            height,
                            pixels / 1e6,
                            maxPixels / 1e6));
        }
    }

    private static RgbImage readRgb(
            ImageReader reader, ImageFormat format, byte[] data, GifCanvas.Layout gif)
            throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (format == ImageFormat.JPEG) {
            // The raw components, so that colour conversion follows libjpeg + Pillow exactly
            // instead of the reader's ICC-managed conversion.
            Raster raster = reader.readRaster(0, param);
            JpegColor.Space space = JpegColor.guessSpace(data, raster.getNumBands());
            return JpegColor.toRgb(raster, space);
        }
        BufferedImage image = reader.read(0, param);
        if (!PillowRgb.isExact(image)) {
            LOG.debug(
                    "no Pillow rule for {} layout {}; using Java2D colour conversion",
                    format,
                    image.getColorModel());
        }
        RgbImage rgb = PillowRgb.convert(image);
        return gif == null ? rgb : GifCanvas.compose(image, rgb, gif);
    }

    private static boolean meansTruncated(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncated") || w.contains("corrupt");
    }

    private static ImageReadException corrupt(String name, String kind, Throwable cause) {
        return new ImageReadException(
                ImageReadException.Reason.CORRUPT,
                "The " + kind + " file " + name + " is truncated or corrupt and cannot be decoded.",
                cause);
    }
}
