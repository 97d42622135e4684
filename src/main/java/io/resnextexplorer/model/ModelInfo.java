package io.resnextexplorer.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything known about a loaded model file: from our metadata when present, otherwise stated
 * defaults (listed in {@link #defaulted()}).
 *
 * @param id model id (card id, timm name, or the file name without ".onnx")
 * @param file the ONNX file
 * @param fileSize size of the file in bytes
 * @param timmName timm architecture name, or null
 * @param timmTag timm pretrained tag, or null
 * @param labels class names, index order; size = number of classes
 * @param preprocess how inputs are prepared
 * @param weights where the weights came from
 * @param card published figures, or null
 * @param sourceParams exact parameter count of the source torch model, or null
 * @param sourceMacs MACs of one forward pass of the source model at its input size, or null
 * @param opset default-domain opset of the graph, or null if unknown
 * @param inputName name of the image input
 * @param outputRoles which graph output is the logits, the features, ...; from our metadata or
 *     guessed from shapes (then "outputs" is in {@code defaulted})
 * @param defaulted names of values that were not in the file and took defaults ("labels",
 *     "input_size", "interpolation", "crop_pct", "crop_mode", "mean", "std", "outputs")
 * @param metadata all metadata_props of the file, as stored
 * @param schemaVersion our metadata schema version, or 0 for a plain ONNX file
 * @param quantization how the int8 variant was quantized, or null for a float model
 */
public record ModelInfo(
        String id,
        Path file,
        long fileSize,
        String timmName,
        String timmTag,
        List<String> labels,
        PreprocessSpec preprocess,
        WeightsOrigin weights,
        CardFigures card,
        Long sourceParams,
        Long sourceMacs,
        Long opset,
        String inputName,
        OutputRoles outputRoles,
        Set<String> defaulted,
        Map<String, String> metadata,
        int schemaVersion,
        Quantization quantization) {

    public ModelInfo {
        labels = List.copyOf(labels);
        defaulted = Set.copyOf(defaulted);
        metadata = Map.copyOf(metadata);
    }

    /** Name of the logits output. */
    public String logitsOutput() {
        return outputRoles.logits();
    }

    /** Name of the last-stage feature map output, or null if the file has none. */
    public String featuresOutput() {
        return outputRoles.features();
    }

    public int numClasses() {
        return labels.size();
    }

    /** "resnext50_32x4d.ra_in1k", or the id when the timm name is unknown. */
    public String timmFullName() {
        if (timmName == null) {
            return id;
        }
        return timmTag == null || timmTag.isEmpty() ? timmName : timmName + "." + timmTag;
    }
}
