package io.resnextexplorer.service;

import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import java.util.ArrayList;
import java.util.List;

/** The warnings a reader must see next to any output of a model, in the CLI and the window. */
public final class ModelNotes {
    private ModelNotes() {}

    /** Untrained weights, a CUDA fallback, defaulted values; joined by "; ", empty when none. */
    public static String of(ModelInfo info, ProviderStatus provider) {
        List<String> notes = new ArrayList<>();
        if (info.weights().untrained()) {
            notes.add(
                    "UNTRAINED WEIGHTS ("
                            + info.weights().detail()
                            + "): outputs are not predictions");
        }
        if (provider.fellBack()) {
            notes.add(provider.note());
        }
        if (!info.defaulted().isEmpty()) {
            notes.add(
                    "not in the model file, defaults used for: "
                            + String.join(", ", info.defaulted()));
        }
        return String.join("; ", notes);
    }
}
