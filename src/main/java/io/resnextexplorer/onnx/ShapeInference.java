package io.resnextexplorer.onnx;

import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.TensorInfo;
import io.resnextexplorer.model.graph.TensorShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Propagates tensor shapes through a graph in node order for the operators ResNet-, ViT-, ConvNeXt-
 * and EfficientNet-style classifiers use. Small integer tensors (shapes, axes, Slice bounds) are
 * tracked as values so that Reshape, Squeeze/Unsqueeze, ReduceMean, Slice, Expand and Split with
 * constant inputs and the Shape/Gather/Concat and ConstantOfShape/Equal/Where patterns resolve.
 *
 * <p>An operator without a rule here is "unknown": its outputs get no shape, and so does everything
 * computed from them. Nothing is guessed.
 */
final class ShapeInference {

    /** Operators whose output has the shape of their first input. */
    static final Set<String> SAME_SHAPE =
            Set.of(
                    "Relu",
                    "Sigmoid",
                    "Tanh",
                    "Clip",
                    "Dropout",
                    "Identity",
                    "Softmax",
                    "LogSoftmax",
                    "BatchNormalization",
                    "LeakyRelu",
                    "HardSigmoid",
                    "HardSwish",
                    "Gelu",
                    "Erf",
                    "Sqrt",
                    "Exp",
                    "Neg",
                    "Cast",
                    "LRN",
                    "InstanceNormalization",
                    "LayerNormalization",
                    // (De)quantization changes the element type, never the shape.
                    "QuantizeLinear",
                    "DequantizeLinear");

    static final Set<String> BROADCAST =
            Set.of("Add", "Mul", "Sub", "Div", "Pow", "Max", "Min", "Sum", "Where", "Equal");

    static final Set<String> SUPPORTED;

    static {
        java.util.HashSet<String> s = new java.util.HashSet<>(SAME_SHAPE);
        s.addAll(BROADCAST);
        s.addAll(
                List.of(
                        "Conv",
                        "MaxPool",
                        "AveragePool",
                        "GlobalAveragePool",
                        "GlobalMaxPool",
                        "Flatten",
                        "Gemm",
                        "MatMul",
                        "Reshape",
                        "Concat",
                        "ReduceMean",
                        "ReduceSum",
                        "ReduceMax",
                        "Squeeze",
                        "Unsqueeze",
                        "Constant",
                        "Shape",
                        "Gather",
                        "Transpose",
                        "Slice",
                        "Expand",
                        "Split",
                        "ConstantOfShape",
                        "Range",
                        "QLinearConv",
                        "ConvInteger",
                        "QLinearMatMul",
                        "MatMulInteger"));
        SUPPORTED = Collections.unmodifiableSet(s);
    }

    private final Map<String, TensorShape> shapes = new HashMap<>();
    private final Map<String, List<Dim>> values = new HashMap<>();
    private final long opset;

    ShapeInference(OnnxModel model) {
        this.opset = model.properties().defaultOpset();
        for (TensorInfo in : model.inputs()) {
            if (in.shape() != null) {
                shapes.put(in.name(), in.shape());
            }
        }
        for (OnnxTensor t : model.initializers()) {
            shapes.put(t.name(), t.shape());
            if (t.int64Values() != null) {
                values.put(t.name(), dimsOf(t.int64Values()));
            }
        }
    }

    /** Shape of a tensor, or null when unknown. */
    TensorShape shape(String name) {
        return name == null ? null : shapes.get(name);
    }

    static boolean isSupported(OnnxNode node) {
        return isDefaultDomain(node.domain()) && SUPPORTED.contains(node.opType());
    }

    /**
     * Input index of the weight (second operand) of Conv/Gemm/MatMul and their quantized forms:
     * QLinear* ops put the input's scale and zero point before it.
     */
    static int weightInput(OnnxNode n) {
        return n.opType().startsWith("QLinear") ? 3 : 1;
    }

    static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    /** Infers the outputs of one node (call in graph order); unknown ops leave outputs unknown. */
    void infer(OnnxNode node) {
        if (!isSupported(node)) {
            return;
        }
        try {
            inferSupported(node);
        } catch (RuntimeException e) {
            // An inconsistent graph (wrong ranks, missing attributes) leaves the outputs unknown.
            for (String o : node.outputs()) {
                shapes.remove(o);
            }
        }
    }

    private void inferSupported(OnnxNode node) {
        String op = node.opType();
        TensorShape x = shape(node.input(0));
        String out = node.outputs().isEmpty() ? null : node.outputs().get(0);
        if (out == null) {
            return;
        }
        if (SAME_SHAPE.contains(op)) {
            if (x != null) {
                put(node, x);
                if (op.equals("Identity") || op.equals("Cast")) {
                    List<Dim> v = values.get(node.input(0));
                    if (v != null) {
                        values.put(out, v);
                    }
                }
            }
            return;
        }
        if (BROADCAST.contains(op)) {
            TensorShape r = x;
            for (int i = 1; i < node.inputs().size() && r != null; i++) {
                TensorShape s = shape(node.input(i));
                r = s == null ? null : broadcast(r, s);
            }
            if (r != null) {
                shapes.put(out, r);
                if (r.rank() <= 1) {
                    elementwiseValues(node, out);
                }
            }
            return;
        }
        switch (op) {
            case "Conv", "ConvInteger", "QLinearConv" ->
                    conv(node, x, shape(node.input(weightInput(node))));
            case "MaxPool", "AveragePool" -> pool(node, x);
            case "GlobalAveragePool", "GlobalMaxPool" -> {
                if (x != null) {
                    List<Dim> d = new ArrayList<>(x.dims().subList(0, 2));
                    for (int i = 2; i < x.rank(); i++) {
                        d.add(Dim.of(1));
                    }
                    shapes.put(out, new TensorShape(d));
                }
            }
            case "Flatten" -> {
                if (x != null) {
                    int axis = axis(node.intAttr("axis", 1), x.rank());
                    shapes.put(
                            out,
                            new TensorShape(
                                    List.of(
                                            product(x.dims().subList(0, axis)),
                                            product(x.dims().subList(axis, x.rank())))));
                }
            }
            case "Gemm" -> {
                TensorShape b = shape(node.input(1));
                if (x != null && b != null) {
                    Dim m = node.intAttr("transA", 0) != 0 ? x.dim(1) : x.dim(0);
                    Dim n = node.intAttr("transB", 0) != 0 ? b.dim(0) : b.dim(1);
                    shapes.put(out, new TensorShape(List.of(m, n)));
                }
            }
            case "MatMul" -> {
                TensorShape b = shape(node.input(1));
                if (x != null && b != null) {
                    shapes.put(out, matMul(x, b));
                }
            }
            case "MatMulInteger", "QLinearMatMul" -> {
                TensorShape b = shape(node.input(weightInput(node)));
                if (x != null && b != null) {
                    shapes.put(out, matMul(x, b));
                }
            }
            case "Reshape" -> reshape(node, x);
            case "Concat" -> concat(node);
            case "ReduceMean", "ReduceSum", "ReduceMax" -> reduce(node, x);
            case "Squeeze" -> squeeze(node, x);
            case "Unsqueeze" -> unsqueeze(node, x);
            case "Constant" -> constant(node);
            case "Shape" -> {
                if (x != null) {
                    int start = (int) node.intAttr("start", 0);
                    int end = (int) node.intAttr("end", x.rank());
                    start = clampAxis(start, x.rank());
                    end = clampAxis(end, x.rank());
                    List<Dim> v = new ArrayList<>(x.dims().subList(start, Math.max(start, end)));
                    shapes.put(out, TensorShape.of(v.size()));
                    values.put(out, v);
                }
            }
            case "Gather" -> gather(node, x);
            case "Transpose" -> transpose(node, x);
            case "Slice" -> slice(node, x);
            case "Expand" -> {
                List<Dim> target = values.get(node.input(1));
                if (x != null && target != null) {
                    shapes.put(out, broadcast(x, new TensorShape(target)));
                }
            }
            case "Split" -> split(node, x);
            case "ConstantOfShape" -> {
                List<Dim> target = values.get(node.input(0));
                if (target != null) {
                    shapes.put(out, new TensorShape(target));
                    OnnxAttribute value = node.attribute("value");
                    if (target.size() <= 1
                            && (target.isEmpty() || !target.get(0).isSymbolic())
                            && value != null
                            && value.tensor() != null
                            && value.tensor().int64Values() != null
                            && value.tensor().int64Values().size() == 1) {
                        long count = target.isEmpty() ? 1 : target.get(0).factor();
                        values.put(
                                out,
                                new ArrayList<>(
                                        Collections.nCopies(
                                                (int) count,
                                                Dim.of(value.tensor().int64Values().get(0)))));
                    }
                }
            }
            case "Range" -> range(node);
            default -> {}
        }
    }

    private void put(OnnxNode node, TensorShape s) {
        for (String o : node.outputs()) {
            if (!o.isEmpty()) {
                shapes.put(o, s);
            }
        }
    }

    // ---- Conv and pooling ----

    private void conv(OnnxNode node, TensorShape x, TensorShape w) {
        if (x == null || w == null) {
            return;
        }
        List<Long> kernel = node.intsAttr("kernel_shape");
        if (kernel == null || kernel.isEmpty()) {
            kernel = new ArrayList<>();
            for (int i = 2; i < w.rank(); i++) {
                kernel.add(w.dim(i).factor());
            }
        }
        List<Dim> d = new ArrayList<>();
        d.add(x.dim(0));
        d.add(w.dim(0));
        d.addAll(spatial(node, x, kernel, false));
        shapes.put(node.outputs().get(0), new TensorShape(d));
    }

    private void pool(OnnxNode node, TensorShape x) {
        if (x == null) {
            return;
        }
        List<Long> kernel = node.intsAttr("kernel_shape");
        List<Dim> d = new ArrayList<>(x.dims().subList(0, 2));
        d.addAll(spatial(node, x, kernel, node.intAttr("ceil_mode", 0) != 0));
        put(node, new TensorShape(d));
    }

    /** Output spatial sizes of a Conv/pool window (ONNX rules, PyTorch's ceil_mode fix-up). */
    private static List<Dim> spatial(
            OnnxNode node, TensorShape x, List<Long> kernel, boolean ceilMode) {
        int n = kernel.size();
        List<Long> strides = orDefault(node.intsAttr("strides"), n, 1);
        List<Long> dilations = orDefault(node.intsAttr("dilations"), n, 1);
        List<Long> pads = orDefault(node.intsAttr("pads"), 2 * n, 0);
        String autoPad = node.stringAttr("auto_pad", "NOTSET");
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Dim in = x.dim(2 + i);
            if (in.isSymbolic()) {
                out.add(Dim.symbolic("?"));
                continue;
            }
            long size = in.factor();
            long k = kernel.get(i);
            long s = strides.get(i);
            long dil = dilations.get(i);
            long effK = dil * (k - 1) + 1;
            long o;
            switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> o = ceilDiv(size, s);
                case "VALID" -> o = ceilDiv(size - effK + 1, s);
                default -> {
                    long padBegin = pads.get(i);
                    long total = size + padBegin + pads.get(i + n) - effK;
                    if (ceilMode) {
                        o = ceilDiv(total, s) + 1;
                        // The last window must start inside the input or left padding.
                        if ((o - 1) * s >= size + padBegin) {
                            o--;
                        }
                    } else {
                        o = Math.floorDiv(total, s) + 1;
                    }
                }
            }
            out.add(Dim.of(o));
        }
        return out;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static List<Long> orDefault(List<Long> v, int n, long fallback) {
        if (v != null && v.size() == n) {
            return v;
        }
        return Collections.nCopies(n, fallback);
    }

    // ---- broadcasting and MatMul ----

    private static TensorShape broadcast(TensorShape a, TensorShape b) {
        int rank = Math.max(a.rank(), b.rank());
        List<Dim> d = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - a.rank());
            int ib = i - (rank - b.rank());
            Dim da = ia >= 0 ? a.dim(ia) : Dim.of(1);
            Dim db = ib >= 0 ? b.dim(ib) : Dim.of(1);
            if (isOne(da)) {
                d.add(db);
            } else if (isOne(db) || da.equals(db)) {
                d.add(da);
            } else if (da.isSymbolic() || db.isSymbolic()) {
                d.add(da.isSymbolic() ? db : da);
            } else {
                throw new IllegalStateException("shapes do not broadcast: " + a + " and " + b);
            }
        }
        return new TensorShape(d);
    }

    private static boolean isOne(Dim d) {
        return !d.isSymbolic() && d.factor() == 1;
    }

    static TensorShape matMul(TensorShape a, TensorShape b) {
        List<Dim> ad = new ArrayList<>(a.dims());
        List<Dim> bd = new ArrayList<>(b.dims());
        boolean aVec = ad.size() == 1;
        boolean bVec = bd.size() == 1;
        if (aVec) {
            ad.add(0, Dim.of(1));
        }
        if (bVec) {
            bd.add(Dim.of(1));
        }
        TensorShape batchA = new TensorShape(ad.subList(0, ad.size() - 2));
        TensorShape batchB = new TensorShape(bd.subList(0, bd.size() - 2));
        List<Dim> d = new ArrayList<>(broadcast(batchA, batchB).dims());
        if (!aVec) {
            d.add(ad.get(ad.size() - 2));
        }
        if (!bVec) {
            d.add(bd.get(bd.size() - 1));
        }
        return new TensorShape(d);
    }

    // ---- Reshape, Concat, Reduce, Squeeze, Unsqueeze, Gather, Constant ----

    private void reshape(OnnxNode node, TensorShape x) {
        List<Dim> target = values.get(node.input(1));
        if (x == null || target == null) {
            return;
        }
        boolean allowZero = node.intAttr("allowzero", 0) != 0;
        List<Dim> d = new ArrayList<>();
        int inferred = -1;
        for (int i = 0; i < target.size(); i++) {
            Dim t = target.get(i);
            if (!t.isSymbolic() && t.factor() == 0 && !allowZero) {
                d.add(x.dim(i));
            } else if (!t.isSymbolic() && t.factor() == -1) {
                inferred = i;
                d.add(null);
            } else {
                d.add(t);
            }
        }
        if (inferred >= 0) {
            d.set(inferred, quotient(x.dims(), d));
        }
        shapes.put(node.outputs().get(0), new TensorShape(d));
        if (d.size() == 1 && x.rank() <= 1) {
            copyValues(node.input(0), node.outputs().get(0));
        }
    }

    /**
     * Values of small integer elementwise arithmetic (the legacy exporter's {@code expand(B, -1,
     * -1)} goes through ConstantOfShape, Mul, Equal and Where on shape vectors). Only exact
     * results: a symbolic dim is never negative, so it never equals a negative constant; any other
     * comparison or sum involving a symbol leaves the value unknown.
     */
    private void elementwiseValues(OnnxNode node, String out) {
        List<List<Dim>> ins = new ArrayList<>();
        int n = 1;
        for (String i : node.inputs()) {
            List<Dim> v = values.get(i);
            if (v == null) {
                return;
            }
            if (v.size() != 1 && n != 1 && v.size() != n) {
                return;
            }
            n = Math.max(n, v.size());
            ins.add(v);
        }
        List<Dim> r = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Dim> a = new ArrayList<>();
            for (List<Dim> v : ins) {
                a.add(v.get(v.size() == 1 ? 0 : k));
            }
            Dim e = elementwise(node.opType(), a);
            if (e == null) {
                return;
            }
            r.add(e);
        }
        values.put(out, r);
    }

    private static Dim elementwise(String op, List<Dim> a) {
        switch (op) {
            case "Mul" -> {
                return a.size() == 2 ? a.get(0).times(a.get(1)) : null;
            }
            case "Add", "Sub" -> {
                if (a.size() != 2 || a.get(0).isSymbolic() || a.get(1).isSymbolic()) {
                    return null;
                }
                long x = a.get(0).factor();
                long y = a.get(1).factor();
                return Dim.of(op.equals("Add") ? x + y : x - y);
            }
            case "Equal" -> {
                if (a.size() != 2) {
                    return null;
                }
                Dim x = a.get(0);
                Dim y = a.get(1);
                if (!x.isSymbolic() && !y.isSymbolic()) {
                    return Dim.of(x.factor() == y.factor() ? 1 : 0);
                }
                Dim known = x.isSymbolic() ? y : x;
                Dim sym = x.isSymbolic() ? x : y;
                if (!known.isSymbolic() && known.factor() < 0 && sym.factor() >= 0) {
                    return Dim.of(0);
                }
                return x.equals(y) ? Dim.of(1) : null;
            }
            case "Where" -> {
                if (a.size() != 3 || a.get(0).isSymbolic()) {
                    return null;
                }
                return a.get(0).factor() != 0 ? a.get(1) : a.get(2);
            }
            default -> {
                return null;
            }
        }
    }

    /** The size that makes {@code known} (with one null) hold as many elements as {@code all}. */
    private static Dim quotient(List<Dim> all, List<Dim> known) {
        long num = 1;
        List<String> symbols = new ArrayList<>();
        for (Dim d : all) {
            num *= d.factor();
            if (d.isSymbolic()) {
                symbols.addAll(List.of(d.symbol().split("\\*")));
            }
        }
        long den = 1;
        for (Dim d : known) {
            if (d == null) {
                continue;
            }
            den *= d.factor();
            if (d.isSymbolic()) {
                for (String s : d.symbol().split("\\*")) {
                    if (!symbols.remove(s)) {
                        throw new IllegalStateException("cannot resolve -1 with symbol " + s);
                    }
                }
            }
        }
        if (den == 0 || num % den != 0) {
            throw new IllegalStateException("reshape element count mismatch");
        }
        Dim r = Dim.of(num / den);
        for (String s : symbols) {
            r = r.times(Dim.symbolic(s));
        }
        return r;
    }

    private void concat(OnnxNode node) {
        List<TensorShape> ins = new ArrayList<>();
        for (String i : node.inputs()) {
            TensorShape s = shape(i);
            if (s == null) {
                return;
            }
            ins.add(s);
        }
        int rank = ins.get(0).rank();
        int axis = axis(node.intAttr("axis", 0), rank);
        List<Dim> d = new ArrayList<>(ins.get(0).dims());
        long sum = 0;
        for (TensorShape s : ins) {
            Dim a = s.dim(axis);
            if (a.isSymbolic()) {
                return;
            }
            sum += a.factor();
        }
        d.set(axis, Dim.of(sum));
        String out = node.outputs().get(0);
        shapes.put(out, new TensorShape(d));
        if (rank == 1) {
            List<Dim> v = new ArrayList<>();
            for (String i : node.inputs()) {
                List<Dim> iv = values.get(i);
                if (iv == null) {
                    return;
                }
                v.addAll(iv);
            }
            values.put(out, v);
        }
    }

    /** Axes from the attribute (older opsets) or the second input (newer opsets). */
    private List<Long> axes(OnnxNode node) {
        List<Long> a = node.intsAttr("axes");
        if (a != null) {
            return a;
        }
        String in = node.input(1);
        if (in == null) {
            return null;
        }
        List<Dim> v = values.get(in);
        if (v == null) {
            throw new IllegalStateException("axes not constant");
        }
        List<Long> out = new ArrayList<>();
        for (Dim d : v) {
            out.add(d.factor());
        }
        return out;
    }

    private void reduce(OnnxNode node, TensorShape x) {
        if (x == null) {
            return;
        }
        List<Long> axes = axes(node);
        boolean keep = node.intAttr("keepdims", 1) != 0;
        if (axes == null || axes.isEmpty()) {
            if (node.intAttr("noop_with_empty_axes", 0) != 0) {
                shapes.put(node.outputs().get(0), x);
                return;
            }
            axes = new ArrayList<>();
            for (long i = 0; i < x.rank(); i++) {
                axes.add(i);
            }
        }
        java.util.Set<Integer> set = new java.util.HashSet<>();
        for (long a : axes) {
            set.add(axis(a, x.rank()));
        }
        List<Dim> d = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!set.contains(i)) {
                d.add(x.dim(i));
            } else if (keep) {
                d.add(Dim.of(1));
            }
        }
        shapes.put(node.outputs().get(0), new TensorShape(d));
    }

    private void squeeze(OnnxNode node, TensorShape x) {
        if (x == null) {
            return;
        }
        List<Long> axes = axes(node);
        java.util.Set<Integer> set = new java.util.HashSet<>();
        if (axes == null) {
            for (int i = 0; i < x.rank(); i++) {
                if (isOne(x.dim(i))) {
                    set.add(i);
                }
            }
        } else {
            for (long a : axes) {
                set.add(axis(a, x.rank()));
            }
        }
        List<Dim> d = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!set.contains(i)) {
                d.add(x.dim(i));
            }
        }
        String out = node.outputs().get(0);
        shapes.put(out, new TensorShape(d));
        copyValues(node.input(0), out);
    }

    private void unsqueeze(OnnxNode node, TensorShape x) {
        if (x == null) {
            return;
        }
        List<Long> axes = axes(node);
        int rank = x.rank() + axes.size();
        java.util.Set<Integer> set = new java.util.HashSet<>();
        for (long a : axes) {
            set.add(axis(a, rank));
        }
        List<Dim> d = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < rank; i++) {
            d.add(set.contains(i) ? Dim.of(1) : x.dim(j++));
        }
        String out = node.outputs().get(0);
        shapes.put(out, new TensorShape(d));
        copyValues(node.input(0), out);
    }

    private void gather(OnnxNode node, TensorShape x) {
        TensorShape idx = shape(node.input(1));
        if (x == null || idx == null) {
            return;
        }
        int axis = axis(node.intAttr("axis", 0), x.rank());
        List<Dim> d = new ArrayList<>(x.dims().subList(0, axis));
        d.addAll(idx.dims());
        d.addAll(x.dims().subList(axis + 1, x.rank()));
        String out = node.outputs().get(0);
        shapes.put(out, new TensorShape(d));
        List<Dim> data = values.get(node.input(0));
        List<Dim> indices = values.get(node.input(1));
        if (data != null && indices != null && x.rank() == 1) {
            List<Dim> v = new ArrayList<>();
            for (Dim i : indices) {
                long k = i.factor() < 0 ? i.factor() + data.size() : i.factor();
                v.add(data.get((int) k));
            }
            values.put(out, v);
        }
    }

    private void constant(OnnxNode node) {
        String out = node.outputs().get(0);
        OnnxAttribute a = node.attribute("value");
        if (a != null && a.tensor() != null) {
            shapes.put(out, a.tensor().shape());
            if (a.tensor().int64Values() != null) {
                values.put(out, dimsOf(a.tensor().int64Values()));
            }
        } else if (node.attribute("value_int") != null) {
            shapes.put(out, TensorShape.of());
            values.put(out, List.of(Dim.of(node.attribute("value_int").intValue())));
        } else if (node.attribute("value_ints") != null) {
            List<Long> v = node.attribute("value_ints").ints();
            shapes.put(out, TensorShape.of(v.size()));
            values.put(out, dimsOf(v));
        } else if (node.attribute("value_float") != null) {
            shapes.put(out, TensorShape.of());
        } else if (node.attribute("value_floats") != null) {
            shapes.put(out, TensorShape.of(node.attribute("value_floats").floats().size()));
        }
    }

    // ---- Transpose, Slice, Split, Range ----

    private void transpose(OnnxNode node, TensorShape x) {
        if (x == null) {
            return;
        }
        List<Long> perm = node.intsAttr("perm");
        List<Dim> d = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            int from = perm == null ? x.rank() - 1 - i : dataAxis(perm.get(i), x.rank());
            d.add(x.dim(from));
        }
        if (perm != null && perm.size() != x.rank()) {
            throw new IllegalStateException("perm has " + perm.size() + " entries");
        }
        shapes.put(node.outputs().get(0), new TensorShape(d));
    }

    /** Constant integers of an input (initializer, Constant or tracked shape arithmetic). */
    private List<Long> constInts(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        List<Dim> v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("input " + name + " is not constant");
        }
        List<Long> out = new ArrayList<>();
        for (Dim d : v) {
            if (d.isSymbolic()) {
                throw new IllegalStateException("input " + name + " is symbolic");
            }
            out.add(d.factor());
        }
        return out;
    }

    private void slice(OnnxNode node, TensorShape x) {
        if (x == null) {
            return;
        }
        List<Long> starts;
        List<Long> ends;
        List<Long> axes;
        List<Long> steps = null;
        if (opset < 10) {
            starts = node.intsAttr("starts");
            ends = node.intsAttr("ends");
            axes = node.intsAttr("axes");
        } else {
            starts = constInts(node.input(1));
            ends = constInts(node.input(2));
            axes = constInts(node.input(3));
            steps = constInts(node.input(4));
        }
        if (starts == null || ends == null || starts.size() != ends.size()) {
            throw new IllegalStateException("slice starts/ends missing");
        }
        List<Dim> d = new ArrayList<>(x.dims());
        // Slicing a tracked 1-D value (a Shape output) slices the value too.
        List<Dim> v = x.rank() == 1 ? values.get(node.input(0)) : null;
        for (int i = 0; i < starts.size(); i++) {
            int ax = dataAxis(axes == null ? i : axes.get(i), x.rank());
            long step = steps == null ? 1 : steps.get(i);
            if (step == 0) {
                throw new IllegalStateException("slice step 0");
            }
            Dim in = x.dim(ax);
            long start = starts.get(i);
            long end = ends.get(i);
            if (in.isSymbolic()) {
                // Only the whole-axis slice keeps a symbolic size exactly.
                if (step == 1 && start == 0 && end == Long.MAX_VALUE) {
                    continue;
                }
                throw new IllegalStateException("slice of a symbolic axis");
            }
            long n = in.factor();
            long len;
            if (step > 0) {
                start = clamp(start < 0 ? start + n : start, 0, n);
                end = clamp(end < 0 ? end + n : end, 0, n);
                len = end > start ? (end - start + step - 1) / step : 0;
            } else {
                start = clamp(start < 0 ? start + n : start, 0, n - 1);
                end = clamp(end < 0 ? end + n : end, -1, n - 1);
                len = start > end ? (start - end - step - 1) / -step : 0;
            }
            d.set(ax, Dim.of(len));
            if (v != null) {
                List<Dim> sliced = new ArrayList<>();
                for (long k = 0, j = start; k < len; k++, j += step) {
                    sliced.add(v.get((int) j));
                }
                v = sliced;
            }
        }
        String out = node.outputs().get(0);
        shapes.put(out, new TensorShape(d));
        if (v != null) {
            values.put(out, v);
        }
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private void split(OnnxNode node, TensorShape x) {
        if (x == null) {
            return;
        }
        int ax = dataAxis(node.intAttr("axis", 0), x.rank());
        int n = node.outputs().size();
        List<Long> sizes = node.intsAttr("split");
        if (sizes == null && opset >= 13) {
            sizes = constInts(node.input(1));
        }
        Dim in = x.dim(ax);
        if (sizes == null) {
            if (in.isSymbolic()) {
                throw new IllegalStateException("split of a symbolic axis");
            }
            long total = in.factor();
            sizes = new ArrayList<>();
            OnnxAttribute numOutputs = node.attribute("num_outputs");
            if (numOutputs != null) {
                // Opset 18: ceil(total / n) each, the last one gets what is left.
                long chunk = ceilDiv(total, numOutputs.intValue());
                for (int i = 0; i < n; i++) {
                    sizes.add(Math.max(0, Math.min(chunk, total - i * chunk)));
                }
            } else {
                if (total % n != 0) {
                    throw new IllegalStateException("uneven split");
                }
                for (int i = 0; i < n; i++) {
                    sizes.add(total / n);
                }
            }
        }
        if (sizes.size() != n) {
            throw new IllegalStateException("split sizes do not match the outputs");
        }
        long sum = 0;
        for (long s : sizes) {
            sum += s;
        }
        if (!in.isSymbolic() && sum != in.factor()) {
            throw new IllegalStateException("split sizes do not add up");
        }
        if (in.isSymbolic()) {
            throw new IllegalStateException("split of a symbolic axis");
        }
        for (int i = 0; i < n; i++) {
            List<Dim> d = new ArrayList<>(x.dims());
            d.set(ax, Dim.of(sizes.get(i)));
            String o = node.outputs().get(i);
            if (!o.isEmpty()) {
                shapes.put(o, new TensorShape(d));
            }
        }
    }

    /** Range with constant integer start, limit and delta; other inputs stay unknown. */
    private void range(OnnxNode node) {
        List<Dim> symbolicLimit = values.get(node.input(1));
        if (symbolicLimit != null
                && symbolicLimit.size() == 1
                && symbolicLimit.get(0).isSymbolic()) {
            // Range(0, n, 1) over a symbolic n (the batch) has exactly n elements.
            List<Long> start = constInts(node.input(0));
            List<Long> delta = constInts(node.input(2));
            if (start.equals(List.of(0L)) && delta.equals(List.of(1L))) {
                shapes.put(node.outputs().get(0), new TensorShape(symbolicLimit));
                return;
            }
            throw new IllegalStateException("range over a symbolic limit");
        }
        List<Long> start = constInts(node.input(0));
        List<Long> limit = constInts(node.input(1));
        List<Long> delta = constInts(node.input(2));
        if (start.size() != 1 || limit.size() != 1 || delta.size() != 1 || delta.get(0) == 0) {
            throw new IllegalStateException("range inputs must be scalars");
        }
        long len = Math.max(0, ceilDiv(limit.get(0) - start.get(0), delta.get(0)));
        String out = node.outputs().get(0);
        shapes.put(out, TensorShape.of(len));
        List<Dim> v = new ArrayList<>();
        for (long k = 0, j = start.get(0); k < len; k++, j += delta.get(0)) {
            v.add(Dim.of(j));
        }
        values.put(out, v);
    }

    // ---- small helpers ----

    private void copyValues(String from, String to) {
        List<Dim> v = values.get(from);
        if (v != null) {
            values.put(to, v);
        }
    }

    private static List<Dim> dimsOf(List<Long> v) {
        List<Dim> d = new ArrayList<>();
        for (long x : v) {
            d.add(Dim.of(x));
        }
        return d;
    }

    private static Dim product(List<Dim> dims) {
        Dim r = Dim.of(1);
        for (Dim d : dims) {
            r = r.times(d);
        }
        return r;
    }

    private static int axis(long a, int rank) {
        int r = (int) (a < 0 ? a + rank : a);
        if (r < 0 || r > rank) {
            throw new IllegalStateException("axis " + a + " out of range for rank " + rank);
        }
        return r;
    }

    /** An axis of an existing dimension (0..rank-1, negative counts from the end). */
    private static int dataAxis(long a, int rank) {
        int r = (int) (a < 0 ? a + rank : a);
        if (r < 0 || r >= rank) {
            throw new IllegalStateException("axis " + a + " out of range for rank " + rank);
        }
        return r;
    }

    private static int clampAxis(int a, int rank) {
        int r = a < 0 ? a + rank : a;
        return Math.max(0, Math.min(rank, r));
    }

    long opset() {
        return opset;
    }
}
