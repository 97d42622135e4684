package io.resnextexplorer.model;

/**
 * Where a model's weights came from, as recorded by the exporter.
 *
 * @param kind the origin's kind
 * @param summary one line for people, e.g. "pretrained timm weights resnext50_32x4d.ra_in1k"
 * @param detail URL, checkpoint file and SHA-256, or seed; may be empty
 */
public record WeightsOrigin(Kind kind, String summary, String detail) {
    public enum Kind {
        PRETRAINED,
        CHECKPOINT,
        RANDOM_INIT,
        UNKNOWN
    }

    /** Outputs of such weights are not predictions and must be shown as untrained. */
    public boolean untrained() {
        return kind == Kind.RANDOM_INIT;
    }

    public static WeightsOrigin unknown() {
        return new WeightsOrigin(
                Kind.UNKNOWN,
                "unknown (the ONNX file does not say where its weights came from)",
                "");
    }
}
