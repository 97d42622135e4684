package io.resnextexplorer.imageio;

import io.resnextexplorer.model.RgbImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns a JPEG's decoded components (before any colour conversion) into RGB the way Pillow with
 * libjpeg-turbo does: libjpeg's colour space guess from the JFIF/Adobe markers and component ids,
 * libjpeg's fixed-point YCbCr to RGB and YCCK to CMYK, then Pillow's "CMYK;I" inversion (Pillow
 * assumes every CMYK JPEG follows Adobe's inverted convention) and its naive CMYK to RGB. ICC
 * profiles are ignored, as Pillow ignores them.
 */
final class JpegColor {

    /** libjpeg's colour spaces that matter here. */
    enum Space {
        GRAY,
        YCBCR,
        RGB,
        CMYK,
        YCCK
    }

    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        // libjpeg jdcolor.c build_ycc_rgb_table, same constants and rounding.
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegColor() {}

    private static int fix(double v) {
        return (int) (v * (1L << SCALEBITS) + 0.5);
    }

    /** libjpeg's default_decompress_parms guess of the stored colour space. */
    static Space guessSpace(byte[] jpeg, int components) {
        Markers m = Markers.scan(jpeg);
        switch (components) {
            case 1:
                return Space.GRAY;
            case 3:
                if (m.jfif) {
                    return Space.YCBCR;
                }
                if (m.adobeTransform >= 0) {
                    return m.adobeTransform == 0 ? Space.RGB : Space.YCBCR;
                }
                if (m.componentIds[0] == 'R'
                        && m.componentIds[1] == 'G'
                        && m.componentIds[2] == 'B') {
                    return Space.RGB;
                }
                return Space.YCBCR;
            case 4:
                return m.adobeTransform > 0 ? Space.YCCK : Space.CMYK;
            default:
                throw new IllegalArgumentException("JPEG with " + components + " components");
        }
    }

    /**
     * Why the Java decoder cannot read this JPEG even though Pillow may, or {@code null}: the JDK's
     * libjpeg 6b has no arithmetic-coded or 12/16-bit JPEG support.
     */
    static String unsupportedVariant(byte[] jpeg) {
        Markers m = Markers.scan(jpeg);
        if (m.sofMarker >= 0xC9 && m.sofMarker <= 0xCF && m.sofMarker != 0xCC) {
            return "uses arithmetic coding";
        }
        if (m.precision > 8) {
            return "has " + m.precision + "-bit samples";
        }
        return null;
    }

    /** Converts the raw raster (as stored, upsampled) to Pillow's RGB. */
    static RgbImage toRgb(Raster r, Space space) {
        if ((space == Space.YCBCR || space == Space.RGB || space == Space.GRAY)
                && r.getDataBuffer() instanceof DataBufferByte buffer
                && r.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && buffer.getNumBanks() == 1
                && isIdentityOrder(sm.getBandOffsets())) {
            return toRgbFromBytes(r, buffer.getData(), sm, space);
        }
        return toRgbGeneric(r, space);
    }

    private static boolean isIdentityOrder(int[] bandOffsets) {
        for (int i = 0; i < bandOffsets.length; i++) {
            if (bandOffsets[i] != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * The common case (8-bit interleaved YCbCr, RGB or gray, as libjpeg hands it over) read
     * straight from the raster's bytes: no per-row int copy, one loop per colour space. Same
     * arithmetic as {@link #toRgbGeneric}, so the same pixels.
     */
    private static RgbImage toRgbFromBytes(
            Raster r, byte[] src, PixelInterleavedSampleModel sm, Space space) {
        int w = r.getWidth();
        int h = r.getHeight();
        int stride = sm.getScanlineStride();
        int pixelStride = sm.getPixelStride();
        int origin =
                (r.getMinY() - r.getSampleModelTranslateY()) * stride
                        + (r.getMinX() - r.getSampleModelTranslateX()) * pixelStride;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int p = origin + y * stride;
            int o = y * w * 3;
            switch (space) {
                case YCBCR -> {
                    for (int x = 0; x < w; x++, p += pixelStride, o += 3) {
                        int yy = src[p] & 0xFF;
                        int cb = src[p + 1] & 0xFF;
                        int cr = src[p + 2] & 0xFF;
                        out[o] = (byte) PillowRgb.clip8(yy + CR_R[cr]);
                        out[o + 1] =
                                (byte) PillowRgb.clip8(yy + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
                        out[o + 2] = (byte) PillowRgb.clip8(yy + CB_B[cb]);
                    }
                }
                case RGB -> {
                    for (int x = 0; x < w; x++, p += pixelStride, o += 3) {
                        out[o] = src[p];
                        out[o + 1] = src[p + 1];
                        out[o + 2] = src[p + 2];
                    }
                }
                default -> {
                    for (int x = 0; x < w; x++, p += pixelStride, o += 3) {
                        byte v = src[p];
                        out[o] = v;
                        out[o + 1] = v;
                        out[o + 2] = v;
                    }
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static RgbImage toRgbGeneric(Raster r, Space space) {
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                switch (space) {
                    case GRAY -> {
                        byte v = (byte) row[p];
                        out[o] = v;
                        out[o + 1] = v;
                        out[o + 2] = v;
                    }
                    case RGB -> {
                        out[o] = (byte) row[p];
                        out[o + 1] = (byte) row[p + 1];
                        out[o + 2] = (byte) row[p + 2];
                    }
                    case YCBCR -> {
                        int yy = row[p];
                        int cb = row[p + 1];
                        int cr = row[p + 2];
                        out[o] = (byte) PillowRgb.clip8(yy + CR_R[cr]);
                        out[o + 1] =
                                (byte) PillowRgb.clip8(yy + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
                        out[o + 2] = (byte) PillowRgb.clip8(yy + CB_B[cb]);
                    }
                    case CMYK, YCCK -> {
                        int c = row[p];
                        int m = row[p + 1];
                        int ye = row[p + 2];
                        if (space == Space.YCCK) {
                            // libjpeg ycck_cmyk_convert: C, M, Y = 255 - (R, G, B of the YCC part).
                            int yy = row[p];
                            int cb = row[p + 1];
                            int cr = row[p + 2];
                            c = PillowRgb.clip8(255 - (yy + CR_R[cr]));
                            m = PillowRgb.clip8(255 - (yy + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS)));
                            ye = PillowRgb.clip8(255 - (yy + CB_B[cb]));
                        }
                        // Pillow's "CMYK;I" raw mode inverts all four channels.
                        PillowRgb.cmykToRgb(255 - c, 255 - m, 255 - ye, 255 - row[p + 3], out, o);
                    }
                }
                o += 3;
            }
        }
        return new RgbImage(w, h, out);
    }

    /** The header facts libjpeg bases its colour space guess on. */
    private static final class Markers {
        boolean jfif;
        int adobeTransform = -1;
        int sofMarker = -1;
        int precision = 8;
        final int[] componentIds = new int[4];

        static Markers scan(byte[] d) {
            Markers m = new Markers();
            int p = 2;
            while (p + 4 <= d.length) {
                if ((d[p] & 0xFF) != 0xFF) {
                    break;
                }
                int marker = d[p + 1] & 0xFF;
                if (marker == 0xFF) {
                    p++;
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) {
                    break;
                }
                int len = ((d[p + 2] & 0xFF) << 8) | (d[p + 3] & 0xFF);
                int s = p + 4;
                if (marker == 0xE0 && len >= 7 && s + 5 <= d.length && startsWith(d, s, "JFIF\0")) {
                    m.jfif = true;
                } else if (marker == 0xEE
                        && len >= 14
                        && s + 12 <= d.length
                        && startsWith(d, s, "Adobe")) {
                    m.adobeTransform = d[s + 11] & 0xFF;
                } else if (marker >= 0xC0
                        && marker <= 0xCF
                        && marker != 0xC4
                        && marker != 0xC8
                        && marker != 0xCC
                        && s + 6 <= d.length) {
                    m.sofMarker = marker;
                    m.precision = d[s] & 0xFF;
                    int n = d[s + 5] & 0xFF;
                    for (int i = 0; i < Math.min(n, 4) && s + 6 + 3 * i < d.length; i++) {
                        m.componentIds[i] = d[s + 6 + 3 * i] & 0xFF;
                    }
                }
                p += 2 + len;
            }
            return m;
        }

        private static boolean startsWith(byte[] d, int off, String s) {
            for (int i = 0; i < s.length(); i++) {
                if (off + i >= d.length || d[off + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
