package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.inference.OnnxClassifier;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs get a sentence, not a stack trace, and the right exit code. */
class CliErrorsTest {
    @TempDir Path tmp;

    private static final Path MODEL = ExportedModels.fixture("tiny_bicubic_095.onnx");

    private static Path image() {
        return ExportedModels.projectRoot()
                .resolve("src/test/resources/fixtures/images/chelsea.png");
    }

    private static void noStackTrace(CliRunner r) {
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingModelFileExitsTwoWithMessage() {
        CliRunner r =
                CliRunner.run(
                        "classify",
                        "--model",
                        tmp.resolve("nope.onnx").toString(),
                        image().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("model file not found");
        noStackTrace(r);
    }

    @Test
    void nonOnnxModelFileExitsTwoWithMessage() throws Exception {
        Path fake =
                Files.writeString(
                        tmp.resolve("fake.onnx"), "this is not a model", StandardCharsets.UTF_8);
        CliRunner r = CliRunner.run("classify", "--model", fake.toString(), image().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not an ONNX model");
        noStackTrace(r);
    }

    @Tag("python")
    @Test
    void onnxWithoutImageInputIsRejectedAsNotAnImageClassifier() throws Exception {
        Path model = ExportedModels.matMulOnlyOnnx(tmp.resolve("mlp.onnx"));
        CliRunner r = CliRunner.run("classify", "--model", model.toString(), image().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not an image classifier").contains("4-D");
        noStackTrace(r);
    }

    @Test
    void badImagesFailAloneAndTheOthersAreStillClassified() throws Exception {
        Path text =
                Files.writeString(
                        tmp.resolve("notes.jpg"), "hello, not a picture\n", StandardCharsets.UTF_8);
        Path truncated = tmp.resolve("cut.png");
        byte[] png = Files.readAllBytes(image());
        Files.write(truncated, java.util.Arrays.copyOf(png, png.length / 3));
        Path missing = tmp.resolve("missing.png");
        CliRunner r =
                CliRunner.run(
                        "classify",
                        "--model",
                        MODEL.toString(),
                        "--json",
                        text.toString(),
                        image().toString(),
                        truncated.toString(),
                        missing.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("ok").asBoolean()).isFalse();
        assertThat(results.get(0).get("error").asText()).contains("not an image");
        assertThat(results.get(1).get("ok").asBoolean()).isTrue();
        assertThat(results.get(1).get("top")).hasSize(5);
        assertThat(results.get(2).get("ok").asBoolean()).isFalse();
        assertThat(results.get(3).get("error").asText()).contains("does not exist");
        noStackTrace(r);
    }

    @Test
    void unknownProviderIsBadUsage() {
        CliRunner r =
                CliRunner.run(
                        "classify",
                        "--model",
                        MODEL.toString(),
                        "--provider",
                        "tpu",
                        image().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cpu or cuda");
    }

    @Test
    void cudaRequestOnTheCpuBuildFallsBackAndSaysWhy() throws Exception {
        // With -Pgpu the CUDA provider exists and may really run: this test is about the CPU build.
        assumeFalse(OnnxClassifier.cudaInThisBuild(), "ONNX Runtime here was built with CUDA");
        CliRunner r =
                CliRunner.run(
                        "classify",
                        "--model",
                        MODEL.toString(),
                        "--provider",
                        "cuda",
                        "--json",
                        image().toString());
        assertThat(r.exitCode()).isZero();
        JsonNode model = new ObjectMapper().readTree(r.out()).at("/models/0");
        assertThat(model.get("provider").asText()).isEqualTo("CPU");
        assertThat(model.get("provider_requested").asText()).isEqualTo("CUDA");
        assertThat(model.get("note").asText()).contains("CPU");
    }

    @Test
    void infoDescribesTheFixtureWithItsPreprocessing() throws Exception {
        CliRunner r = CliRunner.run("info", "--model", MODEL.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.at("/preprocess/interpolation").asText()).isEqualTo("bicubic");
        assertThat(root.at("/preprocess/crop_pct").asDouble()).isEqualTo(0.95);
        assertThat(root.at("/model/weights/untrained").asBoolean()).isTrue();
        assertThat(root.get("defaulted")).isEmpty();
    }
}
