package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The heatmap subcommand on the four full-size seed variants (random-init exports): a 7x7 CAM whose
 * mean before the ReLU is the logit minus the bias, every stage, and the untrained flag.
 */
@Tag("python")
@Tag("slow")
class SeedHeatmapsThroughCliTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "resnext50_32x4d",
                "resnext50d_32x4d",
                "tv_resnext50_32x4d",
                "resnext101_32x8d"
            })
    void drawsASevenBySevenCamAndEveryStage(String id) throws Exception {
        Path model = ExportedModels.seed(id);
        String image =
                ExportedModels.projectRoot()
                        .resolve("src/test/resources/fixtures/images/astronaut.png")
                        .toString();
        CliRunner cam =
                CliRunner.run(
                        "heatmap",
                        "--model",
                        model.toString(),
                        "--json",
                        "--out",
                        tmp.resolve("cam.png").toString(),
                        "--raw",
                        tmp.resolve("cam.npy").toString(),
                        image);
        assertThat(cam.exitCode()).as(cam.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(cam.out()).get("results").get(0);
        assertThat(r.get("weights").get("untrained").asBoolean()).isTrue();
        JsonNode h = r.get("heatmap");
        assertThat(h.get("width").asInt()).isEqualTo(7);
        assertThat(h.get("class_index").asInt())
                .isEqualTo(r.get("top").get(0).get("index").asInt());
        assertThat(h.get("cam_mean_before_relu").asDouble())
                .isCloseTo(
                        h.get("logit_minus_bias").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-3));
        assertThat(Files.size(tmp.resolve("cam.npy"))).isEqualTo(128 + 49 * 4);
        for (String[] stage :
                new String[][] {
                    {"stem", "56"}, {"layer1", "56"}, {"layer2", "28"}, {"layer3", "14"}
                }) {
            CliRunner s =
                    CliRunner.run(
                            "heatmap",
                            "--model",
                            model.toString(),
                            "--method",
                            "stage:" + stage[0],
                            "--json",
                            "--out",
                            tmp.resolve(stage[0] + ".png").toString(),
                            image);
            assertThat(s.exitCode()).as(s.err()).isZero();
            JsonNode sh = new ObjectMapper().readTree(s.out()).get("results").get(0).get("heatmap");
            assertThat(sh.get("width").asText()).isEqualTo(stage[1]);
        }
    }
}
