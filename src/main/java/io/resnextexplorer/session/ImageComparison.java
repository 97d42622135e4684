package io.resnextexplorer.session;

import io.resnextexplorer.model.ImageAgreement;
import java.util.List;

/**
 * 2..4 models on one image: each model's result (as {@code classify} gives it) and how they agree.
 *
 * @param image the image
 * @param results one per model, in column order (failed ones say why)
 * @param agreement the figures over the models that classified it; null when fewer than 2 did
 * @param note why there is no agreement, or ""
 */
public record ImageComparison(
        ImageSource image, List<ImageResult> results, ImageAgreement agreement, String note) {
    public ImageComparison {
        results = List.copyOf(results);
    }
}
