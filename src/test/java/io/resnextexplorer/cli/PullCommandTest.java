package io.resnextexplorer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.HubTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pull} against a local Hub-shaped server (the committed tiny fixtures). */
class PullCommandTest {
    private static final Path HUB =
            ExportedModels.projectRoot().resolve("src/test/resources/fixtures/hub/hub");

    @TempDir Path out;

    @Test
    void pullsModelsPrintsTheirFilesAndProgressOnStderr() throws Exception {
        try (HubTestServer hub = new HubTestServer(HUB)) {
            CliRunner r =
                    CliRunner.run(
                            "pull",
                            "resnet18.tiny_test",
                            "timm/resnext50d_32x4d.tiny_test",
                            "--endpoint",
                            hub.endpoint(),
                            "--out",
                            out.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Cli.OK);
            assertThat(r.out().lines())
                    .containsExactly(
                            out.resolve("resnet18.tiny_test.onnx").toString(),
                            out.resolve("resnext50d_32x4d.tiny_test.onnx").toString());
            assertThat(r.err())
                    .contains("model.safetensors")
                    .contains("MB")
                    .contains("at commit " + HubTestServer.COMMIT)
                    .contains("78,216 parameters");
        }
        // The pulled file classifies through the usual command.
        CliRunner c =
                CliRunner.run(
                        "classify",
                        "--model",
                        out.resolve("resnet18.tiny_test.onnx").toString(),
                        ExportedModels.fixture("images/chelsea.png").toString());
        assertThat(c.exitCode()).as(c.err()).isEqualTo(Cli.OK);
        assertThat(c.out() + c.err()).containsIgnoringCase("untrained");
    }

    /**
     * All four card ids through their own Hub repos. The repos hold tiny weights of each card's
     * architecture family (timm model_args shrink the stages), so this stays fast; the full-size
     * builds are PullFullSizeTest's and ResNetArchitectureTest's.
     */
    @Test
    void pullsTheFourCardIdsFromTheirRepos(@TempDir Path hubRoot) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String[][] cards = {
            {
                "resnext50_32x4d",
                "timm/resnext50_32x4d.ra_in1k",
                "resnext50_32x4d.tiny_test",
                "resnext50_32x4d",
                "apache-2.0"
            },
            {
                "resnext50d_32x4d",
                "timm/resnext50d_32x4d.bt_in1k",
                "resnext50d_32x4d.tiny_test",
                "resnext50d_32x4d",
                "apache-2.0"
            },
            {
                "tv_resnext50_32x4d",
                "timm/resnext50_32x4d.tv_in1k",
                "resnext50_32x4d.tiny_test",
                "resnext50_32x4d",
                "bsd-3-clause"
            },
            {
                "resnext101_32x8d",
                "timm/resnext101_32x8d.tv_in1k",
                "resnext50_32x4d.tiny_test",
                "resnext101_32x8d",
                "bsd-3-clause"
            },
        };
        for (String[] c : cards) {
            Path repo = java.nio.file.Files.createDirectories(hubRoot.resolve(c[1]));
            Path tiny = HUB.resolve("timm/" + c[2]);
            java.nio.file.Files.copy(
                    tiny.resolve("model.safetensors"), repo.resolve("model.safetensors"));
            var config =
                    (com.fasterxml.jackson.databind.node.ObjectNode)
                            json.readTree(tiny.resolve("config.json").toFile());
            config.put("architecture", c[3]);
            ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("pretrained_cfg"))
                    .put("license", c[4]);
            json.writeValue(repo.resolve("config.json").toFile(), config);
        }
        try (HubTestServer hub = new HubTestServer(hubRoot)) {
            CliRunner r =
                    CliRunner.run(
                            "pull",
                            "resnext50_32x4d",
                            "resnext50d_32x4d",
                            "tv_resnext50_32x4d",
                            "resnext101_32x8d",
                            "--endpoint",
                            hub.endpoint(),
                            "--out",
                            out.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Cli.OK);
            for (String[] c : cards) {
                Path file = out.resolve(c[0] + ".onnx");
                assertThat(r.out()).contains(file.toString());
                assertThat(r.err())
                        .contains("weights " + c[1] + " at commit")
                        .contains("licence " + c[4]);
                var meta = io.resnextexplorer.onnx.OnnxGraphReader.read(file).metadata();
                assertThat(meta.get("resnext_explorer.id")).isEqualTo(c[0]);
                assertThat(meta.get("resnext_explorer.card")).contains("huggingface.co/" + c[1]);
            }
        }
    }

    @Test
    void anUnsupportedModelSaysToUseTheExporter() {
        CliRunner r =
                CliRunner.run(
                        "pull",
                        "vit_small_patch16_224.augreg_in21k",
                        "--out",
                        out.toString(),
                        "--endpoint",
                        "http://127.0.0.1:9");
        assertThat(r.exitCode()).isEqualTo(Cli.UNUSABLE);
        assertThat(r.err()).contains("not supported").contains("use onnx-export");
    }

    @Test
    void someFailedGivesExitOne() throws Exception {
        try (HubTestServer hub = new HubTestServer(HUB)) {
            CliRunner r =
                    CliRunner.run(
                            "pull",
                            "resnet18.tiny_test",
                            "resnet34.a1_in1k",
                            "--endpoint",
                            hub.endpoint(),
                            "--out",
                            out.toString());
            assertThat(r.exitCode()).isEqualTo(Cli.SOME_FAILED);
            assertThat(r.err()).contains("not found on the Hub: timm/resnet34.a1_in1k");
        }
    }

    @Test
    void theEndpointComesFromTheOptionBeforeHfEndpoint() {
        assertThat(io.resnextexplorer.session.PullService.endpoint("http://mirror.example"))
                .isEqualTo("http://mirror.example");
        String env = System.getenv("HF_ENDPOINT");
        assertThat(io.resnextexplorer.session.PullService.endpoint(null))
                .isEqualTo(env != null && !env.isBlank() ? env : "https://huggingface.co");
    }
}
