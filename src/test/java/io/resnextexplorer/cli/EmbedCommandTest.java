package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed} on the committed tiny models: rows equal the channel means of torch's own feature
 * map for the same image (the goldens of make_fixtures.py), the .npy reads as NumPy writes it, and
 * failed images are listed, not rows.
 */
class EmbedCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> IMAGES = List.of("astronaut", "chelsea", "coffee", "rocket");

    @TempDir Path tmp;

    private static Path image(String name) {
        return ExportedModels.fixture("images/" + name + ".png");
    }

    /** torch's feature map [C, h, w] for this image, averaged per channel in double. */
    private static double[] timmPooled(String model, String image, int channels) {
        float[] f = Fixtures.floats("fixtures/golden/" + model + "/" + image + ".features.f32");
        int hw = f.length / channels;
        double[] out = new double[channels];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < hw; k++) {
                out[c] += f[c * hw + k];
            }
            out[c] /= hw;
        }
        return out;
    }

    @Test
    void npyRowsAreTorchsPooledFeaturesInInputOrderAndFailedImagesAreListed() throws Exception {
        Path model = ExportedModels.fixture("tiny_bicubic_095.onnx");
        Path broken = Files.writeString(tmp.resolve("broken.png"), "not an image");
        Path npy = tmp.resolve("emb.npy");

        CliRunner cli =
                CliRunner.run(
                        "embed",
                        "--model",
                        model.toString(),
                        "--out",
                        npy.toString(),
                        image(IMAGES.get(0)).toString(),
                        broken.toString(),
                        image(IMAGES.get(1)).toString(),
                        image(IMAGES.get(2)).toString(),
                        image(IMAGES.get(3)).toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(Cli.SOME_FAILED);
        assertThat(cli.err()).contains("broken.png").contains("1 of 5 images failed");
        assertThat(cli.out()).contains("UNTRAINED").contains("Wrote 4 x 128 float32");

        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertThat(magic[0]).isEqualTo((byte) 0x93);
        assertThat(new String(magic, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        b.get();
        b.get();
        int headerLength = b.getShort();
        byte[] header = new byte[headerLength];
        b.get(header);
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(new String(header, StandardCharsets.US_ASCII))
                .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 128), }")
                .endsWith("\n");
        assertThat(b.remaining()).isEqualTo(4 * 128 * 4);

        double maxDiff = 0;
        for (String name : IMAGES) {
            double[] timm = timmPooled("tiny_bicubic_095", name, 128);
            for (int c = 0; c < 128; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(b.getFloat() - timm[c]));
            }
        }
        assertThat(maxDiff).isLessThan(1e-4);

        JsonNode side = JSON.readTree(npy.resolveSibling("emb.npy.json").toFile());
        assertThat(side.get("rows"))
                .extracting(r -> Path.of(r.get("image").asText()).getFileName().toString())
                .containsExactly("astronaut.png", "chelsea.png", "coffee.png", "rocket.png");
        assertThat(side.at("/failed/0/image").asText()).endsWith("broken.png");
        assertThat(side.at("/failed/0/error").asText()).isNotBlank();
        assertThat(side.at("/model/weights/untrained").asBoolean()).isTrue();
        assertThat(side.get("untrained").asText()).contains("UNTRAINED");
        assertThat(side.get("dimension").asInt()).isEqualTo(128);
    }

    @Test
    void withoutOutTheVectorsComeAsJsonAndAPlainOnnxFileUsesItsGuessedFeatureMap()
            throws Exception {
        CliRunner cli =
                CliRunner.run(
                        "embed",
                        "--model",
                        ExportedModels.fixture("tiny_plain.onnx").toString(),
                        image("chelsea").toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode root = JSON.readTree(cli.out());
        JsonNode v = root.at("/rows/0/embedding");
        assertThat(v.size()).isEqualTo(128);
        // No metadata, so the preprocessing is defaulted (not the goldens' bicubic 0.95): only
        // the shape and that the features are real numbers can be checked here.
        double sum = 0;
        for (JsonNode x : v) {
            assertThat(Double.isFinite(x.asDouble())).isTrue();
            sum += Math.abs(x.asDouble());
        }
        assertThat(sum).isPositive();
    }

    @Test
    void aModelWithoutAFeatureMapIsRefusedInWords() throws Exception {
        Path logitsOnly = ExportedModels.logitsOnlyOnnx(tmp.resolve("logits_only.onnx"));

        CliRunner cli =
                CliRunner.run(
                        "embed", "--model", logitsOnly.toString(), image("chelsea").toString());

        assertThat(cli.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(cli.err()).contains("has no feature-map output").contains("export.py");
    }
}
