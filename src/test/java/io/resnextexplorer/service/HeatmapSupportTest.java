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
    void stageMapsAreComputedInTheGraphAndEqualTheMeanOfTheFullActivation(String file)
            throws Exception {
        Path path = ExportedModels.fixture(file);
        java.util.Map<String, String> raw =
                io.resnextexplorer.onnx.HeadFinder.find(
                                io.resnextexplorer.onnx.OnnxGraphReader.read(path))
                        .head()
                        .stageOutputs();
        try (LoadedModel model = service.load(path, ExecutionProvider.CPU);
                io.resnextexplorer.inference.OnnxClassifier full =
                        io.resnextexplorer.inference.OnnxClassifier.open(
                                path,
                                io.resnextexplorer.onnx.ExtraOutputs.fragment(
                                        List.copyOf(raw.values()), List.of(), 18),
                                ExecutionProvider.CPU,
                                io.resnextexplorer.inference.InferenceOptions.defaults())) {
            var spec = model.info().preprocess();
            float[] input = model.preprocessor().preprocess(service.decode(IMAGE).image());
            for (String stage : model.heatmap().stages()) {
                String fetched = model.info().outputRoles().name(HeatmapLoader.STAGE_ROLE + stage);
                // What one classification copies out of ONNX Runtime is one channel per stage.
                assertThat(model.classifier().signature().outputs()).containsKey(fetched);
                Tensor mean =
                        model.classifier()
                                .run(
                                        input,
                                        1,
                                        spec.inputHeight(),
                                        spec.inputWidth(),
                                        List.of(fetched))
                                .get(fetched);
                assertThat(mean.shape()[1]).as(stage).isEqualTo(1);
                Tensor activation =
                        full.run(
                                        input,
                                        1,
                                        spec.inputHeight(),
                                        spec.inputWidth(),
                                        List.of(raw.get(stage)))
                                .get(raw.get(stage));
                assertThat(activation.shape()[1]).as(stage).isGreaterThan(1);
                float[] expected =
                        io.resnextexplorer.heatmap.CamMaps.channelMean(activation, stage).values();
                assertThat(mean.data()).as(stage).hasSameSizeAs(expected);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(mean.data()[i])
                            .as("%s[%d]", stage, i)
                            .isCloseTo(
                                    expected[i],
                                    org.assertj.core.data.Offset.offset(
                                            1e-5f * (1 + Math.abs(expected[i]))));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_bicubic_095.onnx", "tiny_plain.onnx"})
    void theOptimizedCopyWithTheExtraOutputsGivesExactlyTheSameResult(
            String file, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        var options =
                io.resnextexplorer.inference.InferenceOptions.defaults()
                        .withOptimizedModels(tmp.resolve("cache"));
        Path path = ExportedModels.fixture(file);
        Classification plain;
        try (LoadedModel model = service.load(path, ExecutionProvider.CPU)) {
            plain = service.classify(model, IMAGE, 5, true);
        }
        service.load(path, ExecutionProvider.CPU, options).close();
        try (LoadedModel model = service.load(path, ExecutionProvider.CPU, options)) {
            assertThat(model.classifier().fromOptimizedCopy()).isTrue();
            assertThat(model.heatmap().stages()).hasSize(5);
            Classification c = service.classify(model, IMAGE, 5, true);
            assertThat(c.logits()).containsExactly(plain.logits());
            assertThat(c.outputs().keySet()).isEqualTo(plain.outputs().keySet());
            for (String role : plain.outputs().keySet()) {
                assertThat(c.outputs().get(role).data())
                        .as(role)
                        .containsExactly(plain.outputs().get(role).data());
            }
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
