package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.onnx.OnnxGraphReader;
import io.resnextexplorer.onnx.OnnxModel;
import io.resnextexplorer.onnx.OnnxNode;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.service.LogisticRegression;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linear probe end to end on the committed tiny model: a folder of two colour classes, features
 * extracted once, a head trained and written; the new file loads in ONNX Runtime, its logits are
 * its features x W + b, and it says how it was made (and that its base is untrained).
 */
public class HeadTrainerTest {
    @TempDir Path tmp;

    /** Two classes of checkerboards: reds and blues, 8 shades each. */
    public static Path colourClasses(Path root) throws Exception {
        for (String cls : List.of("blue", "red")) {
            Path d = Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < 8; i++) {
                int shade = 130 + 15 * i;
                int rgb =
                        cls.equals("red")
                                ? shade << 16 | (20 + 5 * i) << 8
                                : (20 + 5 * i) << 8 | shade;
                TestImages.png(d.resolve(cls + i + ".png"), 70 + 3 * i, 64 + 2 * i, rgb);
            }
        }
        return root;
    }

    @Test
    void aTrainedHeadIsWrittenAsItsOwnModelWhoseLogitsAreFeaturesTimesWPlusB() throws Exception {
        Path folder = colourClasses(tmp.resolve("data"));
        Path base = ExportedModels.fixture("tiny_bicubic_095.onnx");
        Path out = tmp.resolve("colours.onnx");
        HeadTrainer.Report report;
        List<Integer> progress = new ArrayList<>();
        try (SessionCore core = SessionCore.withDefaults()) {
            LoadedModel m = core.load(base, ExecutionProvider.CPU);
            HeadTrainer.Dataset data = HeadTrainer.scan(folder);
            assertThat(data.classes()).containsExactly("blue", "red");
            report =
                    HeadTrainer.train(
                            core,
                            m,
                            data,
                            LogisticRegression.Settings.defaults(),
                            (done, total) -> progress.add(done));
            HeadTrainer.write(report, m, out, "test");
        }
        assertThat(progress).hasSize(16).endsWith(16);
        assertThat(report.fit().validationAccuracy()).isEqualTo(1.0);
        assertThat(report.imagesPerClass()).containsExactly(8, 8);
        assertThat(HeadTrainer.summary(report))
                .contains("Validation accuracy 100.0 %")
                .contains("Confusion matrix")
                .contains("UNTRAINED base weights");

        ClassificationService service = new ClassificationService();
        try (LoadedModel probe = service.load(out, ExecutionProvider.CPU)) {
            assertThat(probe.info().id()).isEqualTo("colours");
            assertThat(probe.info().labels()).containsExactly("blue", "red");
            assertThat(probe.info().weights().untrained()).isTrue();
            assertThat(probe.info().weights().summary())
                    .contains("linear probe")
                    .contains("2 classes")
                    .contains("UNTRAINED");
            assertThat(probe.info().card()).isNull();
            // GAP + linear head: the heatmap code finds it like any classifier's.
            assertThat(probe.heatmap().available()).as(probe.heatmap().reason()).isTrue();
            double maxDiff = 0;
            for (String cls : List.of("blue", "red")) {
                for (int i = 0; i < 8; i++) {
                    Path img = folder.resolve(cls).resolve(cls + i + ".png");
                    Classification c =
                            service.classify(
                                    probe,
                                    service.decode(img).image(),
                                    2,
                                    true,
                                    List.of(Classification.EMBEDDING));
                    float[] e = c.embedding();
                    for (int k = 0; k < 2; k++) {
                        double expected =
                                LogisticRegression.logit(
                                        report.fit().weight()[k], report.fit().bias()[k], e);
                        maxDiff = Math.max(maxDiff, Math.abs(expected - c.logits()[k]));
                    }
                    assertThat(c.top1().label()).isEqualTo(cls);
                }
            }
            assertThat(maxDiff).isLessThan(1e-4);
        }

        OnnxModel g = OnnxGraphReader.read(out);
        assertThat(g.outputs()).extracting(t -> t.name()).containsExactly("logits", "features");
        List<String> ops = g.nodes().stream().map(OnnxNode::opType).toList();
        assertThat(ops.subList(ops.size() - 3, ops.size()))
                .containsExactly("GlobalAveragePool", "Flatten", "Gemm");
        // The old head is gone: one Gemm, and no initializer of the old classifier.
        assertThat(ops.stream().filter("Gemm"::equals).count()).isEqualTo(1);
        JsonNode w = new ObjectMapper().readTree(g.metadata().get("resnext_explorer.weights"));
        assertThat(w.get("kind").asText()).isEqualTo("linear-probe");
        assertThat(w.get("base_model").asText()).isEqualTo("tiny_bicubic_095");
        assertThat(w.at("/base_weights/kind").asText()).isEqualTo("random-init");
        assertThat(w.at("/images_per_class/red").asInt()).isEqualTo(8);
        assertThat(w.get("validation_accuracy").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aFolderWithoutTwoClassesOrAModelWithoutFeaturesIsRefusedInWords() throws Exception {
        Path one = Files.createDirectories(tmp.resolve("one/only"));
        TestImages.png(one.resolve("a.png"), 40, 40, 0xff0000);
        TestImages.png(one.resolve("b.png"), 40, 40, 0x00ff00);
        assertThatThrownBy(() -> HeadTrainer.scan(tmp.resolve("one")))
                .hasMessageContaining("at least 2 sub-folders");

        Path folder = colourClasses(tmp.resolve("data"));
        Path logitsOnly = ExportedModels.logitsOnlyOnnx(tmp.resolve("plain.onnx"));
        try (SessionCore core = SessionCore.withDefaults()) {
            LoadedModel m = core.load(logitsOnly, ExecutionProvider.CPU);
            assertThatThrownBy(
                            () ->
                                    HeadTrainer.train(
                                            core,
                                            m,
                                            HeadTrainer.scan(folder),
                                            LogisticRegression.Settings.defaults(),
                                            (a, b) -> {}))
                    .hasMessageContaining("has no feature-map output");
        }
    }
}
