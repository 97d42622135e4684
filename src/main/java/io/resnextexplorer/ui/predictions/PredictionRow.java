package io.resnextexplorer.ui.predictions;

import java.util.Locale;

/**
 * One bar: rank (1-based), label, probability in [0, 1], class index and raw logit.
 *
 * @param top whether this is the most probable class
 */
public record PredictionRow(
        int rank, String label, double probability, int index, float logit, boolean top) {
    /** "87.1%", or "<0.1%" for a probability that would round to zero. */
    public String percent() {
        return io.resnextexplorer.ui.common.Units.percent(probability);
    }

    public String detail() {
        return String.format(
                Locale.ROOT, "class %d · logit %.4f · p = %.6f", index, logit, probability);
    }
}
