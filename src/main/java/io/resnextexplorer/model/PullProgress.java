package io.resnextexplorer.model;

import java.util.Locale;

/**
 * Where a model download ("pull") stands.
 *
 * @param model the model id being fetched
 * @param step what it is doing: "config.json", "model.safetensors", "building", "checking", "done"
 * @param done bytes of the current file so far
 * @param total bytes of the current file, -1 when the server did not say
 * @param bytesPerSecond recent transfer speed in bytes per second, 0 when unknown
 */
public record PullProgress(
        String model, String step, long done, long total, double bytesPerSecond) {

    /** 0..1 of the current file, or -1 when the total is unknown. */
    public double fraction() {
        return total > 0 ? Math.min(1.0, (double) done / total) : -1;
    }

    /** Seconds left for the current file at the recent speed, -1 when unknown. */
    public long etaSeconds() {
        if (total <= 0 || bytesPerSecond <= 0) {
            return -1;
        }
        return (long) Math.ceil(Math.max(0, total - done) / bytesPerSecond);
    }

    /** One line for people, e.g. "model.safetensors 42.1 / 100.4 MB, 10.2 MB/s, 6 s left". */
    public String describe() {
        if (!step.equals("model.safetensors") && !step.equals("config.json")) {
            return step;
        }
        StringBuilder s = new StringBuilder(step).append(' ').append(mb(done));
        if (total >= 0) {
            s.append(" / ").append(mb(total));
        }
        s.append(" MB");
        if (bytesPerSecond > 0) {
            s.append(String.format(Locale.ROOT, ", %.1f MB/s", bytesPerSecond / 1e6));
        }
        long eta = etaSeconds();
        if (eta >= 0) {
            s.append(", ").append(eta >= 120 ? (eta / 60) + " min" : eta + " s").append(" left");
        }
        return s.toString();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
