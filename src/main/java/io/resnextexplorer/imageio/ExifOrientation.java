package io.resnextexplorer.imageio;

import io.resnextexplorer.model.RgbImage;
import java.nio.charset.StandardCharsets;

/**
 * Finds the EXIF orientation tag (0x0112) where Pillow's {@code getexif()} finds it, and applies it
 * the way {@code ImageOps.exif_transpose} does.
 *
 * <p>Looked up in: JPEG APP1 "Exif" segments, the PNG eXIf chunk, the WebP EXIF chunk, and a TIFF
 * file's first IFD. Malformed EXIF data is ignored (orientation 1), as a photo with a broken tag is
 * still a photo.
 */
final class ExifOrientation {

    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {}

    /** The orientation 1..8 stored in the file, or 1 when absent, unknown or unreadable. */
    static int read(byte[] data, ImageFormat format) {
        try {
            int v =
                    switch (format) {
                        case JPEG -> fromJpeg(data);
                        case PNG -> fromPng(data);
                        case WEBP -> fromWebp(data);
                        case TIFF -> fromTiff(data, 0, data.length);
                        default -> 1;
                    };
            return v >= 1 && v <= 8 ? v : 1;
        } catch (RuntimeException malformed) {
            return 1;
        }
    }

    private static int fromJpeg(byte[] d) {
        int p = 2;
        while (p + 4 <= d.length) {
            if ((d[p] & 0xFF) != 0xFF) {
                return 1;
            }
            int marker = d[p + 1] & 0xFF;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return 1; // start of scan: no metadata after this point matters
            }
            int len = u16be(d, p + 2);
            int payload = p + 4;
            if (marker == 0xE1
                    && len >= 8
                    && new String(d, payload, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                return fromTiff(d, payload + 6, Math.min(d.length, p + 2 + len));
            }
            p += 2 + len;
        }
        return 1;
    }

    private static int fromPng(byte[] d) {
        int p = 8;
        while (p + 8 <= d.length) {
            int len = (int) u32(d, p, true);
            String type = new String(d, p + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("eXIf")) {
                return fromTiff(d, p + 8, Math.min(d.length, p + 8 + len));
            }
            // Pillow also finds an eXIf chunk after the image data (it loads the image first).
            if (type.equals("IEND") || len < 0 || (long) p + 12 + len > d.length) {
                return 1;
            }
            p += 12 + len;
        }
        return 1;
    }

    private static int fromWebp(byte[] d) {
        int p = 12;
        while (p + 8 <= d.length) {
            String type = new String(d, p, 4, StandardCharsets.ISO_8859_1);
            int len = (int) u32(d, p + 4, false);
            if (type.equals("EXIF")) {
                int start = p + 8;
                if (start + 6 <= d.length
                        && new String(d, start, 6, StandardCharsets.ISO_8859_1)
                                .equals("Exif\0\0")) {
                    start += 6;
                }
                return fromTiff(d, start, Math.min(d.length, p + 8 + len));
            }
            if (len < 0) {
                return 1;
            }
            p += 8 + len + (len & 1);
        }
        return 1;
    }

    /** Reads tag 0x0112 from IFD0 of the TIFF structure at {@code d[start..end)}. */
    private static int fromTiff(byte[] d, int start, int end) {
        boolean big;
        if (d[start] == 'M' && d[start + 1] == 'M') {
            big = true;
        } else if (d[start] == 'I' && d[start + 1] == 'I') {
            big = false;
        } else {
            return 1;
        }
        long ifd = u32(d, start + 4, big);
        int p = start + (int) ifd;
        if (ifd < 8 || p + 2 > end) {
            return 1;
        }
        int count = u16(d, p, big);
        for (int i = 0; i < count; i++) {
            int e = p + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(d, e, big) == TAG_ORIENTATION) {
                int type = u16(d, e + 2, big);
                if (type == 3) {
                    return u16(d, e + 8, big);
                }
                if (type == 4) {
                    return (int) u32(d, e + 8, big);
                }
                return 1;
            }
        }
        return 1;
    }

    /**
     * Turns the stored pixels upright: the transposes Pillow's {@code exif_transpose} uses (2
     * FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE, 6 ROTATE_270, 7 TRANSVERSE, 8
     * ROTATE_90).
     */
    static RgbImage apply(RgbImage in, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return in;
        }
        int w = in.width();
        int h = in.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = in.rgb();
        byte[] out = new byte[src.length];
        int o = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - x;
                        sy = y;
                    }
                    case 3 -> {
                        sx = w - 1 - x;
                        sy = h - 1 - y;
                    }
                    case 4 -> {
                        sx = x;
                        sy = h - 1 - y;
                    }
                    case 5 -> {
                        sx = y;
                        sy = x;
                    }
                    case 6 -> {
                        sx = y;
                        sy = h - 1 - x;
                    }
                    case 7 -> {
                        sx = w - 1 - y;
                        sy = h - 1 - x;
                    }
                    default -> {
                        sx = w - 1 - y;
                        sy = x;
                    }
                }
                int s = (sy * w + sx) * 3;
                out[o++] = src[s];
                out[o++] = src[s + 1];
                out[o++] = src[s + 2];
            }
        }
        return new RgbImage(ow, oh, out);
    }

    private static int u16be(byte[] d, int p) {
        return ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
    }

    private static int u16(byte[] d, int p, boolean big) {
        return big ? u16be(d, p) : ((d[p + 1] & 0xFF) << 8) | (d[p] & 0xFF);
    }

    private static long u32(byte[] d, int p, boolean big) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = d[big ? p + i : p + 3 - i] & 0xFF;
            v = (v << 8) | b;
        }
        return v;
    }
}
