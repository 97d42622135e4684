package io.resnextexplorer.heatmap;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The bytes of a heatmap's files: raw map as .npy or CSV, an overlay as PNG. */
public final class MapFiles {
    private MapFiles() {}

    /**
     * NumPy .npy format 1.0: float32 little-endian, C order, shape (height, width), the map's own
     * resolution and values.
     */
    public static byte[] npy(ActivationMap map) {
        String dict =
                "{'descr': '<f4', 'fortran_order': False, 'shape': ("
                        + map.height()
                        + ", "
                        + map.width()
                        + "), }";
        // Magic (6) + version (2) + header length (2) + header, padded with spaces so the data
        // starts on a 64-byte boundary; the header ends with a newline.
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + 4 * map.values().length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : map.values()) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** One line per map row, values separated by commas, shortest exact float text. */
    public static String csv(ActivationMap map) {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                if (x > 0) {
                    sb.append(',');
                }
                sb.append(String.format(Locale.ROOT, "%s", Float.toString(map.at(x, y))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A PNG of the image (8-bit RGB). */
    public static byte[] png(RgbImage image) throws IOException {
        return png(image, null);
    }

    /**
     * A PNG of the image with {@code banner} (e.g. "untrained weights") written in its top-left
     * corner on a dark band, so the file says it wherever it goes; null for none.
     */
    public static byte[] png(RgbImage image, String banner) throws IOException {
        BufferedImage bi =
                new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[image.width()];
        byte[] rgb = image.rgb();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int i = (y * image.width() + x) * 3;
                row[x] = ((rgb[i] & 0xFF) << 16) | ((rgb[i + 1] & 0xFF) << 8) | (rgb[i + 2] & 0xFF);
            }
            bi.setRGB(0, y, image.width(), 1, row, 0, image.width());
        }
        if (banner != null) {
            java.awt.Graphics2D g = bi.createGraphics();
            try {
                g.setRenderingHint(
                        java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                        java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                int size = Math.max(10, Math.min(18, image.width() / 24));
                g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, size));
                int w = g.getFontMetrics().stringWidth(banner) + 8;
                g.setColor(new java.awt.Color(0, 0, 0, 170));
                g.fillRect(0, 0, Math.min(w, image.width()), size + 8);
                g.setColor(new java.awt.Color(255, 200, 60));
                g.drawString(banner, 4, size + 2);
            } finally {
                g.dispose();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!javax.imageio.ImageIO.write(bi, "png", out)) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        return out.toByteArray();
    }
}
