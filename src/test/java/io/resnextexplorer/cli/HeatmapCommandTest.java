package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heatmap subcommand on the committed tiny fixtures (untrained weights, as flagged). */
class HeatmapCommandTest {
    @TempDir Path tmp;

    private static String fixture(String name) {
        return ExportedModels.fixture(name).toString();
    }

    private static String image(String name) {
        return ExportedModels.projectRoot()
                .resolve("src/test/resources/fixtures/images/" + name)
                .toString();
    }

    @Test
    void writesAnOverlayOfTheImagesSizeAndTheRawMapAtItsOwnResolution() throws Exception {
        Path png = tmp.resolve("overlay.png");
        Path npy = tmp.resolve("map.npy");
        CliRunner r =
                CliRunner.run(
                        "heatmap",
                        "--model",
                        fixture("tiny_bicubic_095.onnx"),
                        "--class",
                        "3",
                        "--out",
                        png.toString(),
                        "--raw",
                        npy.toString(),
                        image("chelsea.png"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("class 3:")
                .contains("map 2x2")
                .contains("check: mean of the map before ReLU")
                .contains("untrained weights");
        BufferedImage overlay = ImageIO.read(png.toFile());
        BufferedImage source = ImageIO.read(Path.of(image("chelsea.png")).toFile());
        assertThat(overlay.getWidth()).isEqualTo(source.getWidth());
        assertThat(overlay.getHeight()).isEqualTo(source.getHeight());
        byte[] bytes = Files.readAllBytes(npy);
        assertThat(new String(bytes, 1, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("NUMPY");
        int headerLen =
                ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(bytes.length - 10 - headerLen).isEqualTo(4 * 2 * 2);
        // Atomic writes leave no temporary files behind.
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("overlay.png", "map.npy");
        }
    }

    @Test
    void jsonIsClassifysRecordWithAHeatmapAndTheUntrainedFlag() throws Exception {
        Path png = tmp.resolve("o.png");
        Path csv = tmp.resolve("m.csv");
        CliRunner r =
                CliRunner.run(
                        "heatmap",
                        "--model",
                        fixture("tiny_plain.onnx"),
                        "--method",
                        "stage:layer1",
                        "--colormap",
                        "viridis",
                        "--json",
                        "--out",
                        png.toString(),
                        "--raw",
                        csv.toString(),
                        image("coffee.png"),
                        image("rocket.png"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("schema_version").asInt()).isEqualTo(1);
        JsonNode first = root.get("results").get(0);
        assertThat(first.get("ok").asBoolean()).isTrue();
        assertThat(first.get("top")).hasSize(5);
        JsonNode h = first.get("heatmap");
        assertThat(h.get("method").asText()).isEqualTo("stage:layer1");
        assertThat(h.get("width").asInt()).isEqualTo(16);
        assertThat(h.get("overlay").asText()).endsWith("o-coffee.png");
        assertThat(Files.readAllLines(tmp.resolve("m-rocket.csv"))).hasSize(16);
        assertThat(Files.exists(tmp.resolve("o-rocket.png"))).isTrue();
    }

    @Test
    void badChoicesAreRefusedInOneLineWithExitCodeTwo() {
        CliRunner method =
                CliRunner.run(
                        "heatmap",
                        "--model",
                        fixture("tiny_plain.onnx"),
                        "--method",
                        "gradcam++",
                        "--out",
                        tmp.resolve("x.png").toString(),
                        image("coffee.png"));
        assertThat(method.exitCode()).isEqualTo(2);
        assertThat(method.err()).contains("unknown heatmap method 'gradcam++'");
        CliRunner label =
                CliRunner.run(
                        "heatmap",
                        "--model",
                        fixture("tiny_plain.onnx"),
                        "--label",
                        "zebra",
                        "--out",
                        tmp.resolve("x.png").toString(),
                        image("coffee.png"));
        assertThat(label.exitCode()).isEqualTo(2);
        assertThat(label.err()).contains("no class is named 'zebra'");
    }

    @Test
    void aBadImageFailsAloneAndTheOthersAreDrawn() throws Exception {
        Path bad = tmp.resolve("broken.png");
        Files.writeString(bad, "not an image");
        CliRunner r =
                CliRunner.run(
                        "heatmap",
                        "--model",
                        fixture("tiny_bicubic_095.onnx"),
                        "--out",
                        tmp.resolve("o.png").toString(),
                        bad.toString(),
                        image("coffee.png"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("error:");
        assertThat(Files.exists(tmp.resolve("o-coffee.png"))).isTrue();
        assertThat(Files.exists(tmp.resolve("o-broken.png"))).isFalse();
    }
}
