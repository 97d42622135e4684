package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.graph.Dim;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.TensorShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made graphs, one per shape rule. Each expected shape is written out by hand and also checked
 * against the shape ONNX Runtime actually produces (symbolic batch fed as 1).
 */
@Tag("python")
class ShapeInferenceTest {

    @TempDir Path tmp;

    /** Result of building and inspecting one hand-made graph. */
    private record Built(InspectionReport report, Map<String, String> javaShapes) {
        String shape(String tensor) {
            return javaShapes.get(tensor);
        }

        LayerRow row(String node) {
            return report.layers().stream()
                    .filter(l -> l.name().equals(node))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private Built build(String snippet) throws IOException {
        String prelude;
        try (InputStream in = getClass().getResourceAsStream("handmade.py")) {
            prelude = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path f = tmp.resolve("g.onnx");
        PythonFixtures.run(tmp, prelude + "\n" + snippet, f.toString());
        OnnxModel model = OnnxGraphReader.read(f);
        ShapeInference si = new ShapeInference(model);
        Map<String, String> shapes = new HashMap<>();
        Map<String, String> counted = new HashMap<>();
        for (OnnxNode n : model.nodes()) {
            si.infer(n);
            for (String o : n.outputs()) {
                TensorShape s = si.shape(o);
                shapes.put(o, s == null ? null : s.toString());
                counted.put(o, s == null ? null : countedShape(s));
            }
        }
        // Every shape ONNX Runtime produced must match ours (symbolic batch counts as 1).
        // Parsed, not matched: a changed format must fail here rather than check fewer shapes.
        JsonNode ortShapes =
                new ObjectMapper().readTree(tmp.resolve("g.onnx.shapes.json").toFile());
        assertThat(ortShapes.isObject()).as("shapes.json is an object").isTrue();
        for (Map.Entry<String, JsonNode> e : ortShapes.properties()) {
            JsonNode dims = e.getValue();
            assertThat(dims.isArray()).as("shape of %s is a list", e.getKey()).isTrue();
            StringBuilder ort = new StringBuilder();
            for (JsonNode d : dims) {
                assertThat(d.isIntegralNumber()).as("dim of %s", e.getKey()).isTrue();
                ort.append(ort.length() == 0 ? "" : "x").append(d.asLong());
            }
            assertThat(counted.get(e.getKey()))
                    .as("shape of %s vs ONNX Runtime", e.getKey())
                    .isEqualTo(ort.length() == 0 ? "scalar" : ort.toString());
        }
        return new Built(ModelInspector.inspect(model, false), shapes);
    }

    private static String countedShape(TensorShape s) {
        if (s.rank() == 0) {
            return "scalar";
        }
        StringBuilder b = new StringBuilder();
        for (Dim d : s.dims()) {
            b.append(b.length() == 0 ? "" : "x").append(d.countValue());
        }
        return b.toString();
    }

    @Test
    void convUsesGroupsStridesPadsAndKernelFromTheWeight() throws IOException {
        Built b =
                build(
                        """
                        w = const("w", np.zeros((8, 2, 3, 3), np.float32))
                        finish([helper.make_node("Conv", ["x", "w"], ["y"], name="conv",
                                                 group=4, strides=[2, 2], pads=[1, 1, 1, 1])],
                               [inp("x", ["N", 8, 15, 15])], ["y"], [w])
                        """);

        assertThat(b.shape("y")).isEqualTo("Nx8x8x8");
        // out elems 8*8*8, each C/group * kh * kw = 2*3*3 MACs
        assertThat(b.row("conv").macs()).isEqualTo(8L * 8 * 8 * 2 * 3 * 3);
        assertThat(b.row("conv").params()).isEqualTo(8 * 2 * 3 * 3);
    }

    @Test
    void convWithDilationsShrinksTheOutputByTheEffectiveKernel() throws IOException {
        Built b =
                build(
                        """
                        w = const("w", np.zeros((4, 3, 3, 3), np.float32))
                        b = const("b", np.zeros((4,), np.float32))
                        finish([helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv",
                                                 dilations=[2, 3])],
                               [inp("x", [1, 3, 20, 20])], ["y"], [w, b])
                        """);

        assertThat(b.shape("y")).isEqualTo("1x4x16x14");
        // The bias add is not a MAC.
        assertThat(b.row("conv").macs()).isEqualTo(4L * 16 * 14 * 3 * 3 * 3);
        assertThat(b.row("conv").params()).isEqualTo(4 * 3 * 3 * 3 + 4);
    }

    @Test
    void convAutoPadSameUpperKeepsCeilOfInputOverStride() throws IOException {
        Built b =
                build(
                        """
                        w = const("w", np.zeros((2, 3, 4, 4), np.float32))
                        finish([helper.make_node("Conv", ["x", "w"], ["y"], name="conv",
                                                 auto_pad="SAME_UPPER", strides=[2, 2]),
                                helper.make_node("Conv", ["x", "w"], ["v"], name="valid",
                                                 auto_pad="VALID", strides=[3, 3])],
                               [inp("x", [1, 3, 11, 10])], ["y", "v"], [w])
                        """);

        assertThat(b.shape("y")).isEqualTo("1x2x6x5");
        assertThat(b.shape("v")).isEqualTo("1x2x3x3");
    }

    @Test
    void poolingHonoursCeilModeAndDropsAWindowStartingInThePadding() throws IOException {
        Built b =
                build(
                        """
                        finish([helper.make_node("MaxPool", ["x"], ["floor"], kernel_shape=[3, 3],
                                                 strides=[2, 2]),
                                helper.make_node("MaxPool", ["x"], ["ceil"], kernel_shape=[3, 3],
                                                 strides=[2, 2], ceil_mode=1),
                                helper.make_node("AveragePool", ["x"], ["avg"], kernel_shape=[2, 2],
                                                 strides=[2, 2], ceil_mode=1,
                                                 count_include_pad=0),
                                helper.make_node("MaxPool", ["z"], ["pad"], kernel_shape=[2, 2],
                                                 strides=[2, 2], pads=[1, 1, 1, 1],
                                                 ceil_mode=1),
                                helper.make_node("GlobalAveragePool", ["x"], ["gap"])],
                               [inp("x", [1, 4, 8, 7]), inp("z", [1, 1, 5, 5])],
                               ["floor", "ceil", "avg", "pad", "gap"])
                        """);

        assertThat(b.shape("floor")).isEqualTo("1x4x3x3");
        assertThat(b.shape("ceil")).isEqualTo("1x4x4x3");
        assertThat(b.shape("avg")).isEqualTo("1x4x4x4");
        assertThat(b.shape("pad")).isEqualTo("1x1x3x3");
        assertThat(b.shape("gap")).isEqualTo("1x4x1x1");
    }

    @Test
    void reshapeResolvesZeroAndMinusOneAndFlattenKeepsTheBatchSymbol() throws IOException {
        Built b =
                build(
                        """
                        s1 = const("s1", np.array([0, -1], np.int64))
                        s2 = const("s2", np.array([0, 4, -1, 3], np.int64))
                        finish([helper.make_node("Reshape", ["x", "s1"], ["r1"]),
                                helper.make_node("Reshape", ["x", "s2"], ["r2"]),
                                helper.make_node("Flatten", ["x"], ["f"]),
                                helper.make_node("Flatten", ["x"], ["f2"], axis=2)],
                               [inp("x", ["batch", 6, 2, 2])], ["r1", "r2", "f", "f2"], [s1, s2])
                        """);

        assertThat(b.shape("r1")).isEqualTo("batchx24");
        assertThat(b.shape("r2")).isEqualTo("batchx4x2x3");
        assertThat(b.shape("f")).isEqualTo("batchx24");
        assertThat(b.shape("f2")).isEqualTo("batch*6x4");
    }

    @Test
    void gemmHonoursTransposeFlagsAndCountsMTimesNTimesK() throws IOException {
        Built b =
                build(
                        """
                        w = const("w", np.zeros((10, 32), np.float32))
                        bias = const("bias", np.zeros((10,), np.float32))
                        wa = const("wa", np.zeros((5, 7), np.float32))
                        finish([helper.make_node("Gemm", ["x", "w", "bias"], ["y"], name="fc",
                                                 transB=1),
                                helper.make_node("Gemm", ["xt", "wa"], ["z"], name="ta",
                                                 transA=1)],
                               [inp("x", [2, 32]), inp("xt", [5, 3])], ["y", "z"],
                               [w, bias, wa])
                        """);

        assertThat(b.shape("y")).isEqualTo("2x10");
        assertThat(b.row("fc").macs()).isEqualTo(2L * 10 * 32);
        assertThat(b.shape("z")).isEqualTo("3x7");
        assertThat(b.row("ta").macs()).isEqualTo(3L * 7 * 5);
    }

    @Test
    void matMulBroadcastsBatchDimensionsAndCountsEveryProduct() throws IOException {
        Built b =
                build(
                        """
                        w = const("w", np.zeros((16, 8), np.float32))
                        finish([helper.make_node("MatMul", ["x", "w"], ["y"], name="mm"),
                                helper.make_node("MatMul", ["a", "c"], ["z"], name="bmm")],
                               [inp("x", [3, 5, 16]), inp("a", [2, 1, 4, 6]),
                                inp("c", [3, 6, 2])], ["y", "z"], [w])
                        """);

        assertThat(b.shape("y")).isEqualTo("3x5x8");
        assertThat(b.row("mm").macs()).isEqualTo(3L * 5 * 8 * 16);
        assertThat(b.shape("z")).isEqualTo("2x3x4x2");
        assertThat(b.row("bmm").macs()).isEqualTo(2L * 3 * 4 * 2 * 6);
    }

    @Test
    void reduceMeanSqueezeAndUnsqueezeTakeAxesFromAttributesInOldOpsets() throws IOException {
        Built b =
                build(
                        """
                        finish([helper.make_node("ReduceMean", ["x"], ["m"], axes=[2, 3]),
                                helper.make_node("ReduceMean", ["x"], ["k"], axes=[-1],
                                                 keepdims=0),
                                helper.make_node("Squeeze", ["m"], ["s"], axes=[2, 3]),
                                helper.make_node("Squeeze", ["m"], ["all"]),
                                helper.make_node("Unsqueeze", ["s"], ["u"], axes=[0, -1])],
                               [inp("x", [2, 5, 4, 3])], ["m", "k", "s", "all", "u"], opset=12)
                        """);

        assertThat(b.shape("m")).isEqualTo("2x5x1x1");
        assertThat(b.shape("k")).isEqualTo("2x5x4");
        assertThat(b.shape("s")).isEqualTo("2x5");
        assertThat(b.shape("all")).isEqualTo("2x5");
        assertThat(b.shape("u")).isEqualTo("1x2x5x1");
    }

    @Test
    void reduceMeanSqueezeAndUnsqueezeTakeAxesFromInputsInNewOpsets() throws IOException {
        Built b =
                build(
                        """
                        ax = const("ax", np.array([2, 3], np.int64))
                        finish([helper.make_node("Constant", [], ["u_ax"],
                                                 value=numpy_helper.from_array(
                                                     np.array([1], np.int64))),
                                helper.make_node("ReduceMean", ["x", "ax"], ["m"], keepdims=1),
                                helper.make_node("Squeeze", ["m", "ax"], ["s"]),
                                helper.make_node("Unsqueeze", ["s", "u_ax"], ["u"])],
                               [inp("x", ["N", 5, 4, 3])], ["m", "s", "u"], [ax], opset=18)
                        """);

        assertThat(b.shape("m")).isEqualTo("Nx5x1x1");
        assertThat(b.shape("s")).isEqualTo("Nx5");
        assertThat(b.shape("u")).isEqualTo("Nx1x5");
    }

    @Test
    void shapeGatherConcatReshapePatternKeepsTheSymbolicBatch() throws IOException {
        Built b =
                build(
                        """
                        i0 = const("i0", np.array(0, np.int64))
                        m1 = const("m1", np.array([-1], np.int64))
                        ax = const("ax", np.array([0], np.int64))
                        finish([helper.make_node("Shape", ["x"], ["sh"]),
                                helper.make_node("Gather", ["sh", "i0"], ["n"], axis=0),
                                helper.make_node("Unsqueeze", ["n", "ax"], ["n1"]),
                                helper.make_node("Concat", ["n1", "m1"], ["target"], axis=0),
                                helper.make_node("Reshape", ["x", "target"], ["y"]),
                                helper.make_node("Concat", ["x", "x"], ["cat"], axis=1)],
                               [inp("x", ["batch", 8, 2, 2])], ["y", "cat", "target"],
                               [i0, m1, ax], opset=17)
                        """);

        assertThat(b.shape("y")).isEqualTo("batchx32");
        assertThat(b.shape("cat")).isEqualTo("batchx16x2x2");
        assertThat(b.shape("target")).isEqualTo("2");
    }

    @Test
    void elementwiseOpsKeepOrBroadcastShapes() throws IOException {
        Built b =
                build(
                        """
                        s = const("s", np.ones((4, 1, 1), np.float32))
                        sc = const("scale", np.ones((4,), np.float32))
                        bb = const("bias", np.zeros((4,), np.float32))
                        mean = const("mean", np.zeros((4,), np.float32))
                        var = const("var", np.ones((4,), np.float32))
                        finish([helper.make_node("BatchNormalization",
                                                 ["x", "scale", "bias", "mean", "var"], ["bn"]),
                                helper.make_node("Relu", ["bn"], ["r"]),
                                helper.make_node("Mul", ["r", "s"], ["m"]),
                                helper.make_node("Add", ["m", "x"], ["a"]),
                                helper.make_node("Sigmoid", ["a"], ["sg"]),
                                helper.make_node("Clip", ["sg"], ["c"]),
                                helper.make_node("Dropout", ["c"], ["d"]),
                                helper.make_node("Identity", ["d"], ["i"]),
                                helper.make_node("Softmax", ["i"], ["sm"], axis=1)],
                               [inp("x", [2, 4, 3, 3])], ["sm", "m"], [s, sc, bb, mean, var])
                        """);

        assertThat(b.shape("sm")).isEqualTo("2x4x3x3");
        assertThat(b.report().totalMacs()).isZero();
        assertThat(b.report().notCountedOps()).isEmpty();
    }

    @Test
    void unknownOperatorIsListedAsNotCountedAndItsConsumersBecomeUnknown() throws IOException {
        Built b =
                build(
                        """
                        w = const("w", np.zeros((4, 3, 1, 1), np.float32))
                        finish([helper.make_node("Conv", ["x", "w"], ["c"], name="known"),
                                helper.make_node("Mystery", ["c"], ["q"], domain="com.example"),
                                helper.make_node("Mystery", ["q"], ["q2"], domain="com.example"),
                                helper.make_node("Conv", ["q2", "w2"], ["y"], name="after")],
                               [inp("x", [1, 3, 4, 4]), inp("w2", [4, 4, 1, 1])], ["y"], [w],
                               run=False)
                        """);

        assertThat(b.shape("c")).isEqualTo("1x4x4x4");
        assertThat(b.shape("q")).isNull();
        assertThat(b.shape("y")).isNull();
        assertThat(b.report().notCountedOps())
                .containsEntry("com.example:Mystery", 2)
                .containsEntry("Conv (unknown shape)", 1);
        assertThat(b.report().totalMacs()).isEqualTo(4L * 4 * 4 * 3);
        assertThat(b.report().complete()).isFalse();
    }

    @Test
    void transposeFollowsPermAndReversesByDefault() throws IOException {
        Built b =
                build(
                        """
                        finish([helper.make_node("Transpose", ["x"], ["p"], perm=[0, 2, 3, 1]),
                                helper.make_node("Transpose", ["x"], ["r"])],
                               [inp("x", ["N", 2, 3, 5])], ["p", "r"])
                        """);

        assertThat(b.shape("p")).isEqualTo("Nx3x5x2");
        assertThat(b.shape("r")).isEqualTo("5x3x2xN");
    }

    @Test
    void sliceHandlesNegativeClampedStepAndToTheEndIndices() throws IOException {
        Built b =
                build(
                        """
                        big = np.iinfo(np.int64).max
                        s1 = const("s1", np.array([1, -3], np.int64))
                        e1 = const("e1", np.array([big, 100], np.int64))
                        a1 = const("a1", np.array([1, 3], np.int64))
                        st1 = const("st1", np.array([2, 1], np.int64))
                        s2 = const("s2", np.array([-1], np.int64))
                        e2 = const("e2", np.array([-big], np.int64))
                        a2 = const("a2", np.array([2], np.int64))
                        st2 = const("st2", np.array([-2], np.int64))
                        ks = helper.make_node("Constant", [], ["ks"],
                                              value=helper.make_tensor("v", TensorProto.INT64,
                                                                       [1], [0]))
                        ke = helper.make_node("Constant", [], ["ke"],
                                              value=helper.make_tensor("v", TensorProto.INT64,
                                                                       [1], [big]))
                        ka = helper.make_node("Constant", [], ["ka"],
                                              value=helper.make_tensor("v", TensorProto.INT64,
                                                                       [1], [0]))
                        e3 = const("e3", np.array([5], np.int64))
                        s3 = const("s3", np.array([7], np.int64))
                        finish([helper.make_node("Slice", ["x", "s1", "e1", "a1", "st1"], ["y"]),
                                helper.make_node("Slice", ["x", "s2", "e2", "a2", "st2"], ["z"]),
                                ks, ke, ka,
                                helper.make_node("Slice", ["x", "ks", "ke", "ka"], ["w"]),
                                helper.make_node("Slice", ["x", "s3", "e3", "a2"], ["empty"])],
                               [inp("x", ["N", 7, 6, 4])], ["y", "z", "w", "empty"],
                               [s1, e1, a1, st1, s2, e2, a2, st2, e3, s3])
                        """);

        // axis 1: 1..7 step 2 -> 1,3,5; axis 3: -3..4 -> 1..4
        assertThat(b.shape("y")).isEqualTo("Nx3x6x3");
        // axis 2 backwards from 5 to the start, step -2: 5,3,1
        assertThat(b.shape("z")).isEqualTo("Nx7x3x4");
        // the whole symbolic axis keeps its symbol
        assertThat(b.shape("w")).isEqualTo("Nx7x6x4");
        assertThat(b.shape("empty")).isEqualTo("Nx7x0x4");
    }

    @Test
    void sliceOfAShapeSlicesItsValueAndASymbolicPartialSliceStaysUnknown() throws IOException {
        Built b =
                build(
                        """
                        s = const("s", np.array([2], np.int64))
                        e = const("e", np.array([4], np.int64))
                        s0 = const("s0", np.array([0], np.int64))
                        e1 = const("e1", np.array([1], np.int64))
                        finish([helper.make_node("Shape", ["x"], ["shp"]),
                                helper.make_node("Slice", ["shp", "s", "e"], ["hw"]),
                                helper.make_node("Reshape", ["v", "hw"], ["r"]),
                                helper.make_node("Slice", ["x", "s0", "e1"], ["part"])],
                               [inp("x", ["N", 3, 4, 5]), inp("v", [20])], ["r"],
                               [s, e, s0, e1])
                        """);

        assertThat(b.shape("r")).isEqualTo("4x5");
        assertThat(b.shape("part")).isNull();
    }

    @Test
    void expandBroadcastsToAConstantOrShapeDerivedTarget() throws IOException {
        Built b =
                build(
                        """
                        t = const("t", np.array([2, 1, 6], np.int64))
                        one = const("one", np.array([1, 1], np.int64))
                        finish([helper.make_node("Expand", ["x", "t"], ["y"]),
                                helper.make_node("Shape", ["z"], ["zb"], start=0, end=1),
                                helper.make_node("Concat", ["zb", "one"], ["tgt"], axis=0),
                                helper.make_node("Expand", ["c", "tgt"], ["cls"])],
                               [inp("x", [3, 1]), inp("z", ["N", 8]), inp("c", [1, 1, 4])],
                               ["y", "cls"], [t, one])
                        """);

        assertThat(b.shape("y")).isEqualTo("2x3x6");
        assertThat(b.shape("cls")).isEqualTo("Nx1x4");
    }

    @Test
    void splitUsesSizesInputNumOutputsOrEqualParts() throws IOException {
        Built b =
                build(
                        """
                        sz = const("sz", np.array([2, 5], np.int64))
                        finish([helper.make_node("Split", ["x", "sz"], ["a", "b"], axis=-1),
                                helper.make_node("Split", ["x"], ["c", "d", "e"], axis=1,
                                                 num_outputs=3)],
                               [inp("x", ["N", 7, 7])], ["a", "b", "c", "d", "e"], [sz],
                               opset=18)
                        """);

        assertThat(b.shape("a")).isEqualTo("Nx7x2");
        assertThat(b.shape("b")).isEqualTo("Nx7x5");
        // ceil(7/3) = 3, 3, then the remaining 1
        assertThat(b.shape("c")).isEqualTo("Nx3x7");
        assertThat(b.shape("e")).isEqualTo("Nx1x7");

        Built even =
                build(
                        """
                        finish([helper.make_node("Split", ["x"], ["a", "b"], axis=1)],
                               [inp("x", [1, 6, 2])], ["a", "b"], opset=13)
                        """);
        assertThat(even.shape("a")).isEqualTo("1x3x2");
    }

    @Test
    void rangeOverTheBatchAndConstantOfShapeAndElementwiseOpsResolve() throws IOException {
        Built b =
                build(
                        """
                        zero = const("zero", np.array(0, np.int64))
                        one = const("one", np.array(1, np.int64))
                        lim = const("lim", np.array(10, np.int64))
                        three = const("three", np.array(3, np.int64))
                        ax = const("ax", np.array([0], np.int64))
                        g = const("g", np.ones((5,), np.float32))
                        finish([helper.make_node("Shape", ["x"], ["s"], start=0, end=1),
                                helper.make_node("Squeeze", ["s", "ax"], ["n"]),
                                helper.make_node("Range", ["zero", "n", "one"], ["r"]),
                                helper.make_node("Range", ["one", "lim", "three"], ["r3"]),
                                helper.make_node("ConstantOfShape", ["s"], ["c"]),
                                helper.make_node("LayerNormalization", ["x", "g", "g"], ["ln"],
                                                 axis=-1),
                                helper.make_node("Softmax", ["ln"], ["sm"], axis=-1),
                                helper.make_node("Erf", ["sm"], ["erf"]),
                                helper.make_node("Sqrt", ["erf"], ["sq"]),
                                helper.make_node("Pow", ["sq", "g"], ["pw"]),
                                helper.make_node("Cast", ["pw"], ["cast"], to=TensorProto.FLOAT),
                                helper.make_node("Gather", ["cast", "ax"], ["gat"], axis=1),
                                helper.make_node("Div", ["gat", "g"], ["dv"])],
                               [inp("x", ["N", 4, 5])],
                               ["r", "r3", "c", "sm", "erf", "sq", "pw", "cast", "gat", "dv"],
                               [zero, one, lim, three, ax, g])
                        """);

        assertThat(b.shape("r")).isEqualTo("N");
        assertThat(b.shape("r3")).isEqualTo("3");
        assertThat(b.shape("c")).isEqualTo("N");
        assertThat(b.shape("sm")).isEqualTo("Nx4x5");
        assertThat(b.shape("pw")).isEqualTo("Nx4x5");
        assertThat(b.shape("gat")).isEqualTo("Nx1x5");
        assertThat(b.shape("dv")).isEqualTo("Nx1x5");
    }

    @Test
    void legacyExpandWithMinusOnesResolvesThroughConstantOfShapeEqualAndWhere() throws IOException {
        Built b =
                build(
                        """
                        ax = const("ax", np.array([0], np.int64))
                        m1 = const("m1", np.array([-1], np.int64))
                        neg = const("neg", np.array(-1, np.int64))
                        flat = const("flat", np.array([-1], np.int64))
                        ones = helper.make_tensor("v", TensorProto.INT64, [1], [1])
                        finish([helper.make_node("Shape", ["x"], ["s"], start=0, end=1),
                                helper.make_node("Concat", ["s", "m1", "m1"], ["t0"], axis=0),
                                helper.make_node("Reshape", ["t0", "flat"], ["t"]),
                                helper.make_node("Shape", ["t"], ["ts"]),
                                helper.make_node("ConstantOfShape", ["ts"], ["c"], value=ones),
                                helper.make_node("Mul", ["c", "neg"], ["mc"]),
                                helper.make_node("Equal", ["t", "mc"], ["eq"]),
                                helper.make_node("Where", ["eq", "c", "t"], ["tgt"]),
                                helper.make_node("Expand", ["cls", "tgt"], ["y"])],
                               [inp("x", ["N", 5, 4]), inp("cls", [1, 1, 4])], ["y"],
                               [ax, m1, neg, flat])
                        """);

        // The symbolic batch is never -1, so Where keeps it; the -1s become 1s and broadcast.
        assertThat(b.shape("y")).isEqualTo("Nx1x4");
    }
}
