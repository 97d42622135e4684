package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.graph.InspectionReport;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Small timm models that are not ResNets, exported by the dynamo exporter like onnx-export does;
 * Python computes torch's FlopCounterMode figures in the same run as the export.
 */
@Tag("python")
class TransformerInspectionTest {

    @Test
    void tinyVitCountsEveryMatMulAndDiffersFromTorchOnlyByTheFusedAttention() throws IOException {
        InspectionReport r =
                checkTinyVit(
                        PythonFixtures.export(
                                "vit_tiny_dynamo.onnx",
                                "--model",
                                "vit_tiny",
                                "--size",
                                "32",
                                "--dynamo"),
                        "15 initializers are shared");
        // Dynamo's merged tensors leave a remainder sharing does not explain: named, not pinned.
        assertThat(r.paramsExplanation()).contains("cannot rule out");
    }

    /** The legacy exporter's expand(B, -1, -1) goes through ConstantOfShape/Equal/Where. */
    @Test
    void tinyVitFromTheLegacyExporterCountsTheSame() throws IOException {
        checkTinyVit(
                PythonFixtures.export(
                        "vit_tiny_legacy.onnx", "--model", "vit_tiny", "--size", "32"),
                "initializers are shared");
    }

    private static InspectionReport checkTinyVit(PythonFixtures.Export e, String sharing)
            throws IOException {
        InspectionReport r = ModelInspector.inspect(e.onnx());

        assertThat(r.notCountedOps()).isEmpty();
        assertThat(r.initializerParams()).isEqualTo(e.number("onnx_initializer_params"));
        long attention = e.number("attention_macs");
        assertThat(attention).isPositive();
        // The graph's MatMuls include attention (torch's unfused path counts it the same way);
        // the fused CPU kernel torch runs by default has no FlopCounterMode formula.
        assertThat(r.totalMacs()).isEqualTo(e.number("flop_counter_flops") / 2 + attention);
        assertThat(r.sourceMacs()).isEqualTo(e.number("flop_counter_flops") / 2);
        assertThat(r.notes())
                .anyMatch(
                        n ->
                                n.contains(String.format(java.util.Locale.ROOT, "%,d", attention))
                                        && n.contains("scaled_dot_product_attention"));
        assertThat(r.layers().stream().filter(l -> l.opType().equals("Gemm")).findFirst())
                .hasValueSatisfying(
                        l -> assertThat(l.outputShape().toString()).isEqualTo("batchx1000"));
        // Shared tensors are named; batch norm is never claimed outright.
        assertThat(r.paramsExplanation()).contains(sharing).doesNotContain("batch norm was folded");
        return r;
    }

    @Test
    void convNextAttoMacsEqualHalfTheTorchFlopCountWithNothingUncounted() throws IOException {
        PythonFixtures.Export e =
                PythonFixtures.export(
                        "convnext_atto_dynamo.onnx",
                        "--model",
                        "convnext_atto",
                        "--size",
                        "64",
                        "--dynamo",
                        "--export-batch",
                        "2");

        InspectionReport r = ModelInspector.inspect(e.onnx());

        // Transposes around every LayerNormalization, and a head whose reshape goes through
        // Range(0, batch, 1) and Gather.
        assertThat(r.notCountedOps()).isEmpty();
        assertThat(r.initializerParams()).isEqualTo(e.number("onnx_initializer_params"));
        assertThat(r.totalMacs()).isEqualTo(e.number("flop_counter_flops") / 2);
        assertThat(r.sourceMacs()).isEqualTo(r.totalMacs());
        assertThat(r.notes()).noneMatch(n -> n.contains("differ") || n.contains("exceed"));
        assertThat(r.layers().stream().filter(l -> l.opType().equals("Gemm")).findFirst())
                .hasValueSatisfying(
                        l -> assertThat(l.outputShape().toString()).isEqualTo("batchx1000"));
    }
}
