package io.resnextexplorer.model.graph;

/**
 * One tensor dimension: a number, or a symbolic name such as {@code batch} times a known factor
 * ({@code batch*3} after a Flatten over a symbolic axis).
 *
 * @param factor the known part of the size (the whole size when {@code symbol} is null)
 * @param symbol symbolic name(s) joined by '*', or null for a plain number
 */
public record Dim(long factor, String symbol) {

    public static Dim of(long value) {
        return new Dim(value, null);
    }

    public static Dim symbolic(String name) {
        return new Dim(1, name);
    }

    public boolean isSymbolic() {
        return symbol != null;
    }

    /** The size used for counting: symbolic names (the batch) count as 1. */
    public long countValue() {
        return factor;
    }

    public Dim times(Dim other) {
        String s;
        if (symbol == null) {
            s = other.symbol;
        } else if (other.symbol == null) {
            s = symbol;
        } else {
            s = symbol + "*" + other.symbol;
        }
        return new Dim(factor * other.factor, s);
    }

    @Override
    public String toString() {
        if (symbol == null) {
            return Long.toString(factor);
        }
        return factor == 1 ? symbol : symbol + "*" + factor;
    }
}
