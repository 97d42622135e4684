package io.resnextexplorer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.Interpolation;
import io.resnextexplorer.model.ModelInfo;
import io.resnextexplorer.model.WeightsOrigin;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ONNX classifier without our metadata still loads, with stated defaults. */
@Tag("python")
class PlainOnnxModelTest {
    @TempDir Path tmp;

    private Path stripped() {
        Path plain = tmp.resolve("plain.onnx");
        ExportedModels.run(
                List.of(
                        ExportedModels.python(),
                        "-c",
                        "import onnx, sys; m = onnx.load(sys.argv[1]); del m.metadata_props[:];"
                                + " onnx.save(m, sys.argv[2])",
                        ExportedModels.fixture("tiny_bilinear_0875.onnx").toString(),
                        plain.toString()),
                2);
        return plain;
    }

    @Test
    void loadsWithDefaultsAndSaysWhichValuesAreDefaults() throws Exception {
        ClassificationService service = new ClassificationService();
        try (LoadedModel model = service.load(stripped(), ExecutionProvider.CPU)) {
            ModelInfo info = model.info();
            assertThat(info.id()).isEqualTo("plain");
            assertThat(info.schemaVersion()).isZero();
            assertThat(info.weights().kind()).isEqualTo(WeightsOrigin.Kind.UNKNOWN);
            // The graph fixes its input at 56x56: that is the model's own, not a default.
            assertThat(info.preprocess().inputHeight()).isEqualTo(56);
            assertThat(info.preprocess().interpolation()).isEqualTo(Interpolation.BICUBIC);
            assertThat(info.preprocess().cropPct()).isEqualTo(0.875);
            assertThat(info.defaulted())
                    .contains("labels", "interpolation", "crop_pct", "mean", "std")
                    .doesNotContain("input_size");
            assertThat(info.labels()).hasSize(10).startsWith("class 0");
            Classification c =
                    service.classify(
                            model,
                            ExportedModels.projectRoot()
                                    .resolve("src/test/resources/fixtures/images/coffee.png"),
                            3,
                            false);
            assertThat(c.top()).hasSize(3);
            assertThat(c.top().get(0).probability()).isBetween(0.0, 1.0);
        }
    }
}
