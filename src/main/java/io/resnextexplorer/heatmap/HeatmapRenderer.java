package io.resnextexplorer.heatmap;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Colormap;
import io.resnextexplorer.model.CropBox;
import io.resnextexplorer.model.RgbImage;

/**
 * Draws a heatmap on the original image where the model's crop came from.
 *
 * <p>The map covers the crop box (the center crop mapped back through the resize, in original
 * pixels); each image pixel inside it samples the map bilinearly at its centre, cells being centred
 * like align_corners=False upsampling, so the map is smooth and each cell sits over the region of
 * the crop it summarises. Pixels outside the crop, which the model never saw, are dimmed. A map
 * with nothing to show draws no colour at all.
 */
public final class HeatmapRenderer {
    /** Brightness kept outside the crop box. */
    static final double OUTSIDE = 0.45;

    private HeatmapRenderer() {}

    /**
     * @param image the original image
     * @param crop the crop box in {@code image}'s pixels
     * @param map the map to draw
     * @param colormap colours for 0..1 of the map's min..max
     * @param alpha opacity of the colour over the image, 0..1
     * @return a new image of the same size
     */
    public static RgbImage overlay(
            RgbImage image, CropBox crop, ActivationMap map, Colormap colormap, double alpha) {
        double a = Math.max(0, Math.min(1, alpha));
        int w = image.width();
        int h = image.height();
        byte[] out = new byte[w * h * 3];
        float[] scaled = map.scaled();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                double u = (x + 0.5 - crop.x()) / crop.width();
                double v = (y + 0.5 - crop.y()) / crop.height();
                boolean inside = u >= 0 && u < 1 && v >= 0 && v < 1;
                if (!inside) {
                    for (int c = 0; c < 3; c++) {
                        out[i + c] = (byte) Math.round(image.get(x, y, c) * OUTSIDE);
                    }
                    continue;
                }
                if (!map.drawable()) {
                    System.arraycopy(image.rgb(), i, out, i, 3);
                    continue;
                }
                int rgb = colormap.rgb(sample(scaled, map.width(), map.height(), u, v));
                for (int c = 0; c < 3; c++) {
                    int col = (rgb >> (16 - 8 * c)) & 0xFF;
                    out[i + c] = (byte) Math.round(image.get(x, y, c) * (1 - a) + col * a);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * The image and the map side by side: left the image with the crop's outside dimmed, right the
     * map alone in colour over the crop box (black outside), same size each.
     */
    public static RgbImage sideBySide(
            RgbImage image, CropBox crop, ActivationMap map, Colormap colormap) {
        RgbImage left = overlay(image, crop, map, colormap, 0);
        RgbImage right = overlay(black(image.width(), image.height()), crop, map, colormap, 1);
        int w = image.width();
        int h = image.height();
        int gap = Math.max(2, w / 50);
        int total = 2 * w + gap;
        byte[] out = new byte[total * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(left.rgb(), y * w * 3, out, y * total * 3, w * 3);
            System.arraycopy(right.rgb(), y * w * 3, out, (y * total + w + gap) * 3, w * 3);
            for (int g = 0; g < gap; g++) {
                int i = (y * total + w + g) * 3;
                out[i] = out[i + 1] = out[i + 2] = (byte) 0x80;
            }
        }
        return new RgbImage(total, h, out);
    }

    /**
     * The map alone, upsampled to {@code width x height} (e.g. the model's crop) in colour; what
     * {@link #overlay} draws inside the crop box at opacity 1.
     */
    public static RgbImage mapImage(ActivationMap map, Colormap colormap, int width, int height) {
        return overlay(black(width, height), new CropBox(0, 0, width, height), map, colormap, 1);
    }

    /** A horizontal legend strip: the colormap from 0 (left) to 1 (right). */
    public static RgbImage legend(Colormap colormap, int width, int height) {
        byte[] out = new byte[width * height * 3];
        for (int x = 0; x < width; x++) {
            int rgb = colormap.rgb(width == 1 ? 0 : x / (double) (width - 1));
            for (int y = 0; y < height; y++) {
                int i = (y * width + x) * 3;
                out[i] = (byte) (rgb >> 16);
                out[i + 1] = (byte) (rgb >> 8);
                out[i + 2] = (byte) rgb;
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Bilinear sample at (u, v) in 0..1 of the map; cell centres at (i + 0.5) / width. */
    static double sample(float[] m, int mw, int mh, double u, double v) {
        double fx = Math.max(0, Math.min(mw - 1, u * mw - 0.5));
        double fy = Math.max(0, Math.min(mh - 1, v * mh - 0.5));
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        int x1 = Math.min(mw - 1, x0 + 1);
        int y1 = Math.min(mh - 1, y0 + 1);
        double dx = fx - x0;
        double dy = fy - y0;
        double top = m[y0 * mw + x0] * (1 - dx) + m[y0 * mw + x1] * dx;
        double bottom = m[y1 * mw + x0] * (1 - dx) + m[y1 * mw + x1] * dx;
        return top * (1 - dy) + bottom * dy;
    }

    private static RgbImage black(int w, int h) {
        return new RgbImage(w, h, new byte[w * h * 3]);
    }
}
