package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four reference variants, exported full size with random-init weights by onnx-export during
 * the test run, classified through the CLI and compared number by number with timm's own pipeline
 * on the same weights (onnx-export/reference.py: PIL resize, center crop, normalize, torch).
 */
@Tag("python")
@Tag("slow")
class SeedModelsThroughCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Path> images() throws IOException {
        try (Stream<Path> s =
                Files.list(
                        ExportedModels.projectRoot()
                                .resolve("src/test/resources/fixtures/images"))) {
            List<Path> images = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            assertThat(images).hasSizeGreaterThanOrEqualTo(4);
            return images;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "resnext50_32x4d",
                "tv_resnext50_32x4d",
                "resnext50d_32x4d",
                "resnext101_32x8d"
            })
    void cliEqualsTimmOnTheSameWeightsAndFlagsThemUntrained(String id) throws Exception {
        Path model = ExportedModels.seed(id);
        List<Path> images = images();

        List<String> args =
                new ArrayList<>(
                        List.of(
                                "classify",
                                "--model",
                                model.toString(),
                                "--json",
                                "--with-logits"));
        images.forEach(p -> args.add(p.toString()));
        CliRunner cli = CliRunner.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode ours = JSON.readTree(cli.out());

        List<String> ref =
                new ArrayList<>(
                        List.of(
                                ExportedModels.python(),
                                ExportedModels.projectRoot()
                                        .resolve("onnx-export/reference.py")
                                        .toString(),
                                id,
                                "--random-init",
                                "0"));
        images.forEach(p -> ref.add(p.toString()));
        JsonNode timm = JSON.readTree(ExportedModels.run(ref, 20));

        assertThat(ours.at("/models/0/weights/kind").asText()).isEqualTo("random-init");
        assertThat(ours.at("/models/0/weights/untrained").asBoolean()).isTrue();
        assertThat(ours.at("/models/0/note").asText()).contains("UNTRAINED");
        // Every record carries the weights origin too, so a pasted record is never a prediction.
        ours.get("results")
                .forEach(
                        r -> {
                            assertThat(r.at("/weights/kind").asText()).isEqualTo("random-init");
                            assertThat(r.at("/weights/untrained").asBoolean()).isTrue();
                        });

        double maxLogit = 0;
        double maxProb = 0;
        for (int i = 0; i < images.size(); i++) {
            JsonNode a = ours.get("results").get(i);
            JsonNode b = timm.get("results").get(i);
            assertThat(a.get("ok").asBoolean()).isTrue();
            JsonNode la = a.get("logits");
            JsonNode lb = b.get("logits");
            assertThat(la.size()).isEqualTo(1000).isEqualTo(lb.size());
            for (int k = 0; k < la.size(); k++) {
                maxLogit =
                        Math.max(maxLogit, Math.abs(la.get(k).asDouble() - lb.get(k).asDouble()));
            }
            for (int r = 0; r < 5; r++) {
                assertThat(a.get("top").get(r).get("index").asInt())
                        .as("rank %d of %s", r + 1, images.get(i).getFileName())
                        .isEqualTo(b.get("top").get(r).get("index").asInt());
                assertThat(a.get("top").get(r).get("label").asText())
                        .isEqualTo(b.get("top").get(r).get("label").asText());
                maxProb =
                        Math.max(
                                maxProb,
                                Math.abs(
                                        a.get("top").get(r).get("probability").asDouble()
                                                - b.get("top")
                                                        .get(r)
                                                        .get("probability")
                                                        .asDouble()));
            }
        }
        System.out.printf(
                "%s through the CLI vs timm on %d images: max |logit diff| %.3g, max |top-5 probability diff| %.3g%n",
                id, images.size(), maxLogit, maxProb);
        assertThat(maxLogit).isLessThanOrEqualTo(1e-4);
        // Softmax moves a probability by at most 2 p max|dlogit|, so logits within 1e-4 bound the
        // probabilities within 2e-4.
        assertThat(maxProb).isLessThanOrEqualTo(2e-4);

        CliRunner text =
                CliRunner.run("classify", "--model", model.toString(), images.get(0).toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("UNTRAINED").contains("not predictions");
    }
}
