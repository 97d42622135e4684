package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.graph.InspectionReport;
import io.resnextexplorer.model.graph.LayerRow;
import io.resnextexplorer.model.graph.StageSummary;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tiny timm ResNeXt (grouped bottlenecks, one block per stage) exported by both torch exporters;
 * Python computes the reference figures in the same run as the export.
 */
@Tag("python")
class TinyResNeXtInspectionTest {

    static List<Arguments> exports() {
        return List.of(
                Arguments.of("tiny_legacy.onnx", new String[] {"--model", "tiny", "--size", "64"}),
                Arguments.of(
                        "tiny_dynamo.onnx",
                        new String[] {"--model", "tiny", "--size", "64", "--dynamo"}),
                Arguments.of(
                        "tiny_d_dynamo.onnx",
                        new String[] {"--model", "tiny_d", "--size", "64", "--dynamo"}),
                Arguments.of(
                        "tiny_d_legacy.onnx", new String[] {"--model", "tiny_d", "--size", "72"}),
                Arguments.of(
                        "tiny_wrapped_dynamo.onnx",
                        new String[] {"--model", "tiny", "--size", "64", "--dynamo", "--wrap"}),
                Arguments.of(
                        "tiny_wrapped_legacy.onnx",
                        new String[] {"--model", "tiny", "--size", "64", "--wrap"}),
                Arguments.of(
                        "tiny_external.onnx",
                        new String[] {
                            "--model", "tiny", "--size", "64", "--dynamo", "--external-data"
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void paramsEqualOnnxInitializerCountAndMacsEqualHalfTheTorchFlopCount(
            String file, String[] args) throws IOException {
        PythonFixtures.Export e = PythonFixtures.export(file, args);

        InspectionReport r = ModelInspector.inspect(e.onnx());

        assertThat(r.notCountedOps()).isEmpty();
        assertThat(r.initializerParams()).isEqualTo(e.number("onnx_initializer_params"));
        assertThat(r.totalMacs()).isEqualTo(e.number("flop_counter_flops") / 2);
        assertThat(r.totalFlops()).isEqualTo(e.number("flop_counter_flops"));
        assertThat(r.sourceParams()).isEqualTo(e.number("torch_params"));
        assertThat(r.sourceMacs()).isEqualTo(r.totalMacs());
        assertThat(r.notes()).noneMatch(n -> n.contains("differ"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void stageMacsMatchTorchPerModuleCountsAndStagesAddUpToTotals(String file, String[] args)
            throws IOException {
        PythonFixtures.Export e = PythonFixtures.export(file, args);

        InspectionReport r = ModelInspector.inspect(e.onnx());

        assertThat(r.stages())
                .extracting(StageSummary::name)
                .containsExactly("stem", "layer1", "layer2", "layer3", "layer4", "head");
        for (StageSummary s : r.stages()) {
            assertThat(s.macs()).as(s.name()).isEqualTo(e.nested("stage_macs", s.name()));
        }
        assertThat(r.stages().stream().mapToLong(StageSummary::params).sum())
                .isEqualTo(r.initializerParams());
        assertThat(r.stages().stream().mapToLong(StageSummary::macs).sum())
                .isEqualTo(r.totalMacs());
        assertThat(r.layers().stream().mapToLong(LayerRow::macs).sum()).isEqualTo(r.totalMacs());
        assertThat(r.stage("head").outputShape().toString()).isEqualTo("batchx10");
        // The fc weights; the head's other initializers are small int64 shapes/axes (dynamo).
        LayerRow fc = r.layers().stream().filter(l -> l.opType().equals("Gemm")).findFirst().get();
        assertThat(fc.params()).isEqualTo(e.nested("stage_params", "head"));
        assertThat(fc.stage()).isEqualTo("head");
        assertThat(r.stage("layer4").outputShape().dim(1).factor()).isEqualTo(256);
    }
}
