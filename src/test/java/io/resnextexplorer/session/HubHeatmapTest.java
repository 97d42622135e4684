package io.resnextexplorer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.resnextexplorer.model.ActivationMap;
import io.resnextexplorer.model.Classification;
import io.resnextexplorer.model.ExecutionProvider;
import io.resnextexplorer.model.HeatmapMethod;
import io.resnextexplorer.service.ClassificationService;
import io.resnextexplorer.service.HeatmapService;
import io.resnextexplorer.service.LoadedModel;
import io.resnextexplorer.testing.HubTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model built in Java from Hub weights (pull) draws the same heatmaps as the Python export of the
 * same weights: the head and stages are found in the Java-written graph too.
 */
class HubHeatmapTest {
    @TempDir Path out;

    @ParameterizedTest
    @ValueSource(strings = {"resnext50_32x4d.tiny_test", "resnext50d_32x4d.tiny_test"})
    void pulledModelsCamEqualsThePythonExportsCam(String id) throws Exception {
        Path built;
        try (HubTestServer hub = new HubTestServer(PullServiceTest.FIXTURES.resolve("hub"))) {
            built =
                    new PullService("test")
                            .pull(id, hub.endpoint(), "main", out, p -> {}, () -> false)
                            .file();
        }
        Path python = PullServiceTest.FIXTURES.resolve("python/" + id + ".onnx");
        Path image = PullServiceTest.IMAGES.resolve("chelsea.png");
        ClassificationService service = new ClassificationService();
        HeatmapService heatmaps = new HeatmapService();
        try (LoadedModel a = service.load(built, ExecutionProvider.CPU);
                LoadedModel b = service.load(python, ExecutionProvider.CPU)) {
            assertThat(a.heatmap().available()).as(a.heatmap().reason()).isTrue();
            assertThat(a.heatmap().stages())
                    .containsExactly("stem", "layer1", "layer2", "layer3", "layer4");
            Classification ca = service.classify(a, image, 5, false);
            Classification cb = service.classify(b, image, 5, false);
            int cls = cb.top1().index();
            ActivationMap ma = heatmaps.map(a, ca, HeatmapMethod.CAM, cls);
            ActivationMap mb = heatmaps.map(b, cb, HeatmapMethod.CAM, cls);
            float[] sa = ma.scaled();
            float[] sb = mb.scaled();
            assertThat(sa).hasSameSizeAs(sb);
            for (int i = 0; i < sa.length; i++) {
                assertThat((double) sa[i])
                        .isCloseTo(sb[i], org.assertj.core.data.Offset.offset(1e-3));
            }
            assertThat(ma.preReluMean())
                    .isCloseTo(ma.expectedMean(), org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}
