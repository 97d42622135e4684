package io.resnextexplorer.model.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A tensor shape of known rank, outermost dimension first (NCHW for images). */
public record TensorShape(List<Dim> dims) {

    public TensorShape {
        dims = List.copyOf(dims);
    }

    public static TensorShape of(long... values) {
        List<Dim> d = new ArrayList<>();
        for (long v : values) {
            d.add(Dim.of(v));
        }
        return new TensorShape(d);
    }

    public int rank() {
        return dims.size();
    }

    public Dim dim(int i) {
        return dims.get(i);
    }

    /** Number of elements with symbolic dimensions counted as 1. */
    public long countElements() {
        long n = 1;
        for (Dim d : dims) {
            n *= d.countValue();
        }
        return n;
    }

    /** Plain JSON form: numbers for known dimensions, strings for symbolic ones. */
    public List<Object> toJson() {
        List<Object> out = new ArrayList<>();
        for (Dim d : dims) {
            out.add(d.isSymbolic() ? d.toString() : (Object) d.factor());
        }
        return out;
    }

    /** Shape as "1x64x112x112" ("scalar" for rank 0). */
    @Override
    public String toString() {
        if (dims.isEmpty()) {
            return "scalar";
        }
        return dims.stream().map(Dim::toString).collect(Collectors.joining("x"));
    }
}
