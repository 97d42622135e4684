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
