package io.resnextexplorer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pooled linear head is found from the graph alone in every exporter's form of the tiny ResNeXt
 * (TorchScript GlobalAveragePool + Flatten + Gemm, dynamo ReduceMean + Reshape + Gemm, the deep
 * stem, a wrapper module, external data, no metadata), and refused in one line for graphs without
 * one (ConvNeXt's pool feeds a norm, a ViT has no 2-D pool).
 */
@Tag("python")
class HeadFinderTest {
    static Stream<Arguments> resnets() {
        return Stream.of(
                Arguments.of("tiny_legacy.onnx", new String[] {"--model", "tiny", "--size", "64"}),
                Arguments.of(
                        "tiny_plain.onnx",
                        new String[] {"--model", "tiny", "--size", "64", "--plain"}),
                Arguments.of(
                        "tiny_dynamo.onnx",
                        new String[] {"--model", "tiny", "--size", "64", "--dynamo"}),
                Arguments.of(
                        "tiny_d_legacy.onnx", new String[] {"--model", "tiny_d", "--size", "72"}),
                Arguments.of(
                        "tiny_wrapped_dynamo.onnx",
                        new String[] {"--model", "tiny", "--size", "64", "--dynamo", "--wrap"}),
                Arguments.of(
                        "tiny_external.onnx",
                        new String[] {
                            "--model", "tiny", "--size", "64", "--dynamo", "--external-data"
                        }));
    }

    @ParameterizedTest
    @MethodSource("resnets")
    void findsThePoolTheClassifierWeightsAndEveryStageOutput(String file, String[] args)
            throws IOException {
        PythonFixtures.Export e = PythonFixtures.export(file, args);
        OnnxModel graph = OnnxGraphReader.read(e.onnx());
        ClassifierHead.Search s = HeadFinder.find(graph);
        assertThat(s.found()).as(s.reason()).isTrue();
        ClassifierHead h = s.head();
        assertThat(h.linearOp()).isEqualTo("Gemm");
        assertThat(h.weightName()).endsWith("fc.weight");
        assertThat(h.weightClassesFirst()).isTrue();
        assertThat(h.stageOutputs().keySet())
                .containsExactly("stem", "layer1", "layer2", "layer3", "layer4");
        assertThat(h.stageOutputs().get("layer4")).isEqualTo(h.featureTensor());
        // The feature tensor is what the pool reads.
        assertThat(graph.nodes())
                .filteredOn(n -> n.opType().equals(h.poolOp()))
                .anySatisfy(n -> assertThat(n.inputs().get(0)).isEqualTo(h.featureTensor()));

        Map<String, float[]> v =
                InitializerValues.readFloats(
                        e.onnx(), Set.of(h.weightName(), h.biasName()), 1 << 20);
        assertThat(v.get(h.weightName())).hasSize(10 * 256);
        assertThat(v.get(h.biasName())).hasSize(10);
        float sum = 0;
        for (float w : v.get(h.weightName())) {
            assertThat(Float.isFinite(w)).isTrue();
            sum += Math.abs(w);
        }
        assertThat(sum).isGreaterThan(0);
    }

    @Test
    void modelsWithoutAPooledLinearHeadSaySoAndStillClassify() throws Exception {
        PythonFixtures.Export convnext =
                PythonFixtures.export(
                        "convnext_atto_dynamo.onnx",
                        "--model",
                        "convnext_atto",
                        "--size",
                        "64",
                        "--dynamo",
                        "--export-batch",
                        "2");
        PythonFixtures.Export vit =
                PythonFixtures.export(
                        "vit_tiny_legacy.onnx", "--model", "vit_tiny", "--size", "32");
        assertThat(HeadFinder.find(OnnxGraphReader.read(convnext.onnx())).reason())
                .contains("not a linear layer");
        assertThat(HeadFinder.find(OnnxGraphReader.read(vit.onnx())).reason())
                .isEqualTo("no global average pool over a 2-D feature map in the graph");

        ClassificationService service = new ClassificationService();
        try (LoadedModel m = service.load(vit.onnx(), ExecutionProvider.CPU)) {
            assertThat(m.heatmap().available()).isFalse();
            assertThat(m.heatmap().reason()).contains("no global average pool");
            Classification c =
                    service.classify(
                            m,
                            ExportedModels.projectRoot()
                                    .resolve("src/test/resources/fixtures/images/coffee.png"),
                            3,
                            false);
            assertThat(c.top()).hasSize(3);
        }
    }
}
