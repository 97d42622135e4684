package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.testing.ExportedModels;
import io.resnextexplorer.testing.HubTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full-size card models with trained-like ("realistic") weights, served Hub-style: the Java-built
 * ONNX equals the Python exporter's and timm's pipeline. The fixtures (about 600 MB, a few minutes)
 * are made once per build under target/hub-fixtures by onnx-export/make_hub_fixtures.py --full.
 */
@Tag("python")
@Tag("slow")
class PullFullSizeTest {
    static final Path DIR = ExportedModels.projectRoot().resolve("target/hub-fixtures");

    @TempDir Path out;

    static synchronized Path fixtures() throws IOException {
        Path done = DIR.resolve("DONE");
        if (!Files.isRegularFile(done) || !Files.readString(done).startsWith("full")) {
            ExportedModels.run(
                    List.of(
                            ExportedModels.python(),
                            ExportedModels.projectRoot()
                                    .resolve("onnx-export/make_hub_fixtures.py")
                                    .toString(),
                            "--out",
                            DIR.toString(),
                            "--full"),
                    30);
        }
        return DIR;
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnext50_32x4d", "resnext50d_32x4d"})
    void aCardPulledFromTheHubEqualsThePythonExport(String card) throws Exception {
        Path dir = fixtures();
        try (HubTestServer hub = new HubTestServer(dir.resolve("hub"))) {
            PullService.Pulled p =
                    new PullService("test")
                            .pull(card, hub.endpoint(), "main", out, x -> {}, () -> false);
            assertThat(p.file()).isEqualTo(out.resolve(card + ".onnx"));
            assertThat(p.license()).isEqualTo("apache-2.0");
            HubImportComparison.compare(
                    p.file(),
                    dir.resolve("python/" + card + ".onnx"),
                    dir.resolve("expected/" + card + ".json"),
                    PullServiceTest.IMAGES);
        }
    }
}
