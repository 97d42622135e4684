package io.resnextexplorer.model;

import java.util.List;

/**
 * Which map to draw: a class activation map (needs a class), Eigen-CAM (class-agnostic), or one
 * stage's channel-mean activation.
 *
 * @param kind the method
 * @param stage for {@link Kind#STAGE}: "stem", "layer1".."layer4"; else null
 */
public record HeatmapMethod(Kind kind, String stage) {
    /** The methods, by how they weigh the feature map's channels. */
    public enum Kind {
        CAM,
        EIGEN_CAM,
        STAGE
    }

    public static final HeatmapMethod CAM = new HeatmapMethod(Kind.CAM, null);
    public static final HeatmapMethod EIGEN_CAM = new HeatmapMethod(Kind.EIGEN_CAM, null);

    /** Stage names offered for a ResNet-style graph, in depth order. */
    public static final List<String> STAGES =
            List.of("stem", "layer1", "layer2", "layer3", "layer4");

    public HeatmapMethod {
        if ((kind == Kind.STAGE) != (stage != null)) {
            throw new IllegalArgumentException("a stage map names its stage, other maps none");
        }
    }

    public static HeatmapMethod stage(String stage) {
        return new HeatmapMethod(Kind.STAGE, stage);
    }

    /**
     * Parses "cam", "eigencam" or "stage:layer3" (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static HeatmapMethod parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cam") || t.equals("gradcam") || t.equals("grad-cam")) {
            return CAM;
        }
        if (t.equals("eigencam") || t.equals("eigen-cam")) {
            return EIGEN_CAM;
        }
        if (t.startsWith("stage:") && STAGES.contains(t.substring(6))) {
            return stage(t.substring(6));
        }
        throw new IllegalArgumentException(
                "unknown heatmap method '"
                        + text
                        + "': use cam, eigencam or stage:NAME with NAME one of "
                        + String.join(", ", STAGES));
    }

    /** Whether the map depends on the class. */
    public boolean perClass() {
        return kind == Kind.CAM;
    }

    /** "cam", "eigencam", "stage:layer3": the form {@link #parse} reads. */
    public String id() {
        return switch (kind) {
            case CAM -> "cam";
            case EIGEN_CAM -> "eigencam";
            case STAGE -> "stage:" + stage;
        };
    }

    /** For people: "CAM", "Eigen-CAM", "Stage layer3 (channel mean)". */
    public String title() {
        return switch (kind) {
            case CAM -> "CAM";
            case EIGEN_CAM -> "Eigen-CAM";
            case STAGE -> "Stage " + stage + " (channel mean)";
        };
    }
}
