package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.service.InspectionTextFormatter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class InspectionTextFormatterTest {

    @Test
    void humanCountUsesThreeSignificantDecimalUnits() {
        assertThat(InspectionTextFormatter.humanCount(512)).isEqualTo("512");
        assertThat(InspectionTextFormatter.humanCount(9_408)).isEqualTo("9.41 K");
        assertThat(InspectionTextFormatter.humanCount(25_028_904)).isEqualTo("25.03 M");
        assertThat(InspectionTextFormatter.humanCount(4_230_479_872L)).isEqualTo("4.23 G");
        assertThat(InspectionTextFormatter.humanCount(16_414_015_488L)).isEqualTo("16.41 G");
        assertThat(InspectionTextFormatter.humanBytes(354_784_498)).isEqualTo("338.3 MiB");
    }

    @Tag("python")
    @Test
    void printsStageTableWithTotalsAndAlignedLayerTable() throws IOException {
        PythonFixtures.Export e =
                PythonFixtures.export("tiny_legacy.onnx", "--model", "tiny", "--size", "64");
        InspectionReport r = ModelInspector.inspect(e.onnx());

        String text = InspectionTextFormatter.format(r, true);

        assertThat(text)
                .contains("MACs         12.72 M (12,716,544), batch 1; FLOPs = 2 x MACs = 25.43 M")
                .contains("sha256 " + r.sha256())
                .containsPattern("(?m)^Stage +Params +MACs +% MACs +Output +Nodes$")
                .containsPattern("(?m)^layer4 .*\\[batch, 256, 2, 2\\]")
                .containsPattern("(?m)^total .* 100\\.00")
                .containsPattern("(?m)^ *\\d+ +/fc/Gemm +fc +Gemm +head +\\[batch, 10\\]");
        List<String> layerLines = text.lines().dropWhile(l -> !l.trim().startsWith("#")).toList();
        assertThat(layerLines).hasSize(r.layers().size() + 1);
        // Right-aligned MAC column: every row ends at the same column.
        int end = layerLines.get(0).length();
        assertThat(layerLines).allMatch(l -> l.length() == end);
        assertThat(InspectionTextFormatter.format(r, false)).doesNotContain("/fc/Gemm");
    }

    @Tag("python")
    @Test
    void mapFormIsPlainJsonReadyData() throws IOException {
        PythonFixtures.Export e =
                PythonFixtures.export("tiny_legacy.onnx", "--model", "tiny", "--size", "64");
        InspectionReport r = ModelInspector.inspect(e.onnx());

        Map<String, Object> m = r.toMap();

        assertThat(m)
                .containsEntry("total_macs", r.totalMacs())
                .containsEntry("total_flops", 2 * r.totalMacs())
                .containsEntry("source_params", e.number("torch_params"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) m.get("stages");
        assertThat(stages.get(5)).containsEntry("name", "head");
        assertThat(stages.get(5).get("output_shape")).isEqualTo(List.of("batch", 10L));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) m.get("inputs");
        assertThat(inputs.get(0).get("shape")).isEqualTo(List.of("batch", 3L, 64L, 64L));
    }
}
