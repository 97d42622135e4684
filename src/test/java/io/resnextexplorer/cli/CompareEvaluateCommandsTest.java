package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and evaluate on the committed tiny fixtures (untrained weights, flagged as such). */
class CompareEvaluateCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    private static String model(String name) {
        return ExportedModels.fixture(name).toString();
    }

    private static Path image(String name) {
        return ExportedModels.projectRoot().resolve("src/test/resources/fixtures/images/" + name);
    }

    @Test
    void compareOnOneImageGivesEachModelsRecordAndTheAgreement() throws Exception {
        CliRunner r =
                CliRunner.run(
                        "compare",
                        "--models",
                        model("tiny_bicubic_095.onnx"),
                        model("tiny_bilinear_0875.onnx"),
                        "--json",
                        image("chelsea.png").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("schema_version").asInt()).isEqualTo(1);
        assertThat(root.get("models")).hasSize(2);
        assertThat(root.get("results")).hasSize(2);
        assertThat(root.get("results").get(0).get("weights").get("untrained").asBoolean()).isTrue();
        JsonNode a = root.get("agreement").get(0).get("figures");
        assertThat(a.get("jsd_log_base").asInt()).isEqualTo(2);
        double jsd = a.get("jsd_bits").asDouble();
        assertThat(jsd).isBetween(0.0, 1.0);
        assertThat(a.get("rank_of_top1").get(0).get(0).asInt()).isEqualTo(1);
        assertThat(a.get("top5_overlap").get(0).get(0).asInt()).isEqualTo(5);
        assertThat(a.get("cost").get(0).get("macs").asLong()).isEqualTo(12_040_448L);
        assertThat(a.get("note").asText()).contains("untrained");
        assertThat(root.has("folder")).isFalse();
        // The same top-5 as classify gives for each model.
        CliRunner c =
                CliRunner.run(
                        "classify",
                        "--model",
                        model("tiny_bilinear_0875.onnx"),
                        "--json",
                        image("chelsea.png").toString());
        assertThat(root.get("results").get(1).get("top"))
                .isEqualTo(JSON.readTree(c.out()).get("results").get(0).get("top"));
    }

    @Test
    void compareOnAFolderGivesTheAgreementMatrixAndListsAFailedImage() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("imgs"));
        for (String n : List.of("chelsea.png", "coffee.png", "rocket.png")) {
            Files.copy(image(n), dir.resolve(n));
        }
        // A PNG signature and nothing after it: found as an image, fails to decode.
        Files.write(
                dir.resolve("broken.png"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        CliRunner r =
                CliRunner.run(
                        "compare",
                        "--models",
                        model("tiny_bicubic_095.onnx"),
                        model("tiny_bilinear_0875.onnx"),
                        dir.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(Cli.SOME_FAILED);
        assertThat(r.out())
                .contains("4 images")
                .contains("pairwise top-1 agreement")
                .contains("Jensen-Shannon divergence")
                .contains("untrained weights");
        assertThat(r.err()).contains("1 of 4 images failed");
        CliRunner j =
                CliRunner.run(
                        "compare",
                        "--models",
                        model("tiny_bicubic_095.onnx"),
                        model("tiny_bilinear_0875.onnx"),
                        "--json",
                        dir.toString());
        JsonNode folder = JSON.readTree(j.out()).get("folder");
        assertThat(folder.get("images").asInt()).isEqualTo(4);
        assertThat(folder.get("top1_agreement").get(0).get(0).asDouble()).isEqualTo(1.0);
        assertThat(folder.get("both_classified").get(0).get(1).asInt()).isEqualTo(3);
    }

    @Test
    void compareNeedsTwoToFourModels() {
        CliRunner r =
                CliRunner.run(
                        "compare",
                        "--models",
                        model("tiny_bicubic_095.onnx"),
                        image("chelsea.png").toString());
        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("2 to 4 models");
    }

    @Test
    void evaluateListsUnmatchedFoldersAndFailedImagesAndExitsOne() throws Exception {
        Path dir = tmp.resolve("labelled");
        Files.createDirectories(dir.resolve("class 1"));
        Files.createDirectories(dir.resolve("class_4"));
        Files.createDirectories(dir.resolve("n01440764"));
        Files.createDirectories(dir.resolve("zebra"));
        Files.copy(image("coffee.png"), dir.resolve("class 1/coffee.png"));
        Files.copy(image("rocket.png"), dir.resolve("class_4/rocket.png"));
        Files.copy(image("chelsea.png"), dir.resolve("zebra/chelsea.png"));
        Files.write(
                dir.resolve("class 1/broken.png"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        CliRunner r =
                CliRunner.run(
                        "evaluate", "--model", model("tiny_bicubic_095.onnx"), dir.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(Cli.SOME_FAILED);
        assertThat(r.out())
                .contains("UNTRAINED WEIGHTS")
                .contains("2 matched, 2 unmatched")
                .contains("unmatched n01440764: an ImageNet synset id")
                .contains("unmatched zebra: no class")
                .contains("Images:   2 evaluated, 1 failed")
                .contains("95% Wilson interval");
        assertThat(r.err()).contains("failed: ").contains("broken.png");

        // A class map settles zebra; the JSON has every figure.
        Path map = tmp.resolve("map.tsv");
        Files.writeString(map, "zebra\t7\n", StandardCharsets.UTF_8);
        CliRunner j =
                CliRunner.run(
                        "evaluate",
                        "--model",
                        model("tiny_bicubic_095.onnx"),
                        "--class-map",
                        map.toString(),
                        "--json",
                        dir.toString());
        JsonNode m = JSON.readTree(j.out()).get("models").get(0);
        assertThat(m.get("matched_folders")).hasSize(3);
        assertThat(m.get("matched_folders").get(2).get("via").asText()).isEqualTo("class_map");
        JsonNode e = m.get("evaluation");
        assertThat(e.get("untrained").asBoolean()).isTrue();
        assertThat(e.get("images").asInt()).isEqualTo(3);
        assertThat(e.get("reliability")).hasSize(15);
        assertThat(e.get("confusion_matrix").get("counts")).hasSize(3);
        assertThat(e.get("failures")).hasSize(1);
        assertThat(e.get("interval").asText()).contains("Wilson");
    }

    @Test
    void evaluateWithNoMatchingFolderIsUnusable() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("odd/zebra"));
        Files.copy(image("coffee.png"), dir.resolve("coffee.png"));
        CliRunner r =
                CliRunner.run(
                        "evaluate",
                        "--model",
                        model("tiny_bicubic_095.onnx"),
                        tmp.resolve("odd").toString());
        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("no folder");
        assertThat(r.out()).contains("unmatched zebra");
    }

    @Test
    void compareAndEvaluateJsonKeysAreSnakeCase() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("keys/class 1"));
        Files.copy(image("coffee.png"), dir.resolve("coffee.png"));
        Files.copy(image("rocket.png"), dir.resolve("rocket.png"));
        CliRunner c =
                CliRunner.run(
                        "compare",
                        "--models",
                        model("tiny_bicubic_095.onnx"),
                        model("tiny_bilinear_0875.onnx"),
                        "--json",
                        dir.toString());
        CliRunner e =
                CliRunner.run(
                        "evaluate",
                        "--model",
                        model("tiny_bicubic_095.onnx"),
                        "--json",
                        tmp.resolve("keys").toString());
        for (CliRunner r : List.of(c, e)) {
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> keys = new java.util.ArrayList<>();
            collectKeys(JSON.readTree(r.out()), keys);
            assertThat(keys).isNotEmpty().allMatch(k -> k.matches("[a-z0-9_]+"), "snake_case");
        }
    }

    private static void collectKeys(JsonNode node, List<String> keys) {
        if (node.isObject()) {
            node.properties()
                    .forEach(
                            p -> {
                                keys.add(p.getKey());
                                collectKeys(p.getValue(), keys);
                            });
        } else if (node.isArray()) {
            node.forEach(n -> collectKeys(n, keys));
        }
    }
}
