package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.graph.InspectionReport;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class ReferenceCheckTest {

    private static Map<String, Object> referenceFrom(PythonFixtures.Export e) {
        Map<String, Object> stages = new LinkedHashMap<>();
        for (String s : List.of("stem", "layer1", "layer2", "layer3", "layer4", "head")) {
            // Torch-side params (BN not folded) are deliberately different from the graph's.
            stages.put(
                    s,
                    Map.of(
                            "params", e.nested("stage_params", s),
                            "macs", e.nested("stage_macs", s)));
        }
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("onnx_initializer_params", e.number("onnx_initializer_params"));
        ref.put("torch_flop_counter_flops", e.number("flop_counter_flops"));
        ref.put("stages", stages);
        return ref;
    }

    @Test
    void agreesWithTorchReferenceCountsForATinyExport() throws IOException {
        PythonFixtures.Export e =
                PythonFixtures.export(
                        "tiny_dynamo.onnx", "--model", "tiny", "--size", "64", "--dynamo");
        InspectionReport r = ModelInspector.inspect(e.onnx());

        assertThat(ReferenceCheck.differences(r, referenceFrom(e))).isEmpty();
    }

    @Test
    void namesEachFigureThatDisagrees() throws IOException {
        PythonFixtures.Export e =
                PythonFixtures.export(
                        "tiny_dynamo.onnx", "--model", "tiny", "--size", "64", "--dynamo");
        InspectionReport r = ModelInspector.inspect(e.onnx());
        Map<String, Object> ref = referenceFrom(e);
        ref.put("torch_flop_counter_flops", 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> stages = (Map<String, Object>) ref.get("stages");
        stages.put("layer2", Map.of("macs", 5));
        stages.put("layer9", Map.of("macs", 7));

        assertThat(ReferenceCheck.differences(r, ref))
                .containsExactly(
                        "FLOPs: graph "
                                + String.format(java.util.Locale.ROOT, "%,d", r.totalFlops())
                                + ", reference 1",
                        "stage layer2 MACs: graph "
                                + String.format(
                                        java.util.Locale.ROOT, "%,d", r.stage("layer2").macs())
                                + ", reference 5",
                        "stage layer9: not found in the graph");
    }
}
