package io.resnextexplorer.cli;

import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.ProviderStatus;
import io.resnextexplorer.service.ModelNotes;
import java.util.Locale;

/** Human-readable pieces shared by the subcommands. */
final class Text {
    private Text() {}

    /** Warnings a user must see next to any output of this model, joined; empty when none. */
    static String notes(ModelInfo info, ProviderStatus provider) {
        return ModelNotes.of(info, provider);
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
