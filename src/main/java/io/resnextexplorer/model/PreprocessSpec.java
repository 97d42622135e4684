package io.resnextexplorer.model;

import java.util.List;
import java.util.Set;

/**
 * How a model wants its input prepared, as timm's eval transform does it: resize the shorter side
 * to {@code floor(size / cropPct)} with {@link #interpolation()}, center-crop to {@code inputHeight
 * x inputWidth}, scale to 0..1, normalize per channel with {@link #mean()} and {@link #std()}.
 *
 * @param inputHeight model input height in pixels
 * @param inputWidth model input width in pixels
 * @param interpolation PIL resampling filter for the resize
 * @param cropPct fraction of the resized image kept by the center crop, in (0, 1]
 * @param cropMode timm's crop mode; only "center" is supported
 * @param mean per-channel mean (R, G, B) on the 0..1 scale
 * @param std per-channel standard deviation (R, G, B) on the 0..1 scale
 * @param defaulted names of the fields that were not in the model file and took defaults
 *     ("input_size", "interpolation", "crop_pct", "crop_mode", "mean", "std")
 */
public record PreprocessSpec(
        int inputHeight,
        int inputWidth,
        Interpolation interpolation,
        double cropPct,
        String cropMode,
        List<Double> mean,
        List<Double> std,
        Set<String> defaulted) {

    public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
    public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    public PreprocessSpec {
        if (inputHeight <= 0 || inputWidth <= 0) {
            throw new IllegalArgumentException("input size must be positive");
        }
        if (!(cropPct > 0 && cropPct <= 1.0)) {
            throw new IllegalArgumentException("crop_pct must be in (0, 1], got " + cropPct);
        }
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        defaulted = Set.copyOf(defaulted);
    }

    /** The defaults used for an ONNX file without our metadata: 224, bicubic, 0.875, ImageNet. */
    public static PreprocessSpec defaults(int height, int width, Set<String> defaulted) {
        return new PreprocessSpec(
                height,
                width,
                Interpolation.BICUBIC,
                0.875,
                "center",
                IMAGENET_MEAN,
                IMAGENET_STD,
                defaulted);
    }
}
