package io.resnextexplorer.model;

/**
 * One heatmap at its own resolution (e.g. 7x7 for a 224 crop through a stride-32 network).
 *
 * @param method how it was computed
 * @param classIndex the class for a CAM, -1 for class-agnostic maps
 * @param label that class's name, or null
 * @param width map width in cells
 * @param height map height in cells
 * @param values row-major, length width * height, in the method's own units (a CAM's values are
 *     logit contributions per cell: their mean before the ReLU is y_c - b_c); never NaN
 * @param min smallest value
 * @param max largest value
 * @param preReluMean for a CAM, the mean of the map before the ReLU (the sanity figure); else NaN
 * @param expectedMean for a CAM, y_c - b_c from the logits and the bias; else NaN
 * @param note why there is nothing to show ("no positive evidence for this class"), or null
 */
public record ActivationMap(
        HeatmapMethod method,
        int classIndex,
        String label,
        int width,
        int height,
        float[] values,
        float min,
        float max,
        double preReluMean,
        double expectedMean,
        String note) {
    public static final String NO_EVIDENCE = "no positive evidence for this class";
    public static final String FLAT = "the map is flat: no location stands out";

    public ActivationMap {
        if (values.length != width * height) {
            throw new IllegalArgumentException(
                    values.length + " values for a " + width + "x" + height + " map");
        }
    }

    /** Whether there is a shape to draw (the map is not flat or all zero). */
    public boolean drawable() {
        return note == null;
    }

    /** The value at cell (x, y). */
    public float at(int x, int y) {
        return values[y * width + x];
    }

    /** The values min-max scaled to 0..1 (all 0 when the map is not drawable). */
    public float[] scaled() {
        float[] s = new float[values.length];
        if (!drawable()) {
            return s;
        }
        float range = max - min;
        for (int i = 0; i < s.length; i++) {
            s[i] = (values[i] - min) / range;
        }
        return s;
    }
}
