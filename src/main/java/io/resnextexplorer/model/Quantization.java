package io.resnextexplorer.model;

import java.util.Locale;

/**
 * How an int8 variant was quantized, from its {@code resnext_explorer.quantization} metadata
 * (onnx-export's {@code --int8}; docs/metadata-schema.md). The weights origin is the fp32 export's:
 * quantizing does not train anything.
 *
 * @param method "static" (calibrated activation ranges) or another quantizer's word
 * @param format "QDQ" or "QOperator"
 * @param activations element type of the activations, e.g. "uint8"
 * @param weights element type of the weights, e.g. "int8"
 * @param perChannel one weight scale per output channel rather than per tensor
 * @param calibrationImages images the ranges were calibrated on, or -1 when not recorded
 * @param calibrationSource "bundled" (onnx-export/calibration) or "user"
 */
public record Quantization(
        String method,
        String format,
        String activations,
        String weights,
        boolean perChannel,
        int calibrationImages,
        String calibrationSource) {

    /** E.g. "int8 (static, per-channel U8S8 QDQ, calibrated on 8 bundled images)". */
    public String summary() {
        String calibrated =
                calibrationImages < 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", calibrated on %d %simage%s",
                                calibrationImages,
                                calibrationSource.isEmpty() ? "" : calibrationSource + " ",
                                calibrationImages == 1 ? "" : "s");
        return "int8 ("
                + method
                + ", "
                + (perChannel ? "per-channel " : "per-tensor ")
                + letter(activations)
                + letter(weights)
                + " "
                + format
                + calibrated
                + ")";
    }

    /** "uint8" -> "U8", "int8" -> "S8", as ONNX Runtime names the schemes. */
    private static String letter(String type) {
        return switch (type) {
            case "uint8" -> "U8";
            case "int8" -> "S8";
            default -> type;
        };
    }
}
