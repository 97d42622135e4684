package io.resnextexplorer.ui.inspector;

import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.TensorShape;
import io.resnextexplorer.service.InspectionTextFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Cell and label text for the inspector: human units with exact counts where they matter. */
final class Formats {
    private Formats() {}

    /** "4.23 G". */
    static String count(long n) {
        return InspectionTextFormatter.humanCount(n);
    }

    /** Axis ticks: "1.5 G", "900 M", "0" (no trailing zeros). */
    static String axisCount(long n) {
        return count(n).replaceAll("\\.?0+ ", " ");
    }

    /** "4.23 G (4,230,479,872)", or just "512" when the short form is already exact. */
    static String countExact(long n) {
        String h = count(n);
        return Math.abs(n) < 1000 ? h : h + String.format(Locale.ROOT, " (%,d)", n);
    }

    /** "95.6 MiB (100,240,822 bytes)". */
    static String bytes(long n) {
        return InspectionTextFormatter.humanBytes(n)
                + String.format(Locale.ROOT, " (%,d bytes)", n);
    }

    /** "46.21 %". */
    static String percent(double p) {
        return String.format(Locale.ROOT, "%.2f %%", p);
    }

    /** "1 × 64 × 112 × 112" (thin spaces: it fits table columns), "?" when unknown. */
    static String shape(TensorShape s) {
        if (s == null) {
            return "?";
        }
        if (s.rank() == 0) {
            return "scalar";
        }
        return s.dims().stream()
                .map(Dim::toString)
                .collect(Collectors.joining("\u2009\u00d7\u2009"));
    }
}
