package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resnextexplorer.testing.ExportedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code embed} on the four seed variants (full-size random-init exports) equals timm's {@code
 * forward_head(forward_features(x), pre_logits=True)} on the same weights and images
 * (onnx-export/reference.py --features), to float32 noise.
 */
@Tag("python")
@Tag("slow")
class EmbedSeedModelsMatchTimmTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "resnext50_32x4d",
                "tv_resnext50_32x4d",
                "resnext50d_32x4d",
                "resnext101_32x8d"
            })
    void embedEqualsTimmsPreLogitsFeatures(String id) throws Exception {
        Path model = ExportedModels.seed(id);
        List<Path> images = SeedModelsThroughCliTest.images();

        List<String> args = new ArrayList<>(List.of("embed", "--model", model.toString()));
        images.forEach(p -> args.add(p.toString()));
        CliRunner cli = CliRunner.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode ours = JSON.readTree(cli.out());
        assertThat(ours.at("/model/weights/untrained").asBoolean()).isTrue();
        assertThat(ours.get("untrained").asText()).contains("UNTRAINED");

        List<String> ref =
                new ArrayList<>(
                        List.of(
                                ExportedModels.python(),
                                ExportedModels.projectRoot()
                                        .resolve("onnx-export/reference.py")
                                        .toString(),
                                id,
                                "--random-init",
                                "0",
                                "--features"));
        images.forEach(p -> ref.add(p.toString()));
        JsonNode timm = JSON.readTree(ExportedModels.run(ref, 20));

        double maxDiff = 0;
        double maxAbs = 0;
        double sumSq = 0;
        long n = 0;
        for (int i = 0; i < images.size(); i++) {
            JsonNode a = ours.get("rows").get(i).get("embedding");
            JsonNode b = timm.get("results").get(i).get("features");
            assertThat(a.size()).isEqualTo(2048).isEqualTo(b.size());
            for (int k = 0; k < a.size(); k++) {
                double t = b.get(k).asDouble();
                maxDiff = Math.max(maxDiff, Math.abs(a.get(k).asDouble() - t));
                maxAbs = Math.max(maxAbs, Math.abs(t));
                sumSq += t * t;
                n++;
            }
        }
        double rms = Math.sqrt(sumSq / n);
        System.out.printf(
                "%s embed vs timm pre_logits on %d images: max |diff| %.3g, features max %.3g,"
                        + " rms %.3g, max |diff| / rms %.3g%n",
                id, images.size(), maxDiff, maxAbs, rms, maxDiff / rms);
        assertThat(rms).isPositive();
        // The classify fidelity test holds logits to 1e-4; the pooled features feed those logits
        // through one Gemm, so their own noise is no larger relative to their scale.
        assertThat(maxDiff).isLessThanOrEqualTo(1e-4 * Math.max(1, maxAbs));
    }
}
