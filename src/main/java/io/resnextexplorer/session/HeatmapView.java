package io.resnextexplorer.session;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.CropBox;

/**
 * One heatmap for one (image, model, class): the classification it comes from, the map (or why
 * there is none), and where the model's crop lies in the image. What the window's heatmap view, the
 * CLI and a compare view draw from.
 *
 * @param result the classification (never re-run to make the map)
 * @param map the map; null when {@code error} says why there is none
 * @param crop the crop box in the original image's pixels; null when the result failed
 * @param error why there is no map, in one line; null when {@code map} is set
 */
public record HeatmapView(ImageResult result, ActivationMap map, CropBox crop, String error) {
    public HeatmapView {
        if ((map == null) == (error == null)) {
            throw new IllegalArgumentException("a heatmap has either a map or an error");
        }
    }

    public boolean ok() {
        return map != null;
    }

    /** Untrained weights give maps of untrained features: say so wherever the map goes. */
    public boolean untrained() {
        return result.weights().untrained();
    }
}
