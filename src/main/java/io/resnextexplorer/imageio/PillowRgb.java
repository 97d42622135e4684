package io.resnextexplorer.imageio;

import io.resnextexplorer.model.RgbImage;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Converts decoded samples to 8-bit RGB with the rules of Pillow's {@code convert("RGB")}, not
 * Java2D's colour-managed {@code getRGB}: alpha is dropped without compositing, palettes are looked
 * up, gray is copied to R=G=B, 16-bit gray (Pillow mode I;16) is clipped to 255, other 16-bit
 * samples keep their high byte, CMYK uses Pillow's naive formula. No ICC profile, gamma chunk or
 * colour space conversion is applied, as Pillow applies none.
 */
final class PillowRgb {

    private PillowRgb() {}

    /** True when {@link #convert} knows Pillow's exact rule for this image's layout. */
    static boolean isExact(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel) {
            return true;
        }
        int type = cm.getColorSpace().getType();
        int bits = cm.getComponentSize(0);
        return (type == ColorSpace.TYPE_GRAY
                        || type == ColorSpace.TYPE_RGB
                        || type == ColorSpace.TYPE_CMYK)
                && (bits == 8 || bits == 16)
                && image.getSampleModel().getSampleSize(0) == bits;
    }

    /** Pillow-style RGB from the image's raw samples (see the class comment). */
    static RgbImage convert(BufferedImage image) {
        Raster r = image.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        ColorModel cm = image.getColorModel();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w * r.getNumBands()];
        int bands = r.getNumBands();
        if (cm instanceof IndexColorModel icm) {
            int n = icm.getMapSize();
            byte[] red = new byte[n];
            byte[] green = new byte[n];
            byte[] blue = new byte[n];
            icm.getReds(red);
            icm.getGreens(green);
            icm.getBlues(blue);
            int[] idx = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, idx);
                int o = y * w * 3;
                for (int x = 0; x < w; x++) {
                    // An index past the palette is black in Pillow's expanded palette.
                    int i = idx[x];
                    boolean in = i < n;
                    out[o++] = in ? red[i] : 0;
                    out[o++] = in ? green[i] : 0;
                    out[o++] = in ? blue[i] : 0;
                }
            }
            return new RgbImage(w, h, out);
        }
        int type = cm.getColorSpace().getType();
        int bits = cm.getComponentSize(0);
        if (!isExact(image)) {
            return viaJava2d(image);
        }
        boolean grayClip = type == ColorSpace.TYPE_GRAY && bands == 1 && bits == 16;
        int shift = bits == 16 ? 8 : 0;
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, row);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                if (type == ColorSpace.TYPE_GRAY) {
                    int v = grayClip ? Math.min(row[p], 255) : row[p] >> shift;
                    out[o++] = (byte) v;
                    out[o++] = (byte) v;
                    out[o++] = (byte) v;
                } else if (type == ColorSpace.TYPE_CMYK) {
                    cmykToRgb(
                            row[p] >> shift,
                            row[p + 1] >> shift,
                            row[p + 2] >> shift,
                            row[p + 3] >> shift,
                            out,
                            o);
                    o += 3;
                } else {
                    out[o++] = (byte) (row[p] >> shift);
                    out[o++] = (byte) (row[p + 1] >> shift);
                    out[o++] = (byte) (row[p + 2] >> shift);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * Pillow's CMYK to RGB (Convert.c cmyk2rgb): {@code nk = 255 - K; R = nk - C * nk / 255} with
     * Pillow's rounded integer division by 255, and the same for G (M) and B (Y).
     */
    static void cmykToRgb(int c, int m, int yel, int k, byte[] out, int o) {
        int nk = 255 - k;
        out[o] = (byte) clip8(nk - mulDiv255(c, nk));
        out[o + 1] = (byte) clip8(nk - mulDiv255(m, nk));
        out[o + 2] = (byte) clip8(nk - mulDiv255(yel, nk));
    }

    /** a * b / 255 rounded, in Pillow's integer form. */
    static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Fallback for layouts Pillow has no simple rule for: Java2D's sRGB conversion. */
    private static RgbImage viaJava2d(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            int o = y * w * 3;
            for (int x = 0; x < w; x++) {
                int v = argb[x];
                out[o++] = (byte) (v >> 16);
                out[o++] = (byte) (v >> 8);
                out[o++] = (byte) v;
            }
        }
        return new RgbImage(w, h, out);
    }
}
