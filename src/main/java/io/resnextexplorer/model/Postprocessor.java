package io.resnextexplorer.model;

/**
 * The second half of the translator seam: turns one run's named outputs into a result (top-k
 * predictions now; CAMs and agreement figures next). The first half, preprocessing, turns an image
 * into the input tensor; inference in between knows neither images nor labels.
 *
 * @param <T> what this step produces
 */
@FunctionalInterface
public interface Postprocessor<T> {
    /**
     * @param outputs everything the run fetched
     * @param model what the model's file says (labels, roles)
     * @param item which item of the batch
     */
    T process(ModelOutputs outputs, ModelInfo model, int item);
}
