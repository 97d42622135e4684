package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.HostileModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that go wrong ({@link HostileModels}) through the CLI: a sentence per item or per model,
 * the right exit code, never a stack trace; {@code info} reads what the graph says without a native
 * session.
 */
class HostileModelsCliTest {
    @TempDir Path tmp;

    private static Path image() {
        return ExportedModels.projectRoot()
                .resolve("src/test/resources/fixtures/images/chelsea.png");
    }

    private static void noStackTrace(CliRunner r) {
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void nanLogitsAreAPerImageErrorWithExitOneAndNoNanInTheOutput() throws Exception {
        for (String kind : new String[] {"nan", "inf"}) {
            CliRunner r =
                    CliRunner.run(
                            "classify",
                            "--json",
                            "--model",
                            HostileModels.write(tmp, kind).toString(),
                            image().toString());
            assertThat(r.exitCode()).as(kind).isEqualTo(1);
            JsonNode result = new ObjectMapper().readTree(r.out()).get("results").get(0);
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("error").asText())
                    .isEqualTo(
                            kind.equals("nan")
                                    ? "the model produced NaN"
                                    : "the model produced an infinite value");
            // No bar, no number: nothing ranked, no NaN or Infinity written as a value.
            assertThat(r.out())
                    .doesNotContain("\"probability\"")
                    .doesNotContainPattern(":\\s*(NaN|-?Infinity)");
            noStackTrace(r);
        }
    }

    @Test
    void notImageClassifiersAreUnusableModelsWithTheReason() {
        CliRunner gray =
                CliRunner.run(
                        "classify",
                        "--model",
                        HostileModels.write(tmp, "gray").toString(),
                        image().toString());
        assertThat(gray.exitCode()).isEqualTo(2);
        assertThat(gray.err()).contains("the input has 1 channels, expected 3");
        CliRunner rank2 =
                CliRunner.run(
                        "classify",
                        "--model",
                        HostileModels.write(tmp, "rank2").toString(),
                        image().toString());
        assertThat(rank2.exitCode()).isEqualTo(2);
        assertThat(rank2.err()).contains("no 4-D image input");
        noStackTrace(gray);
        noStackTrace(rank2);
    }

    @Test
    void aLabelCountThatDoesNotMatchTheOutputsIsRefusedWithBothNumbers() {
        CliRunner r =
                CliRunner.run(
                        "classify",
                        "--model",
                        HostileModels.write(tmp, "labels_mismatch").toString(),
                        image().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("10 names").contains("found 11 entries");
        noStackTrace(r);
    }

    @Test
    void tenClassesWithoutLabelsAreNamedByIndexAndAFixed288InputIsUsed() throws Exception {
        CliRunner ten =
                CliRunner.run(
                        "classify",
                        "--json",
                        "--model",
                        HostileModels.write(tmp, "ten").toString(),
                        image().toString());
        assertThat(ten.exitCode()).isEqualTo(0);
        JsonNode top = new ObjectMapper().readTree(ten.out()).get("results").get(0).get("top");
        assertThat(top).hasSize(5);
        assertThat(top.get(0).get("label").asText()).matches("class [0-9]");

        CliRunner info =
                CliRunner.run(
                        "info",
                        "--json",
                        "--model",
                        HostileModels.write(tmp, "fixed288").toString());
        JsonNode size = new ObjectMapper().readTree(info.out()).get("preprocess").get("input_size");
        assertThat(size.toString()).isEqualTo("[3,288,288]");
        CliRunner dynamic =
                CliRunner.run(
                        "info",
                        "--json",
                        "--model",
                        HostileModels.write(tmp, "dynamic").toString());
        JsonNode d = new ObjectMapper().readTree(dynamic.out());
        assertThat(d.get("preprocess").get("input_size").toString()).isEqualTo("[3,224,224]");
        assertThat(d.get("defaulted").toString()).contains("input_size");
        // Both classify: 288 and 224 inputs are fed at their own sizes.
        for (String kind : new String[] {"fixed288", "dynamic"}) {
            CliRunner r =
                    CliRunner.run(
                            "classify",
                            "--model",
                            HostileModels.write(tmp, kind).toString(),
                            image().toString());
            assertThat(r.exitCode()).as(kind).isEqualTo(0);
        }
    }

    @Test
    void infoReadsAModelTheRuntimeCannotOpenFromItsGraphAlone() throws Exception {
        Path model = HostileModels.write(tmp, "custom_op");
        // ONNX Runtime refuses the unknown operator domain: classify cannot open it ...
        CliRunner classify =
                CliRunner.run("classify", "--model", model.toString(), image().toString());
        assertThat(classify.exitCode()).isEqualTo(2);
        noStackTrace(classify);
        // ... but info describes it as a classifier: no session was needed for what it prints.
        CliRunner info = CliRunner.run("info", "--json", "--model", model.toString());
        assertThat(info.exitCode()).isEqualTo(0);
        JsonNode root = new ObjectMapper().readTree(info.out());
        assertThat(root.get("model").get("num_classes").asInt()).isEqualTo(10);
        assertThat(root.get("model").has("provider")).isFalse();
        CliRunner text = CliRunner.run("info", "--model", model.toString());
        assertThat(text.out()).contains("Classes:        10").doesNotContain("Provider:");
        assertThat(Files.size(model)).isPositive();
    }
}
