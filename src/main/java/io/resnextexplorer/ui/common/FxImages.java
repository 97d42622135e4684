package io.resnextexplorer.ui.common;

import io.resnextexplorer.model.RgbImage;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Converts the core's RGB pixels to JavaFX images at the UI edge. */
public final class FxImages {
    private FxImages() {}

    /** A JavaFX image with the same pixels; may be called off the FX thread. */
    public static WritableImage toFx(RgbImage img) {
        WritableImage out = new WritableImage(img.width(), img.height());
        out.getPixelWriter()
                .setPixels(
                        0,
                        0,
                        img.width(),
                        img.height(),
                        PixelFormat.getByteRgbInstance(),
                        img.rgb(),
                        0,
                        img.width() * 3);
        return out;
    }

    /**
     * Each pixel repeated {@code factor} times in both directions (hard edges), so a small image
     * shown large stays exactly its pixels whatever the renderer's smoothing does.
     */
    public static RgbImage enlarge(RgbImage img, int factor) {
        if (factor <= 1) {
            return img;
        }
        int w = img.width() * factor;
        int h = img.height() * factor;
        byte[] in = img.rgb();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int sy = y / factor;
            for (int x = 0; x < w; x++) {
                int s = (sy * img.width() + x / factor) * 3;
                int d = (y * w + x) * 3;
                out[d] = in[s];
                out[d + 1] = in[s + 1];
                out[d + 2] = in[s + 2];
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * A box-filtered copy whose longer side is at most {@code maxSide} pixels (the image itself
     * when it is already that small).
     */
    public static RgbImage shrink(RgbImage img, int maxSide) {
        int w = img.width();
        int h = img.height();
        int longer = Math.max(w, h);
        if (longer <= maxSide) {
            return img;
        }
        double scale = (double) maxSide / longer;
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        byte[] out = new byte[tw * th * 3];
        byte[] src = img.rgb();
        for (int ty = 0; ty < th; ty++) {
            int y0 = (int) ((long) ty * h / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * h / th));
            for (int tx = 0; tx < tw; tx++) {
                int x0 = (int) ((long) tx * w / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * w / tw));
                // Sample at most a 4x4 grid per output pixel: thumbnails, not exact resampling.
                int sy = Math.max(1, (y1 - y0) / 4);
                int sx = Math.max(1, (x1 - x0) / 4);
                long r = 0, g = 0, b = 0, n = 0;
                for (int y = y0; y < y1; y += sy) {
                    for (int x = x0; x < x1; x += sx) {
                        int i = (y * w + x) * 3;
                        r += src[i] & 0xFF;
                        g += src[i + 1] & 0xFF;
                        b += src[i + 2] & 0xFF;
                        n++;
                    }
                }
                int o = (ty * tw + tx) * 3;
                out[o] = (byte) (r / n);
                out[o + 1] = (byte) (g / n);
                out[o + 2] = (byte) (b / n);
            }
        }
        return new RgbImage(tw, th, out);
    }
}
