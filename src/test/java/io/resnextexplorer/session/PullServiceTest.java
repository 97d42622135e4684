package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resnextexplorer.model.PullProgress;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.HubTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pull use case end to end against a local Hub-shaped server, on the committed tiny fixtures
 * (onnx-export/make_hub_fixtures.py wrote them with timm's save_for_hf): a ResNeXt, its "d" variant
 * (deep stem, avg-pool shortcuts) and a BasicBlock ResNet.
 */
class PullServiceTest {
    static final Path FIXTURES =
            ExportedModels.projectRoot().resolve("src/test/resources/fixtures/hub");
    static final Path IMAGES =
            ExportedModels.projectRoot().resolve("src/test/resources/fixtures/images");

    @TempDir Path out;

    private final PullService service = new PullService("test");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "resnext50_32x4d.tiny_test",
                "resnext50d_32x4d.tiny_test",
                "resnet18.tiny_test"
            })
    void javaBuiltGraphEqualsThePythonExportAndTimmsPipeline(String id) throws Exception {
        List<PullProgress> steps = new ArrayList<>();
        try (HubTestServer hub = new HubTestServer(FIXTURES.resolve("hub"))) {
            PullService.Pulled p =
                    service.pull(id, hub.endpoint(), "main", out, steps::add, () -> false);
            assertThat(p.file()).isEqualTo(out.resolve(id + ".onnx")).isRegularFile();
            assertThat(p.commit()).isEqualTo(HubTestServer.COMMIT);
            assertThat(p.repo()).isEqualTo("timm/" + id);
            HubImportComparison.compare(
                    p.file(),
                    FIXTURES.resolve("python/" + id + ".onnx"),
                    FIXTURES.resolve("expected/" + id + ".json"),
                    IMAGES);
        }
        assertThat(steps)
                .extracting(PullProgress::step)
                .contains("config.json", "model.safetensors", "building", "checking", "done");
        // Nothing but the model is left behind.
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(Files::isRegularFile).toList())
                    .containsExactly(out.resolve(id + ".onnx"));
        }
    }

    @Test
    void recordsTheHubRepoCommitAndShaAsTheWeightsOrigin() throws Exception {
        try (HubTestServer hub = new HubTestServer(FIXTURES.resolve("hub"))) {
            PullService.Pulled p =
                    service.pull(
                            "resnet18.tiny_test",
                            hub.endpoint(),
                            "main",
                            out,
                            x -> {},
                            () -> false);
            var meta = io.resnextexplorer.onnx.OnnxGraphReader.read(p.file()).metadata();
            assertThat(meta.get("resnext_explorer.weights"))
                    .contains("\"hf_hub_id\":\"timm/resnet18.tiny_test\"")
                    .contains("\"commit\":\"" + HubTestServer.COMMIT + "\"")
                    .contains("\"license\":\"apache-2.0\"")
                    .contains("/resolve/" + HubTestServer.COMMIT + "/model.safetensors")
                    .contains("\"kind\":\"random-init\"");
        }
    }

    @Test
    void weightsWithoutTheFixtureMarkAreShownAsPretrainedWithRepoCommitAndLicence()
            throws Exception {
        // As on the real Hub: config.json has no resnext_explorer_weights key.
        Path root = out.resolve("hub");
        Path repo = Files.createDirectories(root.resolve("timm/resnet18.tiny_test"));
        Path src = FIXTURES.resolve("hub/timm/resnet18.tiny_test");
        Files.copy(src.resolve("model.safetensors"), repo.resolve("model.safetensors"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var config =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        json.readTree(src.resolve("config.json").toFile());
        config.remove("resnext_explorer_weights");
        json.writeValue(repo.resolve("config.json").toFile(), config);
        Path models = out.resolve("models");
        try (HubTestServer hub = new HubTestServer(root)) {
            PullService.Pulled p =
                    service.pull(
                            "resnet18.tiny_test",
                            hub.endpoint(),
                            "main",
                            models,
                            x -> {},
                            () -> false);
            try (LoadedModel m =
                    new ClassificationService()
                            .load(p.file(), io.resnextexplorer.model.ExecutionProvider.CPU)) {
                assertThat(m.info().weights().untrained()).isFalse();
                assertThat(m.info().weights().summary())
                        .isEqualTo("pretrained timm weights resnet18.tiny_test");
                assertThat(m.info().weights().detail())
                        .contains("hf-hub:timm/resnet18.tiny_test")
                        .contains("/resolve/" + HubTestServer.COMMIT + "/")
                        .contains("licence apache-2.0");
            }
        }
    }

    @Test
    void resumesAfterTheConnectionIsCutHalfway() throws Exception {
        long size =
                Files.size(
                        FIXTURES.resolve("hub/timm/resnext50d_32x4d.tiny_test/model.safetensors"));
        try (HubTestServer hub =
                new HubTestServer(FIXTURES.resolve("hub")).cutOnceAfter(size / 2)) {
            PullService.Pulled p =
                    service.pull(
                            "resnext50d_32x4d.tiny_test",
                            hub.endpoint(),
                            "main",
                            out,
                            x -> {},
                            () -> false);
            assertThat(hub.cuts()).isEqualTo(1);
            assertThat(hub.rangeRequests()).isEqualTo(1);
            HubImportComparison.compare(
                    p.file(),
                    FIXTURES.resolve("python/resnext50d_32x4d.tiny_test.onnx"),
                    FIXTURES.resolve("expected/resnext50d_32x4d.tiny_test.json"),
                    IMAGES);
        }
    }

    @Test
    void refusesWeightsWhoseChecksumDiffersAndKeepsNothing() throws Exception {
        try (HubTestServer hub = new HubTestServer(FIXTURES.resolve("hub")).advertiseWrongSha()) {
            assertThatThrownBy(
                            () ->
                                    service.pull(
                                            "resnet18.tiny_test",
                                            hub.endpoint(),
                                            "main",
                                            out,
                                            x -> {},
                                            () -> false))
                    .isInstanceOf(PullService.PullException.class)
                    .hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("deleted");
        }
        assertThat(out.resolve("resnet18.tiny_test.onnx")).doesNotExist();
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(
                            s.filter(
                                    p ->
                                            p.toString().endsWith(".safetensors")
                                                    || p.toString().endsWith(".part")))
                    .isEmpty();
        }
    }

    @Test
    void aBuiltFileThatGivesNonFiniteOutputsIsNotKept() throws Exception {
        Path root = out.resolve("hub");
        Path repo = Files.createDirectories(root.resolve("timm/resnet18.tiny_test"));
        Path src = FIXTURES.resolve("hub/timm/resnet18.tiny_test");
        Files.copy(src.resolve("config.json"), repo.resolve("config.json"));
        Path weights =
                Files.copy(src.resolve("model.safetensors"), repo.resolve("model.safetensors"));
        long at;
        try (io.resnextexplorer.hub.Safetensors st =
                io.resnextexplorer.hub.Safetensors.open(weights)) {
            long header =
                    Files.size(weights)
                            - st.tensors().values().stream()
                                    .mapToLong(io.resnextexplorer.hub.Safetensors.TensorInfo::end)
                                    .max()
                                    .orElseThrow();
            at = header + st.tensors().get("fc.bias").begin();
        }
        try (var f = new java.io.RandomAccessFile(weights.toFile(), "rw")) {
            f.seek(at);
            f.write(new byte[] {0, 0, (byte) 0xc0, 0x7f}); // float32 NaN, little-endian
        }
        Path models = out.resolve("models");
        try (HubTestServer hub = new HubTestServer(root)) {
            assertThatThrownBy(
                            () ->
                                    service.pull(
                                            "resnet18.tiny_test",
                                            hub.endpoint(),
                                            "main",
                                            models,
                                            x -> {},
                                            () -> false))
                    .hasMessageContaining("failed its check and was not kept")
                    .hasMessageContaining("non-finite");
        }
        try (Stream<Path> s = Files.walk(models)) {
            assertThat(
                            s.filter(
                                    p ->
                                            p.toString().endsWith(".onnx")
                                                    || p.toString().endsWith(".building")))
                    .isEmpty();
        }
    }

    @Test
    void aMissingRepoIsReportedAsNotFound() throws Exception {
        try (HubTestServer hub = new HubTestServer(FIXTURES.resolve("hub"))) {
            assertThatThrownBy(
                            () ->
                                    service.pull(
                                            "resnet50.a1_in1k",
                                            hub.endpoint(),
                                            "main",
                                            out,
                                            x -> {},
                                            () -> false))
                    .hasMessageContaining("not found on the Hub: timm/resnet50.a1_in1k/config.json")
                    .hasMessageContaining("Check the model name");
        }
    }

    @Test
    void anUnreachableHubSaysOffline() throws Exception {
        String closed;
        try (HubTestServer hub = new HubTestServer(FIXTURES.resolve("hub"))) {
            closed = hub.endpoint();
        }
        assertThatThrownBy(
                        () ->
                                service.pull(
                                        "resnet18.tiny_test",
                                        closed,
                                        "main",
                                        out,
                                        x -> {},
                                        () -> false))
                .hasMessageContaining("cannot reach 127.0.0.1")
                .hasMessageContaining("offline");
    }

    @Test
    void aRefusalIsExplained() throws Exception {
        try (HubTestServer hub = new HubTestServer(FIXTURES.resolve("hub")).status(401)) {
            assertThatThrownBy(
                            () ->
                                    service.pull(
                                            "resnet18.tiny_test",
                                            hub.endpoint(),
                                            "main",
                                            out,
                                            x -> {},
                                            () -> false))
                    .hasMessageContaining("refused")
                    .hasMessageContaining("401");
        }
    }

    @Test
    void otherArchitecturesAreSentToTheExporter() {
        assertThat(PullService.unsupportedReason("vit_base_patch16_224.augreg_in21k"))
                .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("not supported")
                .contains("onnx-export");
        assertThat(PullService.unsupportedReason("resnext50d_32x4d")).isEmpty();
        assertThat(PullService.unsupportedReason("resnet50d.a1_in1k")).isEmpty();
    }

    @Test
    void aCancelledPullKeepsThePartAndTheNextOneResumes() throws Exception {
        String id = "resnext50_32x4d.tiny_test";
        try (HubTestServer hub = new HubTestServer(FIXTURES.resolve("hub")).throttle(4096)) {
            List<PullProgress> seen = new ArrayList<>();
            assertThatThrownBy(
                            () ->
                                    service.pull(
                                            id,
                                            hub.endpoint(),
                                            "main",
                                            out,
                                            seen::add,
                                            () ->
                                                    seen.stream()
                                                            .anyMatch(
                                                                    p ->
                                                                            p.step()
                                                                                            .equals(
                                                                                                    "model.safetensors")
                                                                                    && p.done()
                                                                                            > 100_000)))
                    .isInstanceOfSatisfying(
                            PullService.PullException.class,
                            e -> assertThat(e.cancelled()).isTrue())
                    .hasMessageContaining("cancelled");
            try (Stream<Path> s = Files.walk(out)) {
                assertThat(s.filter(p -> p.toString().endsWith(".part"))).hasSize(1);
            }
            hub.throttle(0);
            PullService.Pulled p =
                    service.pull(id, hub.endpoint(), "main", out, x -> {}, () -> false);
            assertThat(hub.rangeRequests()).isEqualTo(1);
            HubImportComparison.compare(
                    p.file(),
                    FIXTURES.resolve("python/" + id + ".onnx"),
                    FIXTURES.resolve("expected/" + id + ".json"),
                    IMAGES);
        }
    }
}
