package io.resnextexplorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.model.OutputRoles;
import io.resnextexplorer.model.Tensor;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Heatmaps on the committed tiny fixtures: our export (logits + features, metadata) and the same
 * graph with no metadata at all. The head is found from the graph, the feature map and stage
 * outputs come out of the one classification run, and the model file is left as it was.
 */
class HeatmapSupportTest {
    private static final Path IMAGE =
            ExportedModels.projectRoot().resolve("src/test/resources/fixtures/images/chelsea.png");

    private final ClassificationService service = new ClassificationService();
    private final HeatmapService heatmaps = new HeatmapService();

    @ParameterizedTest
    @ValueSource(strings = {"tiny_bicubic_095.onnx", "tiny_plain.onnx"})
    void camMeanBeforeReluIsTheLogitMinusItsBiasForEveryClass(String file) throws Exception {
        try (LoadedModel model =
                service.load(ExportedModels.fixture(file), ExecutionProvider.CPU)) {
            assertThat(model.heatmap().available()).as(model.heatmap().reason()).isTrue();
            Classification c = service.classify(model, IMAGE, 5, true);
            for (int cls = 0; cls < model.info().numClasses(); cls++) {
                ActivationMap m = heatmaps.map(model, c, HeatmapMethod.CAM, cls);
                assertThat(m.preReluMean())
                        .as("class %d", cls)
                        .isCloseTo(m.expectedMean(), org.assertj.core.data.Offset.offset(1e-4));
                assertThat(m.values()).doesNotContain(Float.NaN);
            }
            // The sanity figure is not trivially 0 = 0: the logits differ from the biases.
            ActivationMap top = heatmaps.map(model, c, HeatmapMethod.CAM, c.top1().index());
            assertThat(Math.abs(top.expectedMean())).isGreaterThan(0.1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_bicubic_095.onnx", "tiny_plain.onnx"})
    void everyStageAndTheFeatureMapComeFromTheSameRun(String file) throws Exception {
        try (LoadedModel model =
                service.load(ExportedModels.fixture(file), ExecutionProvider.CPU)) {
            assertThat(model.heatmap().stages())
                    .containsExactly("stem", "layer1", "layer2", "layer3", "layer4");
            Classification c = service.classify(model, IMAGE, 5, false);
            Tensor features = c.outputs().get(OutputRoles.FEATURES);
            assertThat(features.shape()).hasSize(4).startsWith(1).endsWith(2, 2);
            int previous = Integer.MAX_VALUE;
            for (String stage : model.heatmap().stages()) {
                ActivationMap m = heatmaps.map(model, c, HeatmapMethod.stage(stage), -1);
                // A 64 px input: stem /4, then layer2..4 halve it again each.
                assertThat(m.width()).isLessThanOrEqualTo(previous);
                previous = m.width();
                assertThat(m.drawable()).as(stage).isTrue();
            }
            assertThat(heatmaps.map(model, c, HeatmapMethod.stage("stem"), -1).width())
                    .isEqualTo(16);
            ActivationMap eigen = heatmaps.map(model, c, HeatmapMethod.EIGEN_CAM, -1);
            assertThat(eigen.width()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_bicubic_095.onnx", "tiny_plain.onnx"})
    void theModelFileIsNeitherChangedNorCopied(String file) throws Exception {
        Path model = ExportedModels.fixture(file);
        String before = sha256(model);
        List<Path> dirBefore = list(model.getParent());
        try (LoadedModel loaded = service.load(model, ExecutionProvider.CPU)) {
            assertThat(loaded.heatmap().available()).isTrue();
        }
        assertThat(sha256(model)).isEqualTo(before);
        assertThat(list(model.getParent())).isEqualTo(dirBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_bicubic_095.onnx"})
    void aClassOutsideTheModelIsRefusedInWords(String file) throws Exception {
        try (LoadedModel model =
                service.load(ExportedModels.fixture(file), ExecutionProvider.CPU)) {
            Classification c = service.classify(model, IMAGE, 5, false);
            assertThatThrownBy(() -> heatmaps.map(model, c, HeatmapMethod.CAM, 10))
                    .isInstanceOf(HeatmapException.class)
                    .hasMessageContaining("0..9");
            assertThat(heatmaps.classIndex(model.info(), "3")).isEqualTo(3);
            assertThatThrownBy(() -> heatmaps.classIndex(model.info(), "zebra"))
                    .hasMessageContaining("no class is named 'zebra'");
        }
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
