package io.resnextexplorer.cli;

import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Human-readable pieces shared by the subcommands. */
final class Text {
    private Text() {}

    /** Warnings a user must see next to any output of this model, joined; empty when none. */
    static String notes(ModelInfo info, ProviderStatus provider) {
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

    /** 4230000000 -> "4.230 G". */
    static String si(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.3f G", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.3f M", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.3f k", n / 1e3);
        }
        return Long.toString(n);
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
