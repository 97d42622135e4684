package io.resnextexplorer.ui.common;

import java.util.Locale;

/** How the window writes figures: counts with a unit that fits, binary byte sizes, percentages. */
public final class Units {
    private Units() {}

    /** "4.23 G", "12.3 M", "512 K", "950": three significant digits, SI multiples of 1000. */
    public static String count(long n) {
        double a = Math.abs((double) n);
        if (a >= 1e9) {
            return sig(n / 1e9) + " G";
        }
        if (a >= 1e6) {
            return sig(n / 1e6) + " M";
        }
        if (a >= 1e4) {
            return sig(n / 1e3) + " K";
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String sig(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    /** "338.5 MiB", "118 KiB", "900 B": binary multiples, named as such. */
    public static String bytes(long n) {
        if (n >= 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
        }
        if (n >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        }
        if (n >= 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", n / 1024.0);
        }
        return n + " B";
    }

    /**
     * A probability in [0, 1] as "87.1%"; anything that would round to "0.0%" but is not zero reads
     * "<0.1%", so a small probability is never shown as none.
     */
    public static String percent(double p) {
        double pct = p * 100;
        if (pct > 0 && pct < 0.05) {
            return "<0.1%";
        }
        return String.format(Locale.ROOT, "%.1f%%", pct);
    }
}
