package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.StageSummary;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * int8 variants written by onnx-export/quantize.py (QDQ: int8 weights behind DequantizeLinear) are
 * counted like their fp32 exports: the same parameters, MACs and stage MACs.
 */
@Tag("python")
class Int8InspectionTest {

    @Test
    void tinyInt8ExportHasTheParamsMacsAndStageMacsOfItsFp32Export(@TempDir Path tmp)
            throws IOException {
        Path fp32 = ExportedModels.fixture("tiny_bicubic_095.onnx");
        Path int8 = ExportedModels.int8(fp32, tmp.resolve("tiny_bicubic_095-int8.onnx"));

        assertSameCounts(ModelInspector.inspect(fp32), ModelInspector.inspect(int8));
    }

    @Test
    @Tag("slow")
    void resnext50Int8ExportHasTheCountsOfItsFp32ExportAndAFloatHeadForCams() throws IOException {
        Path fp32 = ExportedModels.seed("resnext50_32x4d");
        Path int8 = ExportedModels.seedInt8("resnext50_32x4d");

        OnnxModel model = OnnxGraphReader.read(int8);
        InspectionReport q = ModelInspector.inspect(model, false);
        assertSameCounts(ModelInspector.inspect(OnnxGraphReader.read(fp32), false), q);
        Map<?, ?> reference =
                new ObjectMapper()
                        .readValue(model.metadata().get(ReferenceCheck.REFERENCE_KEY), Map.class);
        Map<String, Object> ref = new HashMap<>();
        reference.forEach((k, v) -> ref.put(String.valueOf(k), v));
        assertThat(ReferenceCheck.differences(q, ref)).isEmpty();

        ClassifierHead.Search head = HeadFinder.find(model);
        assertThat(head.found()).as(head.reason()).isTrue();
        assertThat(head.head().featureTensor()).isEqualTo("features");
        assertThat(head.head().logitsOutput()).isEqualTo("logits");
        // Stage maps read these tensors as float: none may be a QuantizeLinear's uint8 output.
        Map<String, String> producer = new HashMap<>();
        model.nodes().forEach(n -> n.outputs().forEach(o -> producer.put(o, n.opType())));
        assertThat(head.head().stageOutputs()).containsKeys("stem", "layer1", "layer4");
        assertThat(head.head().stageOutputs().values())
                .allSatisfy(t -> assertThat(producer.get(t)).isNotEqualTo("QuantizeLinear"));
    }

    @Test
    void quantizedOperatorsCountMacsLikeTheirFloatTwinsAndScalesAreNoParameters(@TempDir Path tmp)
            throws IOException {
        // x [1,3,8,8] -> QLinearConv 4x3x3x3 pad 1 -> ConvInteger 2x4x1x1 -> Flatten [1,128]
        // -> MatMulInteger [128,5] -> QLinearMatMul [5,3]: 6912 + 512 + 640 + 15 MACs.
        Path file = tmp.resolve("qops.onnx");
        ExportedModels.run(
                List.of(
                        ExportedModels.python(),
                        "-c",
                        String.join(
                                "\n",
                                "import sys, numpy as np, onnx",
                                "from onnx import helper as h, numpy_helper as nh, TensorProto as T",
                                "def i(n, a): return nh.from_array(np.asarray(a), n)",
                                "inits = [i('s', np.float32(0.1)), i('z', np.uint8(0)),",
                                "  i('w1', np.ones((4, 3, 3, 3), np.int8)),",
                                "  i('ws', np.full(4, 0.1, np.float32)), i('wz', np.zeros(4, np.int8)),",
                                "  i('w2', np.ones((2, 4, 1, 1), np.uint8)),",
                                "  i('w3', np.ones((128, 5), np.uint8)),",
                                "  i('w4', np.ones((5, 3), np.uint8))]",
                                "nodes = [h.make_node('QuantizeLinear', ['x', 's', 'z'], ['xq']),",
                                "  h.make_node('QLinearConv', ['xq', 's', 'z', 'w1', 'ws', 'wz',"
                                        + " 's', 'z'], ['c1'], pads=[1, 1, 1, 1]),",
                                "  h.make_node('ConvInteger', ['c1', 'w2'], ['c2']),",
                                "  h.make_node('Cast', ['c2'], ['c2f'], to=T.UINT8),",
                                "  h.make_node('Flatten', ['c2f'], ['f']),",
                                "  h.make_node('MatMulInteger', ['f', 'w3'], ['m1']),",
                                "  h.make_node('Cast', ['m1'], ['m1u'], to=T.UINT8),",
                                "  h.make_node('QLinearMatMul', ['m1u', 's', 'z', 'w4', 's', 'z',"
                                        + " 's', 'z'], ['yq']),",
                                "  h.make_node('DequantizeLinear', ['yq', 's', 'z'], ['y'])]",
                                "g = h.make_graph(nodes, 'q',"
                                        + " [h.make_tensor_value_info('x', T.FLOAT, [1, 3, 8, 8])],",
                                "  [h.make_tensor_value_info('y', T.FLOAT, [1, 3])], inits)",
                                "onnx.save(h.make_model(g, opset_imports=[h.make_opsetid('', 18)]),"
                                        + " sys.argv[1])"),
                        file.toString()),
                2);

        InspectionReport r = ModelInspector.inspect(file);

        assertThat(r.notCountedOps()).isEmpty();
        assertThat(r.layers())
                .extracting(LayerRow::opType, LayerRow::macs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("QLinearConv", 6912L),
                        org.assertj.core.groups.Tuple.tuple("ConvInteger", 512L),
                        org.assertj.core.groups.Tuple.tuple("MatMulInteger", 640L),
                        org.assertj.core.groups.Tuple.tuple("QLinearMatMul", 15L));
        assertThat(r.initializerParams()).isEqualTo(108 + 8 + 640 + 15);
    }

    private static void assertSameCounts(InspectionReport fp32, InspectionReport int8) {
        assertThat(int8.notCountedOps()).isEmpty();
        assertThat(int8.totalMacs()).isEqualTo(fp32.totalMacs()).isPositive();
        assertThat(int8.initializerParams()).isEqualTo(fp32.initializerParams());
        assertThat(int8.stages())
                .extracting(StageSummary::name, StageSummary::macs, StageSummary::params)
                .containsExactlyElementsOf(
                        fp32.stages().stream()
                                .map(
                                        s ->
                                                org.assertj.core.groups.Tuple.tuple(
                                                        s.name(), s.macs(), s.params()))
                                .toList());
        List<String> layers = int8.layers().stream().map(LayerRow::opType).distinct().toList();
        assertThat(layers).doesNotContain("DequantizeLinear", "QuantizeLinear");
        assertThat(int8.notes()).anyMatch(n -> n.contains("scales and zero points"));
        assertThat(int8.notes()).noneMatch(n -> n.contains("differ"));
    }
}
