package io.resnextexplorer.model;

/**
 * Wall-clock time of the steps of one classification, in milliseconds. A step that did not run for
 * this result (e.g. decoding when the image was decoded earlier and reused) is 0.
 */
public record Timings(
        double decodeMs, double preprocessMs, double inferenceMs, double postprocessMs) {
    public Timings withDecode(double ms) {
        return new Timings(ms, preprocessMs, inferenceMs, postprocessMs);
    }

    public double totalMs() {
        return decodeMs + preprocessMs + inferenceMs + postprocessMs;
    }
}
