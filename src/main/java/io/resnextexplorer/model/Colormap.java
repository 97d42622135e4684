package io.resnextexplorer.model;

/**
 * Colormaps for heatmaps, each a piecewise-linear ramp through nine published sample colours at 0,
 * 1/8, ..., 1 (matplotlib's viridis and inferno, Google's turbo; the same samples d3 lists). Close
 * to the full 256-entry tables and small enough to read; see ADR 0009.
 */
public enum Colormap {
    TURBO(
            "turbo", 0x30123b, 0x4662d7, 0x36aaf9, 0x1ae4b6, 0x72fe5e, 0xc8ef34, 0xfaba39, 0xf66b19,
            0x7a0403),
    VIRIDIS(
            "viridis", 0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
            0xaddc30, 0xfde725),
    INFERNO(
            "inferno", 0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655, 0xe35933, 0xf98e09,
            0xf9cb35, 0xfcffa4),
    GRAYSCALE(
            "grayscale",
            0x000000,
            0x202020,
            0x404040,
            0x606060,
            0x808080,
            0x9f9f9f,
            0xbfbfbf,
            0xdfdfdf,
            0xffffff);

    private final String id;
    private final int[] lut = new int[256];

    Colormap(String id, int... anchors) {
        this.id = id;
        int segments = anchors.length - 1;
        for (int i = 0; i < 256; i++) {
            double pos = i / 255.0 * segments;
            int s = Math.min((int) pos, segments - 1);
            double f = pos - s;
            int a = anchors[s];
            int b = anchors[s + 1];
            int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
            int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
            int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
            lut[i] = (r << 16) | (g << 8) | bl;
        }
    }

    /** "turbo", "viridis", "inferno", "grayscale". */
    public String id() {
        return id;
    }

    /** 0xRRGGBB for a value in 0..1 (clamped). */
    public int rgb(double t) {
        double c = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        return lut[(int) Math.round(c * 255)];
    }

    /**
     * @throws IllegalArgumentException naming the known colormaps
     */
    public static Colormap parse(String text) {
        for (Colormap c : values()) {
            if (c.id.equalsIgnoreCase(text.strip()) || c.name().equalsIgnoreCase(text.strip())) {
                return c;
            }
        }
        if (text.strip().equalsIgnoreCase("gray") || text.strip().equalsIgnoreCase("grey")) {
            return GRAYSCALE;
        }
        throw new IllegalArgumentException(
                "unknown colormap '" + text + "': use turbo, viridis, inferno or grayscale");
    }
}
