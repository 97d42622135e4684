package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code info}: metadata and graph figures for any ONNX file, clear errors for broken ones. */
class InfoCommandTest {
    @TempDir Path tmp;

    private static final Path MODEL = ExportedModels.fixture("tiny_bicubic_095.onnx");

    @Test
    void layersListStagesAndEveryCountedLayerWithTotalsFromTheGraph() {
        CliRunner r = CliRunner.run("info", "--model", MODEL.toString(), "--layers");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Interpolation:  bicubic")
                .contains("UNTRAINED")
                .contains("stem")
                .contains("layer4")
                .contains("head")
                .contains("total")
                .contains("Conv");
    }

    @Test
    void jsonCarriesGraphTotalsEqualToTheExportersReference() throws Exception {
        CliRunner r = CliRunner.run("info", "--model", MODEL.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode manifest =
                new ObjectMapper()
                        .readTree(
                                ExportedModels.projectRoot()
                                        .resolve("src/test/resources/fixtures/manifest.json")
                                        .toFile());
        JsonNode tiny = manifest.get("models").get(0);
        assertThat(tiny.get("id").asText()).isEqualTo("tiny_bicubic_095");
        assertThat(root.at("/graph/total_macs").asLong())
                .isEqualTo(tiny.at("/reference/torch_flop_counter_flops").asLong() / 2)
                .isEqualTo(root.get("source_macs").asLong());
        assertThat(root.at("/graph/initializer_params").asLong())
                .isEqualTo(tiny.at("/reference/onnx_initializer_params").asLong());
        assertThat(root.at("/model/opset").asLong()).isPositive();
    }

    @Tag("python")
    @Test
    void anOnnxThatIsNotAClassifierIsStillInspected() throws Exception {
        Path model = ExportedModels.matMulOnlyOnnx(tmp.resolve("mlp.onnx"));
        CliRunner r = CliRunner.run("info", "--model", model.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Classifier:     no").contains("not an image classifier");
        assertThat(r.out()).contains("80"); // 2 x 4 x 10 MACs of the MatMul
    }

    @Test
    void aTruncatedModelIsReportedAsTruncated() throws Exception {
        byte[] bytes = Files.readAllBytes(MODEL);
        Path cut = Files.write(tmp.resolve("cut.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        CliRunner r = CliRunner.run("info", "--model", cut.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("truncated");
        assertThat(r.out() + r.err()).doesNotContain("\tat ");
    }

    @Test
    void aTextFileIsNotAnOnnxModel() throws Exception {
        Path text = Files.writeString(tmp.resolve("readme.onnx"), "just words\n");
        CliRunner r = CliRunner.run("info", "--model", text.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not an ONNX model");
    }
}
