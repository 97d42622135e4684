package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The int8 variant of the tiny fixture, written by onnx-export/quantize.py in the test: info names
 * its quantization beside the fp32's weights origin, and compare puts it beside its fp32 export
 * with each model's speed in the run and their top-1 agreement.
 */
@Tag("python")
class Int8VariantCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path tmp;
    static Path fp32;
    static Path int8;

    @BeforeAll
    static void quantize() {
        fp32 = ExportedModels.fixture("tiny_bicubic_095.onnx");
        int8 = ExportedModels.int8(fp32, tmp.resolve("tiny_bicubic_095-int8.onnx"));
    }

    @Test
    void infoShowsItsOwnIdTheFp32WeightsOriginAndHowItWasQuantized() {
        CliRunner r = CliRunner.run("info", "--model", int8.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Model:          tiny_bicubic_095-int8")
                .contains("UNTRAINED random-init weights (seed 0)")
                .contains(
                        "Quantization:   int8 (static, per-channel U8S8 QDQ, calibrated on 8"
                                + " bundled images)");
        CliRunner f = CliRunner.run("info", "--model", fp32.toString());
        assertThat(f.out()).doesNotContain("Quantization:");
    }

    @Test
    void compareOnAFolderPutsInt8BesideFp32WithSpeedAndTop1Agreement() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("imgs"));
        for (String n : List.of("chelsea.png", "coffee.png", "rocket.png", "astronaut.png")) {
            Files.copy(
                    ExportedModels.projectRoot().resolve("src/test/resources/fixtures/images/" + n),
                    dir.resolve(n));
        }

        CliRunner text =
                CliRunner.run(
                        "compare", "--models", fp32.toString(), int8.toString(), dir.toString());
        CliRunner json =
                CliRunner.run(
                        "compare",
                        "--models",
                        fp32.toString(),
                        int8.toString(),
                        "--json",
                        dir.toString());

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("quantization: int8 (static, per-channel U8S8 QDQ")
                .contains("pairwise top-1 agreement:")
                .contains("median inference per image, this run:")
                .containsPattern("B [0-9.]+ ms \\([0-9.]+x A's speed\\)  tiny_bicubic_095-int8");
        JsonNode folder = JSON.readTree(json.out()).get("folder");
        assertThat(folder.get("models").get(1).asText()).isEqualTo("tiny_bicubic_095-int8");
        assertThat(folder.get("top1_agreement").get(0).get(1).asDouble()).isBetween(0.0, 1.0);
        assertThat(folder.get("median_inference_ms")).hasSize(2);
        for (JsonNode ms : folder.get("median_inference_ms")) {
            assertThat(ms.asDouble()).isPositive();
        }
    }
}
