package io.resnextexplorer.session;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.model.WeightsOrigin;

/**
 * One image x one model: the classification or, for this item only, why there is none. The weights
 * origin travels with every result, so untrained outputs are never mistaken for predictions
 * wherever the result goes.
 *
 * @param image which image
 * @param model what the model file says (id, labels, weights origin)
 * @param provider requested and used execution provider
 * @param classification top-k, optional logits and named outputs, timings; null when failed
 * @param error why it failed, in words; null when it succeeded
 */
public record ImageResult(
        ImageSource image,
        ModelInfo model,
        ProviderStatus provider,
        Classification classification,
        String error) {
    public ImageResult {
        if ((classification == null) == (error == null)) {
            throw new IllegalArgumentException("a result has either a classification or an error");
        }
    }

    public static ImageResult ok(
            ImageSource image, ModelInfo model, ProviderStatus provider, Classification c) {
        return new ImageResult(image, model, provider, c, null);
    }

    public static ImageResult failed(
            ImageSource image, ModelInfo model, ProviderStatus provider, String error) {
        return new ImageResult(image, model, provider, null, error);
    }

    public boolean ok() {
        return error == null;
    }

    public WeightsOrigin weights() {
        return model.weights();
    }

    /**
     * The same result without logits and extra outputs (feature maps are hundreds of KB each): what
     * a table of many results keeps. Failed results are returned as they are.
     */
    public ImageResult slim() {
        if (!ok()) {
            return this;
        }
        Classification c = classification;
        return ok(
                image,
                model,
                provider,
                new Classification(c.top(), null, java.util.Map.of(), c.timings(), c.provider()));
    }
}
