package io.resnextexplorer.imageio;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognizes a file's type from its first bytes ("magic numbers"), never from its name: either one
 * of the {@link ImageFormat}s we decode, or a description of what else it seems to be, for the
 * error message.
 */
final class FormatSniffer {

    /** What the first bytes say a file is. */
    sealed interface Sniffed {}

    /** A format {@link ImageDecoder} reads. */
    record Supported(ImageFormat format) implements Sniffed {}

    /** An image format we recognize but do not decode. */
    record UnsupportedImage(Unsupported kind) implements Sniffed {
        /** What it is and what to do, e.g. "an AVIF image; please convert it to JPEG or PNG". */
        String description() {
            return kind.what + "; " + kind.advice;
        }
    }

    /** Not an image at all, e.g. "a PDF document". */
    record NotAnImage(String description) implements Sniffed {}

    /** Binary content with no known signature. */
    record Unknown() implements Sniffed {}

    /** Image formats that are recognizable but not decoded; described for the message. */
    enum Unsupported {
        HEIC("a HEIC/HEIF photo (common on iPhones)", "please convert it to JPEG or PNG"),
        AVIF("an AVIF image", "please convert it to JPEG or PNG"),
        JPEG_XL("a JPEG XL image", "please convert it to JPEG or PNG"),
        JPEG_2000("a JPEG 2000 image", "please convert it to JPEG or PNG"),
        SVG("an SVG vector drawing", "please export it as PNG"),
        PSD("a Photoshop document", "please export it as JPEG or PNG"),
        ICO("a Windows icon", "please convert it to PNG"),
        RAW("a camera RAW file", "please export it as JPEG");

        /** What the file is, e.g. "an AVIF image". */
        final String what;

        /** What to do about it when an image was wanted. */
        final String advice;

        Unsupported(String what, String advice) {
            this.what = what;
            this.advice = advice;
        }
    }

    private FormatSniffer() {}

    /** Result of sniffing: a supported format, an unsupported image kind, or something else. */
    static Sniffed classify(byte[] b) {
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return new Supported(ImageFormat.JPEG);
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return new Supported(ImageFormat.PNG);
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return new Supported(ImageFormat.GIF);
        }
        if (startsWith(b, 'B', 'M') && isBmpInfoHeaderSize(b)) {
            return new Supported(ImageFormat.BMP);
        }
        if (startsWith(b, 'R', 'I', 'F', 'F') && ascii(b, 8, 4).equals("WEBP")) {
            return new Supported(ImageFormat.WEBP);
        }
        if (startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42)) {
            // Many camera RAW files are TIFF containers; their extension is irrelevant here and
            // the TIFF reader decodes the first (preview) image if it can.
            return new Supported(ImageFormat.TIFF);
        }
        if (ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4);
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
                return new UnsupportedImage(Unsupported.HEIC);
            }
            if (brand.startsWith("avi")) {
                return new UnsupportedImage(Unsupported.AVIF);
            }
            if (brand.startsWith("jp2") || brand.startsWith("jpx")) {
                return new UnsupportedImage(Unsupported.JPEG_2000);
            }
            if (brand.equals("crx ")) {
                return new UnsupportedImage(Unsupported.RAW);
            }
            return new NotAnImage("a video or audio file (MP4/QuickTime)");
        }
        if (startsWith(b, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return new UnsupportedImage(Unsupported.JPEG_XL);
        }
        if (startsWith(b, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ')) {
            return new UnsupportedImage(Unsupported.JPEG_2000);
        }
        if (startsWith(b, '8', 'B', 'P', 'S')) {
            return new UnsupportedImage(Unsupported.PSD);
        }
        if (startsWith(b, 0, 0, 1, 0) && b.length > 6) {
            return new UnsupportedImage(Unsupported.ICO);
        }
        if (startsWith(b, '%', 'P', 'D', 'F')) {
            return new NotAnImage("a PDF document");
        }
        if (startsWith(b, 'P', 'K', 3, 4)) {
            return new NotAnImage(
                    "a ZIP archive (an Office document or a PyTorch .pt/.pth checkpoint, for"
                            + " example)");
        }
        if (startsWith(b, 0x1F, 0x8B)) {
            return new NotAnImage("a gzip-compressed file");
        }
        if (startsWith(b, 0x7F, 'E', 'L', 'F')
                || (startsWith(b, 'M', 'Z') && textHead(b) == null)) {
            return new NotAnImage("a program (executable)");
        }
        if (startsWith(b, 'I', 'D', '3')
                || startsWith(b, 0xFF, 0xFB)
                || startsWith(b, 'O', 'g', 'g', 'S')) {
            return new NotAnImage("an audio file");
        }
        if (startsWith(b, 'R', 'I', 'F', 'F')) {
            return new NotAnImage("a RIFF media file (audio or video)");
        }
        String head = textHead(b);
        if (head != null) {
            String lower = head.stripLeading().toLowerCase(Locale.ROOT);
            if (lower.contains("<svg")) {
                return new UnsupportedImage(Unsupported.SVG);
            }
            if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
                return new NotAnImage("a web page (HTML)");
            }
            if (lower.startsWith("<?xml") || lower.startsWith("<")) {
                return new NotAnImage("an XML or HTML text file");
            }
            if (lower.startsWith("{") || lower.startsWith("[")) {
                return new NotAnImage("a JSON text file");
            }
            return new NotAnImage("a text file");
        }
        return new Unknown();
    }

    /**
     * What the first bytes say the file is, as a phrase for a message ("a PNG image", "a PDF
     * document", "a text file"), or empty when no signature we know matches.
     */
    static Optional<String> whatItIs(byte[] b) {
        Sniffed s = classify(b);
        if (s instanceof Supported supported) {
            return Optional.of("a " + supported.format().displayName() + " image");
        }
        if (s instanceof UnsupportedImage u) {
            return Optional.of(u.kind().what);
        }
        if (s instanceof NotAnImage n) {
            return Optional.of(n.description());
        }
        return Optional.empty();
    }

    /** BMP's second header starts with its own size, one of a few known values. */
    private static boolean isBmpInfoHeaderSize(byte[] b) {
        if (b.length < 18) {
            return false;
        }
        int size =
                (b[14] & 0xFF) | (b[15] & 0xFF) << 8 | (b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 24;
        return size == 12
                || size == 16
                || size == 40
                || size == 52
                || size == 56
                || size == 64
                || size == 108
                || size == 124;
    }

    /** The first bytes decoded as text when they look like text (UTF-8, no control bytes). */
    private static String textHead(byte[] b) {
        int n = Math.min(b.length, 512);
        int start = startsWith(b, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        if (n <= start) {
            return null;
        }
        for (int i = start; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return null;
            }
        }
        return new String(b, start, n - start, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int off, int len) {
        if (b.length < off + len) {
            return "";
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
